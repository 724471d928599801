// The picture of each race (html=FILE, `racedetect --html FILE`): one self-contained HTML file, inline
// CSS and inline SVG, no script, nothing fetched. Per race: a timeline with one lane per async context
// involved, its segments as boxes on a common time axis, the racing accesses marked, the
// happens-before edges the trace recorded among those lanes as grey arrows, and the edge whose absence
// is the race as a dashed red one; then the source lines of the accesses, read when the file is written.
//
// Elements carry classes and data-* attributes (lane, segment, access, hb-edge, missing-edge) that the
// browser test queries.

import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { RaceReport } from './build.js';
import { formatText } from './print.js';
import type { AccessRole, Timeline, TimelineAccess } from './timeline.js';
import { SafeMap, SafeSet } from '../runtime/primordials.js';

export interface HtmlEntry {
  report: RaceReport;
  timeline: Timeline | null;
  /** The process that found the race. */
  pid: number;
}

const KIND_TITLES: Record<string, string> = { 'lost-update': 'Lost update', timing: 'Timing-dependent read', strict: 'Unordered accesses' };

const EDGE_TITLES: Record<string, string> = {
  fork: 'calls the async function',
  return: 'the async function returns or first suspends: its caller goes on',
  settle: 'settles the promise awaited or reacted to',
  then: 'calls then(): the reaction runs after',
  schedule: 'schedules the callback',
  repeat: 'the previous callback of the same source (interval, socket, emitter)',
  resume: 'resumes the flow',
};

const ROLE_NAMES: Record<AccessRole, string> = { current: 'this access', previous: 'the previous access', window: 'the read before the await' };

function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function ms(t: number, step = 1): string {
  const decimals = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
  return `${t.toFixed(decimals)} ms`;
}

/** A tick step of 1, 2 or 5 times a power of ten giving about `count` ticks over `span`. */
function tickStep(span: number, count: number): number {
  const raw = span / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5]) if (m * p >= raw) return m * p;
  return 10 * p;
}

// Layout, in SVG user units (pixels at 100%).
const WIDTH = 1100;
const PLOT_X0 = 260;
const PLOT_X1 = WIDTH - 30;
const TOP = 44;
const LANE_H = 60;
const BOX_H = 20;

