/**
 * Load: what the extension host carries while a user watches a big namespace and follows three jobs.
 *   - the explorer's model (ClusterModel + ExplorerTree, the real ResourceWatcher for every kind, a
 *     100 ms debounced render of the changed nodes) over 5,000 pods on 50 nodes, with 100 pod changes/s;
 *   - three jobs followed at 1,000 lines/s each (the real JobFollower: pod watch, HTTP/2 log streams,
 *     de-dup, progress parsing, the bounded channel buffer), every line sequence-checked.
 * Real path: the sandbox's kube-apiserver + etcd + KWOK (pods Running, logs served from CRI files);
 * the writers (pod changes, log lines) run in a child process so this process's event loop carries only
 * what the extension host would. Figures every sample window: event-loop delay (p50/p99/max,
 * monitorEventLoopDelay), heap used, RSS, lines received and changes seen; at the end, heap after a
 * full collection at the start and at the end, and the lines lost or repeated per job.
 * Run: npm run bench -- load [--seconds=300]   (LOAD_BENCH_SECONDS works too; default 300 s)
 */
import { kwokTrainingPod } from '../fixtures/kwok-training-pod';
import { waitFor } from '../support/wait';
import { fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { BoundedLogOutput, DEFAULT_LOG_OUTPUT } from '../../src/core/log-pipeline/log-output';
import { ProgressParser } from '../../src/core/log-pipeline/progress';
import { ClusterModel } from '../../src/core/model/cluster-model';
import { ALL_KINDS, type KubeObject } from '../../src/core/model/kinds';
import { ExplorerTree } from '../../src/core/model/tree';
import { loadKubeModule } from '../../src/k8s/load';
import { ResourceWatcher } from '../../src/k8s/watcher';
import { JobFollower } from '../../src/follow/job-follower';
import { namespacePods } from '../../src/follow/pod-source';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { alluxioLabels, node, pod } from '../unit/explorer/objects';
import { DebouncedRender } from './render-loop';
import { mb, percentile } from './stats';

const REPO = path.resolve(__dirname, '..', '..', '..');
const NS = 'default';
const PODS = 5000;
const NODES = 50;
const CHANGES_PER_SECOND = 100;
const JOBS = 3;
const LINES_PER_SECOND = 1000;

function seconds(): number {
  const flag = process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1];
  const s = Number(flag ?? process.env.LOAD_BENCH_SECONDS ?? 300);
  if (!Number.isFinite(s) || s <= 0) throw new Error(`--seconds must be a positive number of seconds, not ${flag}`);
  return s;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

// ---- the writers (child process) ------------------------------------------------------------------

interface DriverJob {
  kubeconfig: string;
  files: string[];
  podNames: string[];
  seconds: number;
}

interface DriverReport {
  changesSent: number;
  changesAcked: number;
  linesWritten: number[];
  changeErrors: number;
}

/** One CRI line per log line, each with its own nanosecond timestamp, as a container runtime writes them. */
function criBatch(from: number, n: number, at: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const seq = from + i + 1;
    const t = `${new Date(at).toISOString().slice(0, 23)}${String((seq % 1000) * 1000 + 1).padStart(6, '0')}Z`;
    s += `${t} stdout F Train Epoch: 3 [${seq % 60000}/60000 (${seq % 100}%)]\tLoss: 0.${String(seq % 1_000_000).padStart(6, '0')}\tseq=${seq}\n`;
  }
  return s;
}

