// The YAML and Dockerfile checks against hostile input: the issue's examples (each in a fresh process,
// through the CLI, for its time and peak memory) and a large fuzz corpus through what the editor runs.
// Run: npm run bench -- fuzz            (20,000 inputs, a random seed)
//      node out/test/bench/fuzz.bench.js [inputs] [seed]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/validate';
import { SCHEMA_IDS } from '../../src/core/schema/names';
import { SchemaStore } from '../../src/core/schema/store';
import {
  aliasBomb,
  foreignYaml,
  fuzzCorpus,
  hugeKey,
  manyUnknownKeys,
  TFJOB,
  type FuzzInput,
} from '../fixtures/authoring/hostile';
import { fuzzBases } from '../unit/authoring/fuzz-bases';
import { fuzzOne } from '../unit/authoring/fuzz-run';
import { seedConfigYaml } from '../unit/authoring/seed';
import { mb, percentile } from './stats';

const repo = join(__dirname, '..', '..', '..');

const EXAMPLES: Record<string, () => string> = {
  'alias bomb, 8 levels': () => aliasBomb(8),
  'alias bomb, 9 levels': () => aliasBomb(9),
  'alias bomb, 10 levels': () => aliasBomb(10),
  'key of 10 KB': () => hugeKey(seedConfigYaml(), 10_000),
  'key of 100 KB': () => hugeKey(seedConfigYaml(), 100_000),
  'key of 10 MB': () => hugeKey(seedConfigYaml(), 10_000_000),
  '20,000 unknown top-level keys': () => manyUnknownKeys(seedConfigYaml(), 20_000),
  'unknown properties, 1.9 MB (under the 2 MB limit)': () =>
    seedConfigYaml().replace(
      'properties:\n',
      `properties:\n${Array.from({ length: 60_000 }, (_, i) => `    alluxio.unknown.prop${i}: x\n`).join('')}`,
    ),
  'unknown properties, 32 MB': () =>
    seedConfigYaml().replace(
      'properties:\n',
      `properties:\n${Array.from({ length: 1_000_000 }, (_, i) => `    alluxio.unknown.prop${i}: x\n`).join('')}`,
    ),
  'YAML of another tool, 1.9 MB': () => foreignYaml(1.9 * 2 ** 20),
  'YAML of another tool, 50 MB': () => foreignYaml(50 * 2 ** 20),
  'TFJob error in document 2': () => `${TFJOB}---\n${TFJOB.replace('replicas: 2', 'replica: 2')}`,
};

/** In a child: one example through the CLI; prints JSON {ms, peakBytes, rows, code}. */
function child(name: string): void {
  const store = new SchemaStore(join(repo, 'schemas'));
  for (const id of SCHEMA_IDS) store.validator(id);
  const dir = mkdtempSync(join(tmpdir(), 'alluxio-dl-fuzz-bench-'));
  try {
    const file = join(dir, 'config.yaml');
    // Warm up (module loading, first compilation) on the seed's file, as a running editor would be.
    writeFileSync(file, seedConfigYaml());
    run([file], { out: () => undefined, err: () => undefined }, store);
    const text = EXAMPLES[name]();
    writeFileSync(file, text);
    const bytes = Buffer.byteLength(text);
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const out: string[] = [];
    const code = run([file, '--json'], { out: (s) => out.push(s), err: () => undefined }, store);
    const ms = performance.now() - t0;
    const peak = process.resourceUsage().maxRSS * 1024 - rssBefore;
    const rows = (JSON.parse(out.join('\n')) as Array<{ code: string; message: string }>).length;
    process.stdout.write(JSON.stringify({ ms, peak, bytes, rows, code }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function examples(): void {
  console.log('issue examples, each in a fresh process through the CLI (alluxio-dl-validate --json):');
  for (const name of Object.keys(EXAMPLES)) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', __filename, '--example', name], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (r.status !== 0) {
      console.log(`  ${name}: FAILED (${r.signal ?? r.status}) ${r.stderr.slice(0, 300)}`);
      process.exitCode = 1;
      continue;
    }
    const x = JSON.parse(r.stdout) as { ms: number; peak: number; bytes: number; rows: number; code: number };
    const perMb = x.bytes >= 2 ** 20 ? `, ${(x.ms / (x.bytes / 2 ** 20)).toFixed(0)} ms/MB` : '';
    const ratio = x.bytes >= 2 ** 20 ? `, ${(x.peak / x.bytes).toFixed(1)}x the file` : '';
    console.log(
      `  ${name}: ${x.ms.toFixed(0)} ms${perMb}, peak memory +${mb(Math.max(0, x.peak))}${ratio}; ${mb(x.bytes)} file, ${x.rows} problem row(s), exit ${x.code}`,
    );
  }
}

function corpus(n: number, seed: number): void {
  const store = new SchemaStore(join(repo, 'schemas'));
  for (const id of SCHEMA_IDS) store.validator(id);
  const times: number[] = [];
  let slowest: { ms: number; input?: FuzzInput; i: number } = { ms: -1, i: -1 };
  let worstRatio = 0;
  let worstHeap = 0;
  let dockerfiles = 0;
  const failures: string[] = [];
  const started = performance.now();
  let i = 0;
  for (const input of fuzzCorpus(fuzzBases(), n, seed)) {
    let r;
    try {
      r = fuzzOne(input, store, (i * 7919) % (input.text.length + 1));
    } catch (err) {
      failures.push(`input #${i} from ${input.base}: ${(err as Error).message}`);
      i++;
      continue;
    }
    times.push(r.ms);
    if (input.dockerfile) dockerfiles++;
    if (r.ms > slowest.ms) slowest = { ms: r.ms, input, i };
    worstHeap = Math.max(worstHeap, r.heapGrowth);
    if (input.text.length >= 64 * 1024) worstRatio = Math.max(worstRatio, r.heapGrowth / input.text.length);
    i++;
  }
  const total = (performance.now() - started) / 1000;
  console.log(
    `\nfuzz corpus (seed ${seed}; rerun: node out/test/bench/fuzz.bench.js ${n} ${seed}), diagnostics + completion + hover as in the editor:`,
  );
  console.log(`  inputs fuzzed: ${n} (${n - dockerfiles} YAML, ${dockerfiles} Dockerfiles) in ${total.toFixed(1)} s`);
  console.log(
    `  time per input: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, max ${slowest.ms.toFixed(1)} ms`,
  );
  if (slowest.input)
    console.log(
      `  slowest input: #${slowest.i} from ${slowest.input.base}, ${slowest.input.text.length} characters, starting ${JSON.stringify(slowest.input.text.slice(0, 60))}`,
    );
  console.log(
    `  heap grown while analysing one input (not collected, an upper bound): max ${mb(worstHeap)}; for inputs of 64 KB or more, at most ${worstRatio.toFixed(1)}x the input`,
  );
  console.log(`  goal: p99 < 200 ms -> ${percentile(times, 99) < 200 ? 'met' : 'NOT met'}`);
  console.log(`  failed invariants: ${failures.length}${failures.length ? ` (seed ${seed})` : ''}`);
  for (const f of failures.slice(0, 20)) console.log(`    ${f}`);
  if (failures.length) process.exitCode = 1;
}

if (process.argv[2] === '--example') child(process.argv[3]);
else {
  const n = Number(process.argv[2] ?? 20_000);
  const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
  examples();
  corpus(n, seed);
}