function svgOf(t: Timeline, n: number): string {
  const pad = Math.max(t.end - t.start, 0.05) * 0.04;
  const start = t.start - pad;
  const end = t.end + pad;
  const x = (v: number): number => PLOT_X0 + ((Math.min(Math.max(v, start), end) - start) / (end - start)) * (PLOT_X1 - PLOT_X0);
  const mid = (lane: number): number => TOP + lane * LANE_H + LANE_H / 2;
  const height = TOP + t.lanes.length * LANE_H + 12;
  const out: string[] = [];
  out.push(`<svg class="timeline" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Timeline of race ${n}">`);
  out.push(
    `<defs><marker id="hb-${n}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#6b7280"/></marker>` +
      `<marker id="missing-${n}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#dc2626"/></marker></defs>`,
  );
  // Time axis: ticks in milliseconds since the process started.
  const step = tickStep(end - start, 6);
  out.push('<g class="axis">');
  out.push(`<line x1="${PLOT_X0}" y1="${TOP - 10}" x2="${PLOT_X1}" y2="${TOP - 10}" class="axis-line"/>`);
  for (let v = Math.ceil(start / step) * step; v <= end; v += step) {
    const px = x(v).toFixed(1);
    out.push(`<g class="tick" data-ms="${+v.toFixed(6)}"><line x1="${px}" y1="${TOP - 14}" x2="${px}" y2="${height - 8}"/><text x="${px}" y="${TOP - 20}">${esc(ms(v, step))}</text></g>`);
  }
  out.push('</g>');
  // Lanes and their segments.
  t.lanes.forEach((lane, i) => {
    const y = TOP + i * LANE_H;
    const cls = `lane${lane.racing ? ' racing' : ''}${lane.main ? ' main' : ''}`;
    out.push(`<g class="${cls}" data-lane="${i}" data-context="${lane.id}">`);
    out.push(`<rect class="lane-bg" x="0" y="${y + 2}" width="${WIDTH}" height="${LANE_H - 4}"/>`);
    out.push(`<text class="lane-label" x="10" y="${mid(i) - 3}">${esc(lane.label)}</text>`);
    out.push(`<text class="lane-detail" x="10" y="${mid(i) + 14}">${esc(lane.detail)}</text>`);
    out.push(`<line class="lane-axis" x1="${PLOT_X0}" y1="${mid(i)}" x2="${PLOT_X1}" y2="${mid(i)}"/>`);
    for (const s of lane.spans) {
      const x0 = x(s.start);
      const w = Math.max(x(s.end) - x0, 4);
      out.push(
        `<rect class="segment" data-lane="${i}" data-seg="${s.seg}" x="${x0.toFixed(1)}" y="${mid(i) - BOX_H / 2}" width="${w.toFixed(1)}" height="${BOX_H}" rx="2">` +
          `<title>${esc(`${lane.label}, segment ${s.seg}: ${ms(s.start, 0.01)} to ${ms(s.end, 0.01)}`)}</title></rect>`,
      );
    }
    out.push('</g>');
  });
  // Happens-before edges, from the releasing instant to the acquiring one.
  const laneName = (i: number): string => t.lanes[i]?.label ?? '?';
  for (const e of t.edges) {
    const x1 = x(e.from.at);
    const x2 = x(e.to.at);
    const down = e.to.lane > e.from.lane;
    const y1 = mid(e.from.lane) + (down ? BOX_H / 2 : -BOX_H / 2);
    const y2 = mid(e.to.lane) + (down ? -BOX_H / 2 : BOX_H / 2);
    const ym = (y1 + y2) / 2;
    out.push(
      `<path class="hb-edge" data-kind="${e.kind}" data-from-lane="${e.from.lane}" data-to-lane="${e.to.lane}" d="M${x1.toFixed(1)},${y1}C${x1.toFixed(1)},${ym} ${x2.toFixed(1)},${ym} ${x2.toFixed(1)},${y2}" marker-end="url(#hb-${n})">` +
        `<title>${esc(`happens-before: ${laneName(e.from.lane)} ${EDGE_TITLES[e.kind] ?? e.kind}, then ${laneName(e.to.lane)} runs (${ms(e.from.at, 0.01)} to ${ms(e.to.at, 0.01)})`)}</title></path>`,
    );
  }
  // The accesses: racing ones labelled above their lane's axis, the window's read below.
  const where = (a: TimelineAccess): { px: number; py: number } => ({ px: x(a.at), py: mid(a.lane) });
  for (const a of t.accesses) {
    const { px, py } = where(a);
    const racing = a.role !== 'window';
    const ly = racing ? py - BOX_H / 2 - 6 : py + BOX_H / 2 + 15;
    out.push(
      `<g class="access${racing ? ' racing' : ' window'}" data-role="${a.role}" data-op="${a.op}" data-lane="${a.lane}">` +
        `<line x1="${px.toFixed(1)}" y1="${py - BOX_H / 2 - 3}" x2="${px.toFixed(1)}" y2="${py + BOX_H / 2 + 3}"/>` +
        `<circle cx="${px.toFixed(1)}" cy="${py}" r="6"/>` +
        `<text x="${(px + 8).toFixed(1)}" y="${ly}">${a.op}</text>` +
        `<title>${esc(`${a.op} (${ROLE_NAMES[a.role]}) at ${a.file}:${a.line}:${a.column}, ${ms(a.at, 0.01)}`)}</title></g>`,
    );
  }
  // The missing edge, between the two accesses it would have ordered.
  const from = t.accesses.find((a) => a.role === t.missing.from);
  const to = t.accesses.find((a) => a.role === t.missing.to);
  if (from && to) {
    const p = where(from);
    const q = where(to);
    // Bow sideways, so that the edge stays visible however close in time the two accesses are.
    const cx = (p.px + q.px) / 2 + (Math.abs(q.px - p.px) < 80 ? 70 : 0);
    const cy = (p.py + q.py) / 2 - (Math.abs(q.px - p.px) < 80 ? 0 : 30);
    out.push(
      `<path class="missing-edge" data-from="${t.missing.from}" data-to="${t.missing.to}" d="M${p.px.toFixed(1)},${p.py}Q${cx.toFixed(1)},${cy} ${q.px.toFixed(1)},${q.py}" marker-end="url(#missing-${n})">` +
        `<title>${esc(t.missing.text)}</title></path>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Lines of source files, read once each. */
class SourceReader {
  private readonly files = new SafeMap<string, string[] | null>();

  lines(source: string, display: string): string[] | null {
    const key = source || display;
    let lines = this.files.get(key);
    if (lines === undefined) {
      lines = null;
      for (const p of [source, path.resolve(display)]) {
        if (!p) continue;
        try {
          lines = fs.readFileSync(p, 'utf8').split(/\r?\n/);
          break;
        } catch {
          /* try the next, or show none */
        }
      }
      this.files.set(key, lines);
    }
    return lines;
  }
}

function sourceBlock(a: TimelineAccess, lane: string, reader: SourceReader): string {
  const head = `<div class="where">${esc(a.op)} by ${esc(lane)} (${esc(ROLE_NAMES[a.role])}) at <code>${esc(`${a.file}:${a.line}:${a.column}`)}</code>${a.fn ? ` in <code>${esc(a.fn)}()</code>` : ''}</div>`;
  const lines = reader.lines(a.source, a.file);
  let body: string;
  if (lines === null || a.line < 1 || a.line > lines.length) body = '<pre class="code unavailable">(source not available)</pre>';
  else {
    const rows: string[] = [];
    for (let ln = Math.max(1, a.line - 1); ln <= Math.min(lines.length, a.line + 1); ln++) {
      const hit = ln === a.line;
      rows.push(`<span class="${hit ? 'line hit' : 'line'}" data-line="${ln}"><span class="ln">${ln}</span>${esc(lines[ln - 1])}</span>`);
    }
    // Each line is a block of its own: no newline between them, or the page shows every other line empty.
    body = `<pre class="code">${rows.join('')}</pre>`;
  }
  return `<div class="source" data-role="${a.role}" data-op="${a.op}">${head}${body}</div>`;
}

function raceSection(e: HtmlEntry, n: number, total: number, reader: SourceReader): string {
  const r = e.report;
  const at = r.current.stack[0];
  const title = `${KIND_TITLES[r.kind] ?? r.kind} on ${r.location}`;
  const out: string[] = [];
  out.push(`<section class="race" id="race-${n}" data-kind="${r.kind}" data-lanes="${e.timeline?.lanes.length ?? 0}">`);
  out.push(`<h2>Race ${n} of ${total}: ${esc(title)}</h2>`);
  out.push(`<p class="meta">${at ? `at <code>${esc(`${at.file}:${at.line}:${at.column}`)}</code>, ` : ''}found by process ${e.pid}</p>`);
  out.push(`<p class="explanation">${esc(r.explanation)}</p>`);
  const t = e.timeline;
  if (t === null) out.push('<p class="no-timeline">No timeline: the trace held nothing for these contexts.</p>');
  else {
    out.push(`<div class="figure">${svgOf(t, n)}</div>`);
    out.push(
      `<p class="legend"><span class="key missing-key"></span><span class="missing-text">${esc(t.missing.text)}</span><br>` +
        '<span class="key hb-key"></span>happens-before edges recorded among these contexts (hover an edge, a box or a marker for details); ' +
        'boxes are segments, the synchronous stretches of a flow between awaits, in milliseconds since the process started.</p>',
    );
    out.push('<div class="sources">');
    for (const a of t.accesses) out.push(sourceBlock(a, t.lanes[a.lane]?.label ?? '?', reader));
    out.push('</div>');
  }
  out.push(`<details><summary>Text report</summary><pre class="text-report">${esc(formatText(r))}</pre></details>`);
  out.push('</section>');
  return out.join('\n');
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; margin: 24px; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 4px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
.race { border-top: 1px solid #e5e7eb; padding: 16px 0 20px; }
.meta { color: #4b5563; margin: 0 0 6px; }
.explanation { max-width: 1100px; margin: 0 0 10px; }
.figure { overflow-x: auto; }
svg.timeline { display: block; font: 12px system-ui, sans-serif; }
.axis-line { stroke: #9ca3af; }
.tick line { stroke: #e5e7eb; }
.tick text { fill: #4b5563; text-anchor: middle; font-size: 11px; }
.lane-bg { fill: #f9fafb; }
.lane.racing .lane-bg { fill: #eff6ff; }
.lane-label { font-weight: 600; fill: #111827; }
.lane-detail { fill: #6b7280; font-size: 11px; }
.lane-axis { stroke: #d1d5db; stroke-dasharray: 2 3; }
.segment { fill: #9ca3af; stroke: #4b5563; stroke-width: 0.6; }
.lane.racing .segment { fill: #60a5fa; stroke: #1d4ed8; }
.hb-edge { fill: none; stroke: #6b7280; stroke-width: 1.4; }
.access line { stroke: #111827; stroke-width: 2; }
.access circle { fill: #111827; stroke: #fff; stroke-width: 1.5; }
.access.window circle { fill: #fff; stroke: #111827; stroke-width: 2; }
.access text { font-weight: 700; fill: #111827; }
.missing-edge { fill: none; stroke: #dc2626; stroke-width: 2.5; stroke-dasharray: 7 4; }
.legend { color: #374151; margin: 6px 0 10px; }
.missing-text { color: #b91c1c; font-weight: 600; }
.key { display: inline-block; width: 34px; height: 0; margin: 0 8px 4px 0; vertical-align: middle; }
.missing-key { border-top: 3px dashed #dc2626; }
.hb-key { border-top: 2px solid #6b7280; }
.sources { display: grid; gap: 8px; max-width: 1100px; }
.source .where { color: #374151; margin-bottom: 2px; }
pre.code { margin: 0; padding: 6px 0; background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 4px; overflow-x: auto; }
pre.code .line { display: block; padding: 0 8px; white-space: pre; }
pre.code .hit { background: #fef3c7; }
pre.code .ln { display: inline-block; min-width: 3em; color: #9ca3af; user-select: none; }
details { margin-top: 10px; }
pre.text-report { background: #f9fafb; padding: 8px; overflow-x: auto; }
`;

/** The whole page for `entries` (no races: a page that says so). */
export function renderHtml(entries: readonly HtmlEntry[]): string {
  const reader = new SourceReader();
  const body =
    entries.length === 0
      ? '<p class="none">No data races found.</p>'
      : entries.map((e, i) => raceSection(e, i + 1, entries.length, reader)).join('\n');
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<title>racedetect: ${entries.length} data race(s)</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<h1>racedetect: ${entries.length} data race(s)</h1>\n` +
    '<p class="meta">Each lane is one async context; grey arrows are the happens-before edges that exist, the dashed red arrow the one that would have prevented the race.</p>\n' +
    `${body}\n</body>\n</html>\n`
  );
}

/**
 * Writes the page to `file`, created with mode 0600 (reports show the program's code and data), in
 * place of whatever was there: written beside it and renamed, so a reader never sees half a page.
 */
export function writeHtmlReport(file: string, entries: readonly HtmlEntry[]): void {
  const text = renderHtml(entries);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${threadId}.tmp`);
  fs.rmSync(tmp, { force: true });
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Under the CLI: the distinct races the processes left in the run directory (report/sink.ts), with
 * their timelines, in the order the CLI printed them (`printed`, their keys). The files are named by
 * process id, which says nothing of order: ids wrap around (at 32768 on many Linux systems).
 */
export function racesInRunDir(dir: string, printed: readonly string[] = []): HtmlEntry[] {
  const out: HtmlEntry[] = [];
  const keys: string[] = [];
  const seen = new SafeSet<string>();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.ndjson')).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: { key?: string; report?: RaceReport & { pid?: number }; timeline?: Timeline | null };
      try {
        line = JSON.parse(raw);
      } catch {
        continue;
      }
      if (!line.key || !line.report || seen.has(line.key)) continue;
      seen.add(line.key);
      const { pid = 0, ...report } = line.report;
      delete (report as { type?: string }).type;
      out.push({ report: report as RaceReport, timeline: line.timeline ?? null, pid });
      keys.push(line.key);
    }
  }
  // Races the CLI did not print (none, normally) go last, in file order.
  const position = new SafeMap(printed.map((k, i) => [k, i]));
  const rank = (k: string): number => position.get(k) ?? printed.length;
  const order = out.map((_, i) => i).sort((a, b) => rank(keys[a]) - rank(keys[b]) || a - b);
  return order.map((i) => out[i]);
}
