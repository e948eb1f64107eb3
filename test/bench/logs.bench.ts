/**
 * Follow Logs against the sandbox (KWOK serving a real CRI log file through a real kube-apiserver):
 *  1. memory growth over 1,000,000 lines (first, on a fresh heap);
 *  2. throughput of one job followed end to end (lines/s into the channel sink: watch, stream,
 *     de-dup, parse, prefix, batch, ring) next to `kubectl logs -f` and `kubectl logs -f --timestamps`
 *     on the same pod, in interleaved rounds of one run; the issue's target is plain `kubectl logs -f`;
 *  3. latency from a line appended to the file to the line flushed to the sink, at 100 lines/s;
 *  4. the follower alone in process (no cluster): its CPU per line.
 * Run alone with Node 24: `node out/test/bench/logs.bench.js` (or `npm run bench -- logs`);
 * LOGS_BENCH_ONLY=pipeline,throughput,latency,memory picks parts (pipeline: the follower alone, in
 * process, no sandbox), LOGS_BENCH_LINES / _ROUNDS / _LAT_LINES / _MEM_LINES / _PIPELINE_LINES sizes,
 * LOGS_BENCH_CHILD_FLAGS node flags for the memory part's child process (e.g. --trace-gc-nvp).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { BoundedLogOutput, DEFAULT_LOG_OUTPUT } from '../../src/core/log-pipeline/log-output';
import { ProgressParser } from '../../src/core/log-pipeline/progress';
import { loadKubeModule } from '../../src/k8s/load';
import { JobFollower } from '../../src/follow/job-follower';
import { namespacePods } from '../../src/follow/pod-source';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { apiserverLog, pipelineRate } from './logs-pipeline';
import { mb, percentile } from './stats';
import { kwokTrainingPod } from '../fixtures/kwok-training-pod';
import { waitFor } from '../support/wait';

const REPO = path.resolve(__dirname, '..', '..', '..');
const NS = 'default';
const quiet = { info: () => undefined, warn: (m: string) => console.error(`watch: ${m}`) };

function kubectl(sb: Sandbox, args: string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(sb.kubectl, args, { env: sb.env });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')}: ${err}`))));
    p.stdin.end(stdin ?? '');
  });
}

async function createPod(sb: Sandbox, name: string): Promise<string> {
  const file = path.join(sb.dir, 'pod-logs', `bench_${name}.log`);
  fs.writeFileSync(file, '');
  const list = kwokTrainingPod({ job: name, name, namespace: NS, logsFile: file });
  await kubectl(sb, ['apply', '-f', '-'], JSON.stringify(list));
  await kubectl(sb, ['wait', '--for=condition=Ready', `pod/${name}`, '-n', NS, '--timeout=60s']);
  return file;
}

/**
 * Writes n CRI lines (mnist-like, with seq) in big appends, each with its own nanosecond timestamp
 * as a container runtime writes them (a fast writer: 100 lines per millisecond).
 */
function writeLines(file: string, n: number, from = 0): void {
  const CHUNK = 50_000;
  const start = Date.now();
  for (let i = 0; i < n; i += CHUNK) {
    let s = '';
    for (let j = i; j < Math.min(n, i + CHUNK); j++) {
      const t = `${new Date(start + Math.floor(j / 100)).toISOString().slice(0, 23)}${String((j % 100) * 1000 + 1).padStart(6, '0')}Z`;
      s += `${t} stdout F Train Epoch: 3 [${j % 60000}/60000 (${j % 100}%)]\tLoss: 0.${String(j % 1000000).padStart(6, '0')}\tseq=${from + j + 1}\n`;
    }
    fs.appendFileSync(file, s);
  }
}

interface Follow {
  lines: () => number;
  onFlush: (cb: (text: string, at: number) => void) => void;
  stop: () => void;
}

function followJob(kubeconfig: string, name: string, tail: number): Follow {
  const mod = loadKubeModule(path.join(REPO, 'dist'));
  const opts = { kubeconfigFiles: [kubeconfig], context: '' };
  const client = mod.createClusterClient(opts);
  const streamer = mod.createPodLogStreamer(opts);
  let count = 0;
  let flushCb: ((text: string, at: number) => void) | undefined;
  const sink = {
    append: (t: string) => {
      flushCb?.(t, Date.now());
    },
    replace: () => undefined,
  };
  const out = new BoundedLogOutput(sink, DEFAULT_LOG_OUTPUT);
  const f = new JobFollower({
    job: { namespace: NS, kind: 'PyTorchJob', name },
    options: { tail, timestamps: false, previous: false },
    pods: namespacePods(client, NS, quiet),
    streamer: streamer,
    parser: new ProgressParser(),
    output: {
      line: (t) => {
        count++;
        out.line(t);
      },
      block: (t, n) => {
        count += n;
        out.block(t, n);
      },
      state: (s, d) => (s === 'failed' ? console.error(d) : undefined),
      progress: () => undefined,
      debug: () => undefined,
    },
  });
  f.start();
  return {
    lines: () => count,
    onFlush: (cb) => (flushCb = cb),
    stop: () => {
      f.dispose();
      out.dispose();
      client.dispose();
    },
  };
}

