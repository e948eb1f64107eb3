/**
 * Explorer benchmark. Figures:
 *  1. pure model (no cluster): 5,000 pods on 500 nodes, 50 Alluxio workers, 200 TFJobs — full-tree
 *     build (apply all + render every node), per-event apply p50/p95, model memory.
 *  2. against the sandbox (real kube-apiserver + KWOK; skipped with ALLUXIO_DL_BENCH_PURE=1): the
 *     same population created in the cluster, then time from "open the view" (load dist/k8s.js,
 *     list every kind, build, render) to the full tree, and 100 pod changes/s for 10 s: watch
 *     latency (server write → model) p50/p95, event-loop delay, and the debounced refresh cost.
 * Run: npm run bench -- explorer   (Node 24; client-node 2.x needs it)
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { ClusterModel } from '../../src/core/model/cluster-model';
import { ALL_KINDS, type KubeObject, type ResourceKind } from '../../src/core/model/kinds';
import { ExplorerTree } from '../../src/core/model/tree';
import type { ClusterClient } from '../../src/k8s/cluster-client';
import { loadKubeModule } from '../../src/k8s/load';
import { ResourceWatcher } from '../../src/k8s/watcher';
import { startSandbox } from '../sandbox/index';
import { alluxioLabels, helmSecret, node, pod, SEED_ALLUXIO_VALUES, tfJob } from '../unit/explorer/objects';
import { DebouncedRender } from './render-loop';
import { mb, percentile } from './stats';

const REPO = path.resolve(__dirname, '..', '..', '..');
const PODS = 5000;
const NODES = 500;
const WORKERS = 50;
const JOBS = 200;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** The population, as [kind, object] pairs; `prefix` keeps names apart from the sandbox's own. */
function population(prefix: string): [ResourceKind, KubeObject][] {
  const out: [ResourceKind, KubeObject][] = [];
  for (let n = 0; n < NODES; n++)
    out.push([
      'nodes',
      node(`${prefix}node-${n}`, {
        gpus: 8,
        labels: n % 10 === 0 ? { dataset: 'mnist', type: 'kwok' } : { type: 'kwok' },
      }),
    ]);
  for (let w = 0; w < WORKERS; w++)
    out.push([
      'pods',
      pod(`${prefix}alluxio-worker-${w}`, {
        labels: alluxioLabels('worker', `${prefix}alluxio`),
        node: `${prefix}node-${w * 10}`,
      }),
    ]);
  for (let j = 0; j < JOBS; j++) {
    out.push(['tfjobs', tfJob(`${prefix}job-${j}`, { conditions: ['Created', 'Running'], active: 1 })]);
    out.push([
      'pods',
      pod(`${prefix}job-${j}-worker-0`, {
        owner: { kind: 'TFJob', name: `${prefix}job-${j}` },
        node: `${prefix}node-${(j * 7) % NODES}`,
        gpus: 1,
      }),
    ]);
  }
  for (let i = WORKERS + JOBS; i < PODS; i++)
    out.push(['pods', pod(`${prefix}app-${i}`, { labels: { app: 'other' }, node: `${prefix}node-${i % NODES}` })]);
  out.push(['helmreleases', helmSecret(`${prefix}alluxio`, 1, 'alluxio', SEED_ALLUXIO_VALUES)]);
  return out;
}

function renderAll(tree: ExplorerTree): number {
  let count = 0;
  const walk = (id: string | undefined) => {
    for (const c of tree.children(id)) {
      tree.node(c);
      count++;
      walk(c);
    }
  };
  walk(undefined);
  return count;
}