async function driver(job: DriverJob): Promise<DriverReport> {
  const kube = loadKubeModule(path.join(REPO, 'dist'));
  const admin = kube.createClusterClient({ kubeconfigFiles: [job.kubeconfig], context: '' });
  const report: DriverReport = {
    changesSent: 0,
    changesAcked: 0,
    linesWritten: job.files.map(() => 0),
    changeErrors: 0,
  };
  const start = performance.now();
  const end = start + job.seconds * 1000;
  // Lines: every 50 ms, the lines due since the start (so a late tick catches up, the rate holds).
  const lines = setInterval(() => {
    const due = Math.min(job.seconds, (performance.now() - start) / 1000) * LINES_PER_SECOND;
    job.files.forEach((f, i) => {
      const n = Math.floor(due) - report.linesWritten[i];
      if (n <= 0) return;
      fs.appendFileSync(f, criBatch(report.linesWritten[i], n, Date.now()));
      report.linesWritten[i] += n;
    });
  }, 50);
  const writes: Promise<unknown>[] = [];
  for (let i = 0; performance.now() < end; i++) {
    const wait = start + (i * 1000) / CHANGES_PER_SECOND - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const name = job.podNames[(i * 131) % job.podNames.length];
    report.changesSent++;
    const w = admin
      .apply(
        'pods',
        NS,
        { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels: { 'bench-seq': String(i) } } },
        { fieldManager: `load-${i % 2}`, force: true },
      )
      .then(
        () => report.changesAcked++,
        () => report.changeErrors++,
      );
    writes.push(w);
    if (writes.length > 2000) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  clearInterval(lines);
  const last = job.files.map((_, i) => job.seconds * LINES_PER_SECOND - report.linesWritten[i]);
  job.files.forEach((f, i) => {
    if (last[i] > 0) fs.appendFileSync(f, criBatch(report.linesWritten[i], last[i], Date.now()));
    report.linesWritten[i] += Math.max(0, last[i]);
  });
  admin.dispose();
  return report;
}

// ---- the cluster ------------------------------------------------------------------------------------

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

async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** 50 KWOK nodes and 5,000 pods (50 Alluxio workers, the rest other apps), created with server-side apply. */
async function populate(sb: Sandbox): Promise<string[]> {
  const admin = loadKubeModule(path.join(REPO, 'dist')).createClusterClient({
    kubeconfigFiles: [sb.kubeconfig],
    context: '',
  });
  const t0 = performance.now();
  const bare = (o: KubeObject): KubeObject => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: { name: o.metadata.name, labels: o.metadata.labels },
    spec: o.spec,
  });
  await pool(
    Array.from({ length: NODES }, (_, n) => node(`load-node-${n}`, { gpus: 8, labels: { type: 'kwok' } })),
    16,
    (n) => admin.apply('nodes', undefined, bare(n), { fieldManager: 'load', force: true }),
  );
  const names: string[] = [];
  const pods = Array.from({ length: PODS - JOBS }, (_, i) => {
    const name = i < 50 ? `load-alluxio-worker-${i}` : `load-app-${i}`;
    names.push(name);
    const p = bare(
      pod(name, {
        labels: i < 50 ? alluxioLabels('worker', 'load-alluxio') : { app: 'other' },
        node: `load-node-${i % NODES}`,
      }),
    );
    p.metadata.namespace = NS;
    p.spec = { ...p.spec, tolerations: [{ operator: 'Exists' }] };
    return p;
  });
  await pool(pods, 48, (p) => admin.apply('pods', NS, p, { fieldManager: 'load', force: true }));
  admin.dispose();
  console.log(
    `created ${NODES} nodes and ${pods.length} pods in ${((performance.now() - t0) / 1000).toFixed(1)} s (+ ${JOBS} job pods)`,
  );
  return names;
}

/** A training pod whose container log KWOK serves from a file (followed from the start). */
async function jobPod(sb: Sandbox, name: string): Promise<string> {
  const file = path.join(sb.dir, 'pod-logs', `load_${name}.log`);
  fs.writeFileSync(file, '');
  const list = kwokTrainingPod({ job: name, namespace: NS, logsFile: file });
  await kubectl(sb, ['apply', '-f', '-'], JSON.stringify(list));
  await kubectl(sb, ['wait', '--for=condition=Ready', `pod/${name}-worker-0`, '-n', NS, '--timeout=120s']);
  return file;
}

// ---- what the extension host carries --------------------------------------------------------------

