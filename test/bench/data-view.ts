/**
 * The data view part of data.bench.ts: expand-to-numbers time and requests per minute, visible vs
 * hidden, through the real DataLoader and ExplorerTree (see data.bench.ts for how to run it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClusterModel } from '../../src/core/model/cluster-model';
import { dataNodeId } from '../../src/core/model/data-id';
import type { ReleaseKey } from '../../src/core/model/node-id';
import { ExplorerTree } from '../../src/core/model/tree';
import type { ClusterClient } from '../../src/k8s/cluster-client';
import { loadKubeModule } from '../../src/k8s/load';
import { DataLoader } from '../../src/views/data/data-loader';
import { LocalForwardClusterClient, serve } from '../doubles/local-forward-cluster-client';
import { percentile } from './stats';
import { alluxioLabels, pod } from '../unit/explorer/objects';
import type { KubeObject } from '../../src/core/model/kinds';

const REPO = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'data', 'alluxio-2.9.6');
const ALLUXIO: ReleaseKey = { product: 'alluxio', namespace: 'default', release: 'alluxio' };
const RELEASE = 'r:alluxio|default|alluxio';
const STATUS_NODES = ['capacity', 'workers', 'mounts'] as const;

interface Target {
  client: ClusterClient;
  pods: () => Promise<KubeObject[]>;
  where: string;
  close: () => Promise<void>;
}

async function target(): Promise<Target> {
  const file = process.env.DATA_BENCH_SANDBOX;
  if (file) {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as { kubeconfig: string; context: string };
    const client = loadKubeModule(path.join(REPO, 'dist')).createClusterClient({
      kubeconfigFiles: [info.kubeconfig],
      context: info.context,
    });
    return {
      client,
      pods: async () => (await client.list('pods', 'default')).items,
      where: `the sandbox (${file})`,
      close: async () => client.dispose(),
    };
  }
  const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');
  const server = await serve({
    '/api/v1/master/info': read('3-read.info.json'),
    '/api/v1/master/webui_browse?path=%2F&offset=0&limit=1000': read('1-mounted.webui_browse.json'),
  });
  const client = new LocalForwardClusterClient();
  client.forwards.set('default/alluxio-master-0:19999', server.port);
  return {
    client,
    pods: async () => [pod('alluxio-master-0', { labels: alluxioLabels('master'), node: 'n' })],
    where: 'captured Alluxio 2.9.6 answers (no cluster latency)',
    close: () => server.close(),
  };
}

/** A view stand-in: on every change, renders what is expanded the way VS Code asks (children, then items). */
function render(tree: ExplorerTree, loader: DataLoader, expanded: Set<string>): void {
  const walk = (id: string, depth: number) => {
    if (depth > 8) return;
    loader.expanded(id);
    for (const c of tree.children(id)) {
      loader.shown(c);
      tree.node(c);
      if (expanded.has(c)) walk(c, depth + 1);
    }
  };
  walk(RELEASE, 0);
}

export async function benchDataView(): Promise<void> {
  const t = await target();
  try {
    const model = new ClusterModel();
    model.reset('pods', await t.pods());
    if (!model.groups.has('alluxio|default|alluxio|master')) throw new Error('no Alluxio master pod in default');
    const seconds = Math.max(1, Number(process.env.DATA_BENCH_MINUTES ?? 1) * 60);
    console.log(`\nexplorer data nodes against ${t.where}`);
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const loader = makeLoader(t.client, model);
      const tree = new ExplorerTree(model, loader.l.context);
      loader.onChange = () => render(tree, loader.l, new Set());
      const t0 = performance.now();
      render(tree, loader.l, new Set());
      await until(() =>
        STATUS_NODES.every((w) => {
          const d = tree.node(dataNodeId({ release: ALLUXIO, what: w, arg: '' }));
          return d && d.description !== 'Loading…';
        }),
      );
      times.push(performance.now() - t0);
      loader.l.dispose();
    }
    console.log(
      `expand Alluxio release → Capacity, Workers, Mount points shown: first ${times[0].toFixed(0)} ms, median ${percentile(times, 50).toFixed(0)} ms (5 rounds)`,
    );

    const loader = makeLoader(t.client, model, 15);
    const tree = new ExplorerTree(model, loader.l.context);
    const expanded = new Set([
      RELEASE,
      dataNodeId({ release: ALLUXIO, what: 'capacity', arg: '' }),
      dataNodeId({ release: ALLUXIO, what: 'files', arg: '/' }),
    ]);
    loader.onChange = () => render(tree, loader.l, expanded);
    loader.l.resume();
    render(tree, loader.l, expanded);
    const s0 = { ...loader.l.stats };
    await wait(seconds * 1000);
    const s1 = { ...loader.l.stats };
    loader.l.pause();
    await wait(seconds * 1000);
    const s2 = { ...loader.l.stats };
    loader.l.dispose();
    const perMin = (a: typeof s0, b: typeof s0) =>
      `${(((b.portForwards - a.portForwards + b.execs - a.execs) * 60) / seconds).toFixed(1)} requests/min (${b.portForwards - a.portForwards} port-forwards, ${b.execs - a.execs} execs, ${b.fetches - a.fetches} fetches in ${seconds} s)`;
    console.log(`visible (refresh 15 s; release, Capacity, Files expanded): ${perMin(s0, s1)}`);
    console.log(`hidden: ${perMin(s1, s2)}`);
    if (s2.portForwards + s2.execs !== s1.portForwards + s1.execs) {
      console.log('  requests while hidden: should be 0');
      process.exitCode = 1;
    }
  } finally {
    await t.close();
  }
}

function makeLoader(client: ClusterClient, model: ClusterModel, refreshSeconds = 0) {
  const holder: { l: DataLoader; onChange: () => void } = { l: undefined as unknown as DataLoader, onChange: () => {} };
  let tree: ExplorerTree | undefined;
  holder.l = new DataLoader({
    client,
    model,
    settings: () => ({ refreshSeconds, datasetPath: '' }),
    onChanges: () => holder.onChange(),
    parent: (id) => (tree ??= new ExplorerTree(model, holder.l.context)).parent(id),
  });
  return holder;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(pred: () => boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('the numbers did not arrive in time');
    await wait(5);
  }
}
