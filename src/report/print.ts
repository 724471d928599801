// Printing reports: Go's text format (so people and tools that read Go's reports read ours) or one JSON
// object per report.

import type { AccessReport, ContextReport, RaceReport } from './build.js';
import type { Frame } from './stack.js';

const SEPARATOR = '==================';

function frames(stack: Frame[]): string {
  if (stack.length === 0) return '  (stack unavailable)\n';
  return stack.map((f) => `  ${f.fn}()\n      ${f.file}:${f.line}:${f.column}\n`).join('');
}

function access(label: string, a: AccessReport, location: string): string {
  return `${label} at ${location} by async context ${a.context}:\n${frames(a.stack)}`;
}

function context(c: ContextReport): string {
  if (c.main) return `Async context ${c.id} (${c.state}) is the program's main flow.\n`;
  if (c.registered !== null) {
    const what = c.registered === 'reaction' ? 'a promise reaction' : 'a callback';
    if (c.byMain) return `Async context ${c.id} (${c.state}) is ${what}, registered by the program's main flow.\n`;
    return `Async context ${c.id} (${c.state}) is ${what}, registered by a flow that began at:\n${frames(c.createdAt)}`;
  }
  const how = c.representative ? ' (as an earlier call of the same function was)' : '';
  return `Async context ${c.id} (${c.state}) created at${how}:\n${frames(c.createdAt)}`;
}

export function formatText(r: RaceReport): string {
  const loc = r.createdAt ? `${r.location} (${r.origin} at ${r.createdAt})` : r.location;
  const parts = [
    access(r.current.op, r.current, loc),
    access(`Previous ${r.previous.op.toLowerCase()}`, r.previous, r.location),
  ];
  if (r.window) parts.push(access('Previous read', r.window, r.location));
  if (r.sleep) parts.push(`As if synchronized via sleep:\n${frames([r.sleep])}`);
  for (const c of r.contexts) parts.push(context(c));
  parts.push(`${r.explanation}\n`);
  return `${SEPARATOR}\nWARNING: DATA RACE\n${parts.join('\n')}${SEPARATOR}\n`;
}

export function formatJson(r: RaceReport): string {
  return JSON.stringify({ type: 'race', pid: process.pid, ...r }) + '\n';
}

export function formatSummary(count: number): string {
  return `Found ${count} data race(s)\n`;
}
