#!/usr/bin/env node
// The project's own race / no-race corpus: runs every case in cases/ plain and under the detector
// built in this checkout (`node --import <project>/dist/register.mjs case`), two at a time, and
// judges each like ../../../shared/corpus/run.mjs does (see judge.mjs for the verdicts).
//
// usage: node test/corpus/run.mjs [CASE_SUBSTRING]
//   CORPUS_TIMEOUT_MS  per-process timeout (default 30000)
//   CORPUS_WORK        scratch directory to use and keep (default: a fresh one under the temp dir, removed)
//   CORPUS_KEEP=1      keep the scratch directory afterwards
// Exits 0 when every selected case is ok, 1 otherwise, 2 when the detector is not built.
import fs from 'node:fs';
import { createPool, formatRow, judgeCase, listCases, prepareWorkdir, registerPath, removeWorkdir, summarize } from './judge.mjs';

const only = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? '';

if (!fs.existsSync(registerPath)) {
  console.error(`racedetect is not built: ${registerPath} is missing (run \`node build.mjs\`)`);
  process.exit(2);
}

const names = listCases(only);
if (names.length === 0) {
  console.error(`no case matches ${JSON.stringify(only)}`);
  process.exit(2);
}

const work = prepareWorkdir();
const pool = createPool(2);
const rows = new Array(names.length);
let printed = 0;
const flush = () => {
  while (printed < names.length && rows[printed]) console.log(formatRow(rows[printed++]));
};

try {
  await Promise.all(
    names.map((name, i) =>
      pool(() => judgeCase(name, { work })).then((row) => {
        rows[i] = row;
        flush();
      }),
    ),
  );
} finally {
  removeWorkdir(work);
}

const summary = summarize(rows);
console.log(summary.line);
process.exit(summary.allOk ? 0 : 1);