interface Run {
  /** lines/s from the start (process or client start, connection, first byte) to the last line */
  rate: number;
  /** lines/s from the first line to the last */
  steady: number;
  firstLineMs: number;
  /** CPU time of the reader (kubectl's process; our whole process) */
  cpuMs: number;
  /** ours: CPU time of the main (JavaScript) thread alone; the rest is V8's GC and other helper threads */
  mainCpuMs?: number;
}

/** utime + stime of a running process, in ms (Linux). */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // fields 14 and 15, in clock ticks of 1/100 s
}

async function kubectlRun(sb: Sandbox, pod: string, n: number, timestamps: boolean): Promise<Run> {
  const began = performance.now();
  const p = spawn(sb.kubectl, ['logs', '-f', '--tail=-1', ...(timestamps ? ['--timestamps'] : []), '-n', NS, pod], {
    env: sb.env,
  });
  let lines = 0;
  let first = 0;
  await new Promise<void>((resolve, reject) => {
    p.stdout.on('data', (d: Buffer) => {
      if (!first) first = performance.now();
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
      if (lines >= n) resolve();
    });
    p.on('close', () => (lines >= n ? resolve() : reject(new Error(`kubectl logs ended after ${lines} lines`))));
  });
  const end = performance.now();
  const cpuMs = processCpuMs(p.pid!);
  p.kill();
  return { rate: n / ((end - began) / 1000), steady: n / ((end - first) / 1000), firstLineMs: first - began, cpuMs };
}

async function ourRun(sb: Sandbox, pod: string, n: number): Promise<Run> {
  const cpu0 = process.cpuUsage();
  const main0 = (process as unknown as { threadCpuUsage(): NodeJS.CpuUsage }).threadCpuUsage();
  const began = performance.now();
  const tp = followJob(sb.kubeconfig, pod, -1);
  await waitFor('the first line', () => tp.lines() > 0, { timeoutMs: 60_000, intervalMs: 5 });
  const first = performance.now();
  await waitFor(`${n} lines`, () => tp.lines() >= n, { timeoutMs: 600_000, intervalMs: 5 });
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const mainCpu = (process as unknown as { threadCpuUsage(p: NodeJS.CpuUsage): NodeJS.CpuUsage }).threadCpuUsage(main0);
  tp.stop();
  return {
    rate: n / ((end - began) / 1000),
    steady: n / ((end - first) / 1000),
    firstLineMs: first - began,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainCpuMs: (mainCpu.user + mainCpu.system) / 1000,
  };
}

const median = (xs: number[]): number => percentile(xs, 50);

