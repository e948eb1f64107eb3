/**
 * Cached percentage of a folder of 10,000 files, from the moment the answer arrives: the answer is
 * built from the captured `alluxio fs ls -R` and `alluxio fs du` lines of a real Alluxio 2.9.6
 * (test/fixtures/data/alluxio-2.9.6), one line per file with varied names, sizes and percentages,
 * 100 files per folder. Figures: parse + sum time (first run, then median and p95 of 30 runs) for
 * ls -R (per-file %), du (exact bytes), and the JSON listing of WebHDFS (sizes only), and the answer
 * sizes. The issue's goal: under 1 s.
 *
 * Then the explorer's data nodes through the real DataLoader and tree: the time from expanding an
 * Alluxio release to its Capacity, Workers and Mount points showing numbers, and the port-forwards
 * and execs the view makes per minute while visible (the default 15 s refresh, the release, Capacity
 * and Files expanded) and while hidden. Against a running sandbox when DATA_BENCH_SANDBOX names its
 * sandbox.json (`node out/test/sandbox/cli.js --preload` with the data plane), else against a local
 * server answering the captured Alluxio 2.9.6 REST answers through an in-memory port-forward (then the
 * figure is our side only: forward, request, parse, tree). DATA_BENCH_MINUTES (default 1) sets each
 * window.
 * Run: npm run bench -- data   (DATA_BENCH_FILES changes the file count)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDu, parseLs } from '../../src/core/data/alluxio-listing';
import { cacheStateOf, filesFromDu, filesFromLs, formatPercent } from '../../src/core/data/cache-state';
import { parseListStatus } from '../../src/core/data/hdfs-rest';
import { mb, percentile } from './stats';
import { benchDataView } from './data-view';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data');
const FILES = Number(process.env.DATA_BENCH_FILES ?? 10_000);
const ROUNDS = 30;

function fixtureLine(file: string, match: RegExp): string {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const line = text.split('\n').find((l) => match.test(l));
  if (!line) throw new Error(`no line matching ${match} in ${file}`);
  return line;
}

/** A deterministic pseudo-random sequence, so every run measures the same answer. */
function* numbers(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x;
  }
}

function lsAnswer(n: number): string {
  // "-rw-r--r--  root  root  9912422  PERSISTED 12-02-2026 08:09:02:028 100% /data/MNIST/raw/train-images…"
  const template = fixtureLine('alluxio-2.9.6/ls-R.loaded.txt', /100% \/data\/MNIST\/raw\/train-images/);
  const [, head, , date] = /^(-\S+\s+\S+\s+\S+\s+)(\d+)(\s+PERSISTED \S+ \S+)/.exec(template) ?? [];
  if (!head) throw new Error('unexpected ls line');
  const rnd = numbers(42);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 100 === 0)
      lines.push(`drwxr-xr-x  root  root  100  PERSISTED 12-02-2026 08:09:02:164  DIR /data/set/part-${i / 100}`);
    const size = (rnd.next().value as number) % 50_000_000;
    const pct = [0, 40, 100, 100][Math.floor((rnd.next().value as number) / 65536) % 4];
    lines.push(
      `${head}${String(size).padStart(9)}${date} ${String(pct).padStart(3)}% /data/set/part-${Math.floor(i / 100)}/f-${i}.bin`,
    );
  }
  return lines.join('\n');
}

function duAnswer(n: number): string {
  fixtureLine('alluxio-2.9.6/du-files.loaded.txt', /^\d+\s+\d+ \(100%\)/);
  const rnd = numbers(7);
  const lines = ['File Size     In Alluxio       Path'];
  for (let i = 0; i < n; i++) {
    const size = (rnd.next().value as number) % 50_000_000;
    const pct = [0, 40, 100, 100][Math.floor((rnd.next().value as number) / 65536) % 4];
    const cached = Math.floor((size * pct) / 100);
    lines.push(`${String(size).padEnd(14)}${`${cached} (${pct}%)`.padEnd(17)}/data/set/f-${i}.bin`);
  }
  return lines.join('\n');
}

function listStatusAnswer(n: number): string {
  const real = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'hadoop-3.3.6/webhdfs.LISTSTATUS.raw.json'), 'utf8'));
  const one = real.FileStatuses.FileStatus[0];
  const all = Array.from({ length: n }, (_, i) => ({
    ...one,
    pathSuffix: `f-${i}.bin`,
    length: i * 1000,
    fileId: 20000 + i,
  }));
  return JSON.stringify({ FileStatuses: { FileStatus: all } });
}

function measure(label: string, answer: string, run: () => string): void {
  const t0 = performance.now();
  const first = run();
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    run();
    times.push(performance.now() - s);
  }
  console.log(
    `${label.padEnd(34)} answer ${mb(Buffer.byteLength(answer))}  first ${firstMs.toFixed(1)} ms  ` +
      `median ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  → ${first}`,
  );
  if (firstMs > 1000) {
    console.log(`  over the 1 s goal`);
    process.exitCode = 1;
  }
}

function main(): void {
  console.log(`cached % of a folder of ${FILES.toLocaleString('en')} files (Node ${process.version})`);
  const ls = lsAnswer(FILES);
  measure(`ls -R (per-file %), ${FILES} files`, ls, () => {
    const s = cacheStateOf('/data/set', filesFromLs(parseLs(ls).entries));
    if (s.files !== FILES) throw new Error(`counted ${s.files} files`);
    return `${formatPercent(s.cachedPercentage)} of ${mb(s.total ?? 0)}`;
  });
  const du = duAnswer(FILES);
  measure(`du (exact bytes), ${FILES} files`, du, () => {
    const s = cacheStateOf('/data/set', filesFromDu(parseDu(du).entries));
    if (s.files !== FILES) throw new Error(`counted ${s.files} files`);
    return `${formatPercent(s.cachedPercentage)} of ${mb(s.total ?? 0)}`;
  });
  const list = listStatusAnswer(FILES);
  measure(`WebHDFS LISTSTATUS, ${FILES} files`, list, () => `${parseListStatus(list).length} entries`);
}

main();
benchDataView().catch((e) => {
  console.error(`data view bench failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