function fmt(ms: number): string {
  return Math.abs(ms) < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`;
}

function pureModel(): void {
  console.log(
    `machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`-- pure model: ${PODS} pods on ${NODES} nodes, ${WORKERS} Alluxio workers, ${JOBS} TFJobs`);
  const objects = population('');
  const byKind = new Map<ResourceKind, KubeObject[]>();
  for (const [k, o] of objects) byKind.set(k, [...(byKind.get(k) ?? []), o]);
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const model = new ClusterModel();
  for (const [k, items] of byKind) model.reset(k, items);
  const tree = new ExplorerTree(model);
  const built = performance.now() - t0;
  const t1 = performance.now();
  const rendered = renderAll(tree);
  const render = performance.now() - t1;
  // The objects are still referenced, so the difference is what the model itself retains.
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  console.log(`full tree: build ${fmt(built)} + render all ${rendered} nodes ${fmt(render)} = ${fmt(built + render)}`);
  console.log(`model memory (heap retained): ${mb(heap)} (${(heap / PODS).toFixed(0)} B per pod)`);

  const times: number[] = [];
  let changed = 0;
  for (let i = 0; i < 20_000; i++) {
    const idx = (i * 7919) % PODS;
    const o =
      idx < WORKERS
        ? pod(`alluxio-worker-${idx}`, {
            labels: alluxioLabels('worker', 'alluxio'),
            node: `node-${(idx * 10 + (i % 3)) % NODES}`,
            restarts: i,
          })
        : pod(`app-${Math.max(idx, WORKERS + JOBS)}`, {
            labels: { app: 'other' },
            node: `node-${i % NODES}`,
            restarts: i,
            ready: i % 2 === 0,
          });
    const s = performance.now();
    const c = model.apply('pods', { type: 'MODIFIED', object: o });
    times.push(performance.now() - s);
    changed += c.size;
  }
  console.log(
    `apply one pod event (20,000 events, 5,000 pods): p50 ${fmt(percentile(times, 50))}, p95 ${fmt(percentile(times, 95))}, p99 ${fmt(percentile(times, 99))}, max ${fmt(Math.max(...times))}; ${(changed / times.length).toFixed(1)} tree nodes changed per event`,
  );
}

// ---- sandbox ------------------------------------------------------------------------------------

async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** What the view does on open: load the bundle, list every kind, build, render (all of it here). */
async function openView(
  kubeconfig: string,
): Promise<{ client: ClusterClient; model: ClusterModel; tree: ExplorerTree; ms: number; load: number }> {
  const t0 = performance.now();
  const kube = loadKubeModule(path.join(REPO, 'dist'));
  const load = performance.now() - t0;
  const client = kube.createClusterClient({ kubeconfigFiles: [kubeconfig], context: '' });
  const model = new ClusterModel();
  await Promise.all(
    ALL_KINDS.map(async (k) => {
      try {
        model.reset(k, (await client.list(k, 'default')).items);
      } catch (e) {
        model.setFailure(k, e as any);
      }
    }),
  );
  const tree = new ExplorerTree(model);
  renderAll(tree);
  return { client, model, tree, ms: performance.now() - t0, load };
}

