// How many runs it takes to see each racy sample misbehave: without guidance (`schedule=random` under
// seeds 1..N, counting runs whose exit code or output differs from the plain run's) and with it
// (`racedetect --confirm`: the steered run that confirmed each race).
//
//   node build.mjs && node bench/exploration.mjs [MAX_SEEDS]     (default 30 seeds per sample)
//
// Prints a markdown table. The samples print one deterministic line plain, so any other line, or
// another exit code, is the race showing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.mjs');
const maxSeeds = Number(process.argv[2]) || 30;
const samples = ['ws-handler-test.mjs', 'parallel-cache-fill.mjs', 'dashboard-clients.mjs', 'job-table-two-locks.mjs', 'invoice-service.ts'];
const env = { ...process.env, NO_COLOR: '1' };
delete env.RACEDETECT_OPTIONS;
delete env.NODE_OPTIONS;

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rows = [];
for (const name of samples) {
  const file = `samples/${name}`;
  // The TypeScript sample runs through the loader even "plain": Node 20 cannot run it alone.
  const plain = name.endsWith('.ts') ? run(['--import', path.join(root, 'dist', 'register.mjs'), file]) : run([file]);
  const expected = plain.stdout;
  const expectedCode = plain.code === 66 ? 0 : plain.code;

  // Without guidance: seeds 1..maxSeeds, each run compared with the plain one (races themselves exit
  // 66, which the comparison leaves out). The first misbehaving seed is how many runs `--explore`
  // needs when it meets the seeds in this order; the share of seeds is what to expect of fresh ones.
  let first = null;
  let misbehaved = 0;
  for (let seed = 1; seed <= maxSeeds; seed++) {
    const r = run([cli, '--schedule=random', `--seed=${seed}`, '--', 'node', file]);
    const code = r.code === 66 ? 0 : r.code;
    if (code !== expectedCode || r.stdout !== expected) {
      misbehaved++;
      first ??= seed;
    }
  }
  const unguided = misbehaved === 0 ? null : `${misbehaved} of ${maxSeeds} seeds (first: run ${first})`;

  // With guidance: the verdict of each race.
  const c = run([cli, '--confirm', '--', 'node', file]);
  const verdicts = [...c.stderr.matchAll(/^ {2}(confirmed: .*|not confirmed.*)$/gm)].map((m) => m[1]);
  const steered = verdicts.map((v) => {
    const m = /steered run (\d+)\)/.exec(v);
    if (m) return `steered run ${m[1]}`;
    if (v.startsWith('confirmed: the update was lost in the run that found it')) return 'the finding run itself';
    return 'not confirmed';
  });
  rows.push({ name, unguided: unguided ?? `none of ${maxSeeds} seeds`, races: verdicts.length, steered: steered.join(', ') });
}

console.log('| sample | misbehaved unguided (`schedule=random`, seeds 1..N) | races | confirmed by (`--confirm`) |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| \`${r.name}\` | ${r.unguided} | ${r.races} | ${r.steered} |`);