/** Rounds of kubectl, kubectl --timestamps and ours on the same pod, interleaved (the machine's load drifts). */
async function throughput(sb: Sandbox): Promise<void> {
  const N = Number(process.env.LOGS_BENCH_LINES ?? 200_000);
  const ROUNDS = Number(process.env.LOGS_BENCH_ROUNDS ?? 5);
  const file = await createPod(sb, 'bench-tp');
  writeLines(file, N);
  const runs: Record<'plain' | 'ts' | 'ours', Run[]> = { plain: [], ts: [], ours: [] };
  for (let r = 0; r < ROUNDS; r++) {
    // The order turns each round, so that no reader always goes first.
    const order = (['plain', 'ts', 'ours'] as const).map((_, i, a) => a[(i + r) % a.length]);
    for (const who of order)
      runs[who].push(
        who === 'ours' ? await ourRun(sb, 'bench-tp', N) : await kubectlRun(sb, 'bench-tp', N, who === 'ts'),
      );
  }
  const fmt = (xs: Run[]) =>
    `${Math.round(median(xs.map((x) => x.rate)))} lines/s (rounds: ${xs.map((x) => Math.round(x.rate)).join(', ')}; from the first line ${Math.round(median(xs.map((x) => x.steady)))}; first line after ${Math.round(median(xs.map((x) => x.firstLineMs)))} ms; CPU ${((median(xs.map((x) => x.cpuMs)) / N) * 1000).toFixed(1)} µs/line` +
    `${xs[0].mainCpuMs === undefined ? '' : `, of which the JavaScript thread ${((median(xs.map((x) => x.mainCpuMs ?? 0)) / N) * 1000).toFixed(1)}`})`;
  const ratio = (a: Run[], b: Run[], k: 'rate' | 'steady') =>
    (median(a.map((x) => x[k])) / median(b.map((x) => x[k]))).toFixed(2);
  console.log(`throughput, ${N} lines on one pod, ${ROUNDS} interleaved rounds, medians (start to last line):`);
  console.log(
    `  ours (watch pods, stream with timestamps, de-dup, parse progress, batch into the sink): ${fmt(runs.ours)}`,
  );
  console.log(`  kubectl logs -f:              ${fmt(runs.plain)}`);
  console.log(
    `  kubectl logs -f --timestamps: ${fmt(runs.ts)} (the stream we request: +31 bytes a line, needed to resume)`,
  );
  // Runs of one round are seconds apart: their ratio is the least disturbed by the machine's load drifting.
  const perRound = (b: Run[]) => runs.ours.map((o, i) => o.rate / b[i].rate);
  const rounds = (b: Run[]) =>
    `median of per-round ratios ${median(perRound(b)).toFixed(2)} (${perRound(b)
      .map((x) => x.toFixed(2))
      .join(', ')})`;
  console.log(
    `  ratio vs kubectl logs -f (what users run; the issue's target ≥ 1): ${rounds(runs.plain)}; of the medians ${ratio(runs.ours, runs.plain, 'rate')} (from the first line ${ratio(runs.ours, runs.plain, 'steady')}); ` +
      `vs kubectl logs -f --timestamps: ${rounds(runs.ts)}; of the medians ${ratio(runs.ours, runs.ts, 'rate')} (from the first line ${ratio(runs.ours, runs.ts, 'steady')}). ` +
      `Our first round includes loading the client-node bundle; kubectl's CPU is its own process, ours the whole bench process.`,
  );
}

/** A full collection, also without --expose-gc (npm run bench runs the files without flags). */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

interface Mem {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

function memNow(): Mem {
  const m = process.memoryUsage();
  return { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external };
}

/**
 * Growth over 1,000,000 lines, split into what holds it: the JS heap V8 has committed (heapTotal:
 * what is used plus the free space it keeps after a collection), memory outside the heap (buffers,
 * TLS), and the rest of RSS (native allocations, code). Measured in a child process that does
 * nothing but follow (the parent writes the log: building a million lines would size V8's young
 * generation before the follower starts), after a full collection, at its peak, and again after the
 * follower is stopped, to tell retained data from pages the allocator has not given back.
 */
async function memory(sb: Sandbox): Promise<void> {
  const M = Number(process.env.LOGS_BENCH_MEM_LINES ?? 1_000_000);
  const memFile = await createPod(sb, 'bench-mem');
  writeLines(memFile, M);
  const r = spawnSync(
    process.execPath,
    [...(process.env.LOGS_BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean), __filename],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        LOGS_BENCH_MEMORY_CHILD: JSON.stringify({ kubeconfig: sb.kubeconfig, pod: 'bench-mem', lines: M }),
      },
    },
  );
  if (r.status !== 0) throw new Error(`the memory child process failed (${r.status ?? r.signal})`);
}

