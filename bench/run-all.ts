import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BenchResult, RESULTS_DIR, machine } from './lib';

/** `npm run bench`: every benchmark in its own process, then one table (markdown and JSON) with the machine. */
const BENCHES = ['mappers', 'webhooks', 'sync', 'push'];

const results: BenchResult[] = [];
const failures: string[] = [];
for (const name of BENCHES) {
  console.log(`\n=== bench: ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, `${name}.bench.ts`)], {
    stdio: 'inherit',
    env: process.env,
  });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  if (run.status === 0 && existsSync(file))
    results.push(JSON.parse(readFileSync(file, 'utf8')) as BenchResult);
  else failures.push(`${name} (exit ${run.status})`);
}

const m = machine();
const lines = [
  '# Channel Hub benchmarks',
  '',
  `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}. Run at ${new Date().toISOString()}.`,
  '',
  '| benchmark | metric | value | unit | target | met |',
  '|---|---|---:|---|---|---|',
  ...results.flatMap((r) =>
    r.figures.map(
      (f) =>
        `| ${r.name} | ${f.metric} | ${f.value} | ${f.unit} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : 'no'} |`,
    ),
  ),
  '',
  ...results.flatMap((r) => r.notes.map((n) => `- ${r.name}: ${n}`)),
  ...(failures.length ? ['', `Failed: ${failures.join(', ')}`] : []),
];
writeFileSync(path.join(RESULTS_DIR, 'summary.md'), `${lines.join('\n')}\n`);
writeFileSync(
  path.join(RESULTS_DIR, 'summary.json'),
  JSON.stringify({ machine: m, results, failures }, null, 2),
);
console.log(`\n${lines.join('\n')}\n\nwritten: bench/results/summary.md, bench/results/summary.json`);
process.exit(failures.length ? 1 : 0);