async function sandboxBench(): Promise<void> {
  console.log('-- sandbox: starting (preloaded with the seed workload)');
  const sb = await startSandbox({ preload: true, name: 'explorer-bench', logLinesPerSecond: 0 });
  try {
    const admin = loadKubeModule(path.join(REPO, 'dist')).createClusterClient({
      kubeconfigFiles: [sb.kubeconfig],
      context: '',
    });
    // The sandbox's stand-in training operator creates each TFJob's pod (with a real ownerReference)
    // and its conditions, so job pods are not created here.
    const objects = population('b-').filter(
      ([k, o]) => k !== 'helmreleases' && !(k === 'pods' && o.metadata.ownerReferences),
    );
    const t0 = performance.now();
    const clean = (o: KubeObject): KubeObject => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace, labels: o.metadata.labels },
      spec: o.spec,
    });
    const GPU_TEMPLATE = {
      spec: {
        containers: [
          { name: 'tensorflow', image: 'example/mnist:1', resources: { limits: { 'nvidia.com/gpu': '1' } } },
        ],
        tolerations: [{ operator: 'Exists' }],
      },
    };
    const forCluster = (k: ResourceKind, o: KubeObject): KubeObject => {
      const c = clean(o);
      if (k === 'pods') c.spec = { ...c.spec, tolerations: [{ operator: 'Exists' }] };
      if (k === 'tfjobs') c.spec = { tfReplicaSpecs: { Worker: { replicas: 1, template: GPU_TEMPLATE } } };
      return c;
    };
    await pool(
      objects.filter(([k]) => k === 'nodes'),
      32,
      ([k, o]) => admin.apply(k, undefined, forCluster(k, o), { fieldManager: 'bench', force: true }),
    );
    await pool(
      objects.filter(([k]) => k !== 'nodes'),
      48,
      ([k, o]) => admin.apply(k, 'default', forCluster(k, o), { fieldManager: 'bench', force: true }),
    );
    console.log(
      `created ${NODES} nodes and ${objects.length - NODES} pods and TFJobs in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    console.log(
      `load average now ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const open = await openView(sb.kubeconfig);
    console.log(
      `open the view → full tree: ${fmt(open.ms)} (of which loading dist/k8s.js ${fmt(open.load)}); ${open.model.pods.size} pods, ${open.model.nodes.size} nodes, ${open.model.jobs.size} jobs`,
    );

    // Watch, and change 100 pods per second for 10 s.
    const seen = new Map<string, number>();
    const render = new DebouncedRender(open.model, open.tree);
    const flushes = render.renders;
    const sink = render.sink((_k, ev) => {
      const mark = ev.object.metadata.labels?.['bench-seq'];
      if (mark && !seen.has(mark)) seen.set(mark, performance.now());
    });
    const quiet = { info: () => undefined, warn: (m: string) => console.error(`watch: ${m}`) };
    const watchers = ALL_KINDS.map((k) => new ResourceWatcher(open.client, k, 'default', sink, quiet));
    const running = watchers.map((w) => w.start());
    // Wait until every watcher has listed and is watching: the storm must arrive as watch events.
    while (watchers.some((w) => w.stats.watches === 0)) await new Promise((r) => setTimeout(r, 50));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const sent = new Map<string, number>();
    const acked = new Map<string, number>();
    const names = objects.filter(([k]) => k === 'pods').map(([, o]) => o.metadata.name);
    const RATE = 100;
    const SECONDS = 10;
    const start = performance.now();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < RATE * SECONDS; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const seq = String(i);
      sent.set(seq, performance.now());
      const name = names[(i * 131) % names.length];
      writes.push(
        admin
          .apply(
            'pods',
            'default',
            { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { 'bench-seq': seq } } },
            { fieldManager: `bench-seq-${i % 2}`, force: true },
          )
          .then(
            () => acked.set(seq, performance.now()),
            (e) => console.error(`apply: ${e.message}`),
          ),
      );
    }
    await Promise.all(writes);
    const until = performance.now() + 5000;
    while (seen.size < sent.size && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
    delay.disable();
    const lat = [...sent].filter(([s]) => seen.has(s)).map(([s, t]) => seen.get(s)! - t);
    // From the server's answer to the write: the watch's own latency (negative: the event came first).
    const watchLat = [...acked].filter(([s]) => seen.has(s)).map(([s, t]) => seen.get(s)! - t);
    const ackLat = [...acked].map(([s, t]) => t - sent.get(s)!);
    console.log(
      `${RATE} pod changes/s for ${SECONDS} s: ${lat.length}/${sent.size} seen (${acked.size} writes acknowledged)`,
    );
    console.log(
      `  request sent → server answered: p50 ${fmt(percentile(ackLat, 50))}, p95 ${fmt(percentile(ackLat, 95))}`,
    );
    console.log(
      `  server answered → event applied to the model: p50 ${fmt(percentile(watchLat, 50))}, p95 ${fmt(percentile(watchLat, 95))}, max ${fmt(Math.max(...watchLat))}`,
    );
    console.log(`  request sent → event applied: p50 ${fmt(percentile(lat, 50))}, p95 ${fmt(percentile(lat, 95))}`);
    console.log(
      `event loop delay during the storm: p50 ${fmt(delay.percentile(50) / 1e6)}, p99 ${fmt(delay.percentile(99) / 1e6)}, max ${fmt(delay.max / 1e6)}`,
    );
    console.log(
      `debounced refresh (100 ms windows): ${flushes.length} flushes, render of the changed nodes p50 ${fmt(percentile(flushes, 50))}, p95 ${fmt(percentile(flushes, 95))}`,
    );
    for (const w of watchers) w.stop();
    render.dispose();
    await Promise.all(running);
    open.client.dispose();
    admin.dispose();
  } finally {
    await sb.stop();
  }
}

async function main(): Promise<void> {
  pureModel();
  if (process.env.ALLUXIO_DL_BENCH_PURE === '1') return;
  await sandboxBench();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