async function memoryChild(job: { kubeconfig: string; pod: string; lines: number }): Promise<void> {
  const gc = collector();
  const M = job.lines;
  loadKubeModule(path.join(REPO, 'dist')); // loaded code is not the log's growth
  gc();
  const before = memNow();
  const mem = followJob(job.kubeconfig, job.pod, -1);
  const peak = { ...before };
  const t0 = Date.now();
  // RSS at each quarter, to show how it moves with the heap's collections.
  const quarters: string[] = [];
  let youngPeak = 0;
  const young = () =>
    v8
      .getHeapSpaceStatistics()
      .filter((x) => x.space_name.startsWith('new_'))
      .reduce((a, x) => a + x.physical_space_size, 0);
  const youngBefore = young();
  await waitFor(
    `${M} lines`,
    () => {
      youngPeak = Math.max(youngPeak, young());
      const m = memNow();
      for (const k of Object.keys(peak) as (keyof Mem)[]) peak[k] = Math.max(peak[k], m[k]);
      if (mem.lines() >= ((quarters.length + 1) * M) / 4 && quarters.length < 4) {
        quarters.push(`+${mb(m.rss - before.rss)}`);
      }
      return mem.lines() >= M;
    },
    { timeoutMs: 900_000, intervalMs: 5 },
  );
  const secs = (Date.now() - t0) / 1000;
  gc();
  const after = memNow();
  mem.stop();
  await new Promise((r) => setTimeout(r, 200)); // the streams' sockets close
  gc();
  const stopped = memNow();
  const grow = (a: Mem, k: keyof Mem) => mb(a[k] - before[k]);
  const other = (a: Mem) => a.rss - a.heapTotal - a.external;
  console.log(
    `memory over ${M} lines (${secs.toFixed(1)} s, ${Math.round(M / secs)} lines/s; a process that only follows), growth after a full GC while following: ` +
      `rss ${grow(after, 'rss')} = JS heap committed ${grow(after, 'heapTotal')} (used ${grow(after, 'heapUsed')}) + outside the heap ${grow(after, 'external')} + native/other ${mb(other(after) - other(before))}; ` +
      `peaks during the run: rss +${mb(peak.rss - before.rss)}, heap committed +${mb(peak.heapTotal - before.heapTotal)}, used +${mb(peak.heapUsed - before.heapUsed)}, outside the heap +${mb(peak.external - before.external)}; ` +
      `young generation ${mb(youngBefore)} → ${mb(youngPeak)} at its peak; rss at each quarter of the lines (no GC forced): ${quarters.join(', ')}; after stopping: rss ${grow(stopped, 'rss')}, heap used ${grow(stopped, 'heapUsed')}. ` +
      `Retained by design: the last ${DEFAULT_LOG_OUTPUT.maxLines} lines (≤ ${DEFAULT_LOG_OUTPUT.maxChars / 1e6} M characters). Target: growth < 50 MB.`,
  );
}

async function main(): Promise<void> {
  const child = process.env.LOGS_BENCH_MEMORY_CHILD;
  if (child) return memoryChild(JSON.parse(child) as { kubeconfig: string; pod: string; lines: number });
  const only = (process.env.LOGS_BENCH_ONLY ?? 'pipeline,throughput,latency,memory').split(',');
  if (only.some((p) => ['throughput', 'latency', 'memory'].includes(p))) await withSandbox(only);
  // 4. the follower's own work, in process (no cluster): what our code costs a line
  if (only.includes('pipeline')) {
    const P = Number(process.env.LOGS_BENCH_PIPELINE_LINES ?? 200_000);
    for (const kind of ['progress', 'text'] as const) {
      const log = apiserverLog(P, kind);
      const runs: { rate: number; cpuUsPerLine: number }[] = [];
      for (let r = 0; r < 3; r++) runs.push(await pipelineRate(log, P));
      console.log(
        `pipeline in process (${P} ${kind === 'progress' ? 'progress' : 'plain text'} lines, 16 KB chunks, 3 runs, the first one cold): ` +
          `${runs.map((x) => Math.round(x.rate)).join(', ')} lines/s; CPU ${runs.map((x) => x.cpuUsPerLine.toFixed(2)).join(', ')} µs/line`,
      );
    }
  }
}

async function withSandbox(only: string[]): Promise<void> {
  const sb = await startSandbox({ name: 'logsbench' });
  try {
    // 1. memory first: V8 sizes its heap to what ran before in the process, so growth is measured on a fresh one
    if (only.includes('memory')) await memory(sb);

    // 2. throughput, side by side on the same pod
    if (only.includes('throughput')) await throughput(sb);

    // 3. latency at 100 lines/s
    if (only.includes('latency')) {
      const latFile = await createPod(sb, 'bench-lat');
      const lat = followJob(sb.kubeconfig, 'bench-lat', 0);
      const samples: number[] = [];
      lat.onFlush((text, at) => {
        for (const m of text.matchAll(/sent=(\d+)/g)) samples.push(at - Number(m[1]));
      });
      await new Promise((r) => setTimeout(r, 1000)); // let the stream open (the first lines would include connect time)
      const LAT_LINES = Number(process.env.LOGS_BENCH_LAT_LINES ?? 1000);
      for (let i = 0; i < LAT_LINES; i++) {
        fs.appendFileSync(
          latFile,
          `${new Date().toISOString()} stdout F Train Epoch: 1 [0/60000 (0%)]\tLoss: 0.1\tsent=${Date.now()}\n`,
        );
        await new Promise((r) => setTimeout(r, 10)); // the 100 lines/s pace
      }
      await waitFor(`${LAT_LINES} latency samples`, () => samples.length >= LAT_LINES, {
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      lat.stop();
      console.log(
        `latency at 100 lines/s (${samples.length} lines, 100 ms batching included): p50 ${percentile(samples, 50)} ms, p95 ${percentile(samples, 95)} ms, max ${Math.max(...samples)} ms (target p95 < 500 ms)`,
      );
    }
  } finally {
    await sb.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