/** Sequence check of one followed job: every `seq=N` must be the previous one plus one. */
class SeqCheck {
  next = 1;
  gaps = 0;
  missing = 0;
  repeats = 0;
  lines = 0;
  see(text: string): void {
    for (const m of text.matchAll(/\tseq=(\d+)$/gm)) {
      const n = Number(m[1]);
      this.lines++;
      if (n === this.next) this.next++;
      else if (n < this.next) this.repeats++;
      else {
        this.gaps++;
        this.missing += n - this.next;
        this.next = n + 1;
      }
    }
  }
}

function follow(kube: ReturnType<typeof loadKubeModule>, kubeconfig: string, name: string, check: SeqCheck) {
  const opts = { kubeconfigFiles: [kubeconfig], context: '' };
  const client = kube.createClusterClient(opts);
  const streamer = kube.createPodLogStreamer(opts);
  const out = new BoundedLogOutput({ append: () => undefined, replace: () => undefined }, DEFAULT_LOG_OUTPUT);
  const quiet = { info: () => undefined, warn: (m: string) => console.error(`pod watch: ${m}`) };
  const f = new JobFollower({
    job: { namespace: NS, kind: 'PyTorchJob', name },
    options: { tail: -1, timestamps: false, previous: false },
    pods: namespacePods(client, NS, quiet),
    streamer: streamer,
    parser: new ProgressParser(),
    output: {
      line: (t) => out.line(t),
      block: (t, n) => {
        check.see(t);
        out.block(t, n);
      },
      state: (s, d) => (s === 'failed' ? console.error(`${name}: ${d}`) : undefined),
      progress: () => undefined,
      debug: () => undefined,
    },
  });
  f.start();
  return () => {
    f.dispose();
    out.dispose();
    client.dispose();
  };
}

function fullGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

async function main(): Promise<void> {
  const secs = seconds();
  const gc = fullGc();
  console.log(
    `machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${secs} s of load`,
  );
  console.log(
    'path: REAL — sandbox kube-apiserver + etcd + KWOK, the real watchers, model and JobFollower over HTTP/2; writers in a child process',
  );
  const sb = await startSandbox({ name: 'load-bench' });
  try {
    const names = await populate(sb);
    const jobs = Array.from({ length: JOBS }, (_, i) => `load-job-${i}`);
    const files = await Promise.all(jobs.map((j) => jobPod(sb, j)));

    const kube = loadKubeModule(path.join(REPO, 'dist'));
    const client = kube.createClusterClient({ kubeconfigFiles: [sb.kubeconfig], context: '' });
    const model = new ClusterModel();
    const tree = new ExplorerTree(model);
    let changesSeen = 0;
    const render = new DebouncedRender(model, tree, { roots: true });
    const renders = render.renders;
    const sink = render.sink((_k, ev) => {
      if (ev.object.metadata.labels?.['bench-seq'] !== undefined) changesSeen++;
    });
    const quiet = { info: () => undefined, warn: (m: string) => console.error(`watch: ${m}`) };
    const watchers = ALL_KINDS.map((k) => new ResourceWatcher(client, k, NS, sink, quiet));
    const running = watchers.map((w) => w.start());
    // Every kind has watched or failed (a kind whose CRD the sandbox lacks fails and retries in 60 s).
    await waitFor(
      'every watcher to watch or fail',
      () => watchers.every((w) => w.stats.watches + w.stats.failures > 0),
      {
        timeoutMs: 120_000,
      },
    );
    console.log(`explorer model: ${model.pods.size} pods, ${model.nodes.size} nodes`);

    const checks = jobs.map(() => new SeqCheck());
    const stops = jobs.map((j, i) => follow(kube, sb.kubeconfig, j, checks[i]));
    gc();
    const heapStart = process.memoryUsage().heapUsed;
    console.log(`heap after a full collection before the load: ${mb(heapStart)}`);

    const child = fork(__filename, [], {
      env: {
        ...process.env,
        LOAD_BENCH_DRIVER: JSON.stringify({ kubeconfig: sb.kubeconfig, files, podNames: names, seconds: secs }),
      },
    });
    const report = new Promise<DriverReport>((resolve, reject) => {
      child.on('message', (m) => resolve(m as DriverReport));
      child.on('exit', (code) => reject(new Error(`the writers' process exited (${code}) without a report`)));
    });

    const windowMs = Math.max(2000, Math.min(30_000, (secs * 1000) / 10));
    const all = monitorEventLoopDelay({ resolution: 10 });
    all.enable();
    const rows: string[] = [];
    const heaps: number[] = [];
    const t0 = performance.now();
    let done = false;
    void report.finally(() => (done = true)).catch(() => undefined);
    while (!done) {
      const win = monitorEventLoopDelay({ resolution: 10 });
      win.enable();
      const windowEnd = performance.now() + windowMs;
      while (!done && performance.now() < windowEnd) await new Promise((r) => setTimeout(r, 100));
      win.disable();
      const m = process.memoryUsage();
      heaps.push(m.heapUsed);
      rows.push(
        `  t=${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s  loop delay p50 ${fmt(win.percentile(50) / 1e6)}, p99 ${fmt(win.percentile(99) / 1e6)}, max ${fmt(win.max / 1e6)}  heap ${mb(m.heapUsed)}  rss ${mb(m.rss)}  lines ${checks.map((c) => c.lines).join('/')}  changes seen ${changesSeen}`,
      );
      console.log(rows[rows.length - 1]);
    }
    const r = await report;
    // Drain: the last lines and changes arrive within a few seconds.
    const drainEnd = performance.now() + 30_000;
    while (
      performance.now() < drainEnd &&
      (checks.some((c, i) => c.next <= r.linesWritten[i]) || changesSeen < r.changesAcked)
    )
      await new Promise((res) => setTimeout(res, 100));
    all.disable();
    gc();
    const heapEnd = process.memoryUsage().heapUsed;

    console.log(
      `\n-- ${secs} s: ${CHANGES_PER_SECOND} pod changes/s over ${PODS} pods + ${JOBS} jobs at ${LINES_PER_SECOND} lines/s`,
    );
    console.log(
      `event-loop delay, whole run: p50 ${fmt(all.percentile(50) / 1e6)}, p99 ${fmt(all.percentile(99) / 1e6)} (goal < 50 ms), max ${fmt(all.max / 1e6)}`,
    );
    console.log(
      `pod changes: ${r.changesSent} sent, ${r.changesAcked} acknowledged, ${r.changeErrors} failed, ${changesSeen} seen by the watch; debounced renders ${renders.length}, p50 ${fmt(percentile(renders, 50))}, p99 ${fmt(percentile(renders, 99))}`,
    );
    checks.forEach((c, i) =>
      console.log(
        `job ${jobs[i]}: ${r.linesWritten[i]} lines written, ${c.lines} received, ${c.missing} missing (${c.gaps} gaps), ${c.repeats} repeated, last seq ${c.next - 1}`,
      ),
    );
    const half = Math.floor(heaps.length / 2);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    console.log(
      `memory: heap after full collections ${mb(heapStart)} before → ${mb(heapEnd)} after (${heapEnd >= heapStart ? '+' : ''}${mb(heapEnd - heapStart)}); sampled heap used, first half average ${mb(avg(heaps.slice(0, half)))}, second half ${mb(avg(heaps.slice(half)))}`,
    );
    const lost = checks.reduce((a, c) => a + c.missing + c.repeats, 0);
    for (const s of stops) s();
    for (const w of watchers) w.stop();
    render.dispose();
    await Promise.all(running);
    client.dispose();
    if (lost > 0) throw new Error(`${lost} lines lost or repeated`);
  } finally {
    await sb.stop();
  }
}

if (process.env.LOAD_BENCH_DRIVER) {
  driver(JSON.parse(process.env.LOAD_BENCH_DRIVER) as DriverJob).then(
    (r) => process.send!(r, () => process.exit(0)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
