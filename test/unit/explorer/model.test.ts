import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterModel, ROOT } from '../../../src/core/model/cluster-model';
import { ExplorerTree } from '../../../src/core/model/tree';
import type { KubeObject, ResourceKind } from '../../../src/core/model/kinds';
import {
  alluxioLabels,
  arenaConfigMap,
  daemonSet,
  hdfsLabels,
  helmSecret,
  node,
  pod,
  SEED_ALLUXIO_VALUES,
  service,
  statefulSet,
  tfJob,
} from './objects';

const NOW = Date.parse('2026-01-01T01:00:00Z');

/** Markdown as read: without its backslash escapes. */
const plain = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

function build(objects: [ResourceKind, KubeObject][]): { model: ClusterModel; tree: ExplorerTree } {
  const model = new ClusterModel();
  for (const [kind, o] of objects) model.apply(kind, { type: 'ADDED', object: o });
  return { model, tree: new ExplorerTree(model) };
}

function seedCluster(): [ResourceKind, KubeObject][] {
  return [
    ['nodes', node('node-1', { labels: { dataset: 'mnist' }, gpus: 2 })],
    ['nodes', node('node-2', { gpus: 4 })],
    ['statefulsets', statefulSet('hdfs-namenode', hdfsLabels('namenode'), 1, 1)],
    ['daemonsets', daemonSet('hdfs-datanode', hdfsLabels('datanode'), 2, 1)],
    [
      'pods',
      pod('hdfs-namenode-0', {
        labels: hdfsLabels('namenode'),
        node: 'node-2',
        image: 'uhopper/hadoop-namenode:2.7.2',
      }),
    ],
    ['pods', pod('hdfs-datanode-a', { labels: hdfsLabels('datanode'), node: 'node-1' })],
    [
      'pods',
      pod('hdfs-datanode-b', {
        labels: hdfsLabels('datanode'),
        node: 'node-2',
        phase: 'Running',
        ready: false,
        restarts: 3,
        waiting: 'CrashLoopBackOff',
      }),
    ],
    ['services', service('hdfs-namenode', hdfsLabels('namenode'))],
    ['pods', pod('alluxio-master-0', { labels: alluxioLabels('master'), node: 'node-2' })],
    ['pods', pod('alluxio-worker-x', { labels: alluxioLabels('worker'), node: 'node-1' })],
    ['pods', pod('alluxio-fuse-x', { labels: alluxioLabels('fuse'), node: 'node-1' })],
    ['helmreleases', helmSecret('alluxio', 1, 'alluxio', SEED_ALLUXIO_VALUES)],
    [
      'tfjobs',
      tfJob('alluxio-pytorch', {
        conditions: ['Created', 'Running'],
        workers: 1,
        active: 1,
        labels: { createdBy: 'TFJob', release: 'alluxio-pytorch', app: 'tfjob' },
      }),
    ],
    ['configmaps', arenaConfigMap('alluxio-pytorch')],
    [
      'pods',
      pod('alluxio-pytorch-worker-0', {
        owner: { kind: 'TFJob', name: 'alluxio-pytorch' },
        labels: { 'training.kubeflow.org/replica-type': 'worker' },
        node: 'node-1',
        gpus: 1,
      }),
    ],
  ];
}

test('root lists the four sections, and no failure node when all is well', () => {
  const { tree } = build(seedCluster());
  assert.deepEqual(tree.children(), ['s:hdfs', 's:alluxio', 's:training', 's:nodes']);
  assert.equal(tree.node('s:hdfs')?.description, '1 release');
});

test('HDFS release: components from the chart labels, ready/desired from the workloads', () => {
  const { tree } = build(seedCluster());
  assert.deepEqual(tree.children('s:hdfs'), ['r:hdfs|default|hdfs']);
  assert.deepEqual(tree.children('r:hdfs|default|hdfs'), [
    'c:hdfs|default|hdfs|namenode',
    'c:hdfs|default|hdfs|datanode',
  ]);
  const nn = tree.node('c:hdfs|default|hdfs|namenode')!;
  assert.equal(nn.label, 'namenode');
  assert.equal(nn.description, '1/1 ready · node-2');
  assert.equal(nn.state, 'ok');
  assert.deepEqual(nn.ref, { kind: 'statefulsets', namespace: 'default', name: 'hdfs-namenode' });
  assert.deepEqual(nn.webUi, { namespace: 'default', pod: 'hdfs-namenode-0', port: 50070 });
  const dn = tree.node('c:hdfs|default|hdfs|datanode')!;
  assert.equal(dn.label, 'datanodes');
  assert.equal(dn.description, '1/2 ready · 2 nodes');
  assert.equal(dn.state, 'error', 'a crash-looping datanode makes the component red');
  const release = tree.node('r:hdfs|default|hdfs')!;
  assert.equal(release.state, 'error');
  assert.match(release.description, /namenode 1\/1 · datanode 1\/2/);
});

test('pods show phase, node, restarts and age; crash loops are errors', () => {
  const { tree } = build(seedCluster());
  const ids = tree.children('c:hdfs|default|hdfs|datanode');
  assert.deepEqual(ids, [
    'c:hdfs|default|hdfs|datanode>pod:default/hdfs-datanode-a',
    'c:hdfs|default|hdfs|datanode>pod:default/hdfs-datanode-b',
  ]);
  const bad = tree.node(ids[1], NOW)!;
  assert.equal(bad.description, 'CrashLoopBackOff · 0/1 · node-2 · 3 restarts · 60m');
  assert.equal(bad.state, 'error');
  assert.match(bad.contextValue, /\bdelete\b/);
  assert.match(bad.contextValue, /\blogs\b/);
  assert.deepEqual(bad.logs, { namespace: 'default', kind: 'pod', name: 'hdfs-datanode-b' });
  assert.equal(tree.parent(ids[1]), 'c:hdfs|default|hdfs|datanode');
});

test('Alluxio release: cache tier and root UFS from the Helm release, linked to the HDFS namenode Service', () => {
  const { tree } = build(seedCluster());
  assert.deepEqual(tree.children('r:alluxio|default|alluxio'), [
    'r:alluxio|default|alluxio>info:cache',
    'r:alluxio|default|alluxio>info:ufs',
    'c:alluxio|default|alluxio|master',
    'c:alluxio|default|alluxio|worker',
    'c:alluxio|default|alluxio|fuse',
  ]);
  assert.equal(tree.node('r:alluxio|default|alluxio>info:cache')?.description, 'MEM 20GB on /dev/shm');
  const ufs = tree.node('r:alluxio|default|alluxio>info:ufs')!;
  assert.equal(ufs.linkTo, 'r:hdfs|default|hdfs');
  assert.match(
    ufs.description,
    /^hdfs:\/\/hdfs-namenode-0\.hdfs-namenode\.default\.svc\.cluster\.local:8020 → HDFS hdfs$/,
  );
  assert.equal(tree.node('c:alluxio|default|alluxio|master')?.webUi?.port, 19999);
});

test('root UFS in another cluster is not linked', () => {
  const objs = seedCluster().filter(([k]) => k !== 'helmreleases');
  objs.push([
    'helmreleases',
    helmSecret('alluxio', 1, 'alluxio', {
      properties: { 'alluxio.master.mount.table.root.ufs': 'hdfs://namenode.example.com:8020' },
    }),
  ]);
  const { tree } = build(objs);
  const ufs = tree.node('r:alluxio|default|alluxio>info:ufs')!;
  assert.equal(ufs.linkTo, undefined);
  assert.match(ufs.tooltip, /No namenode Service/);
});

test('chart defaults are merged under the user values (Helm semantics)', () => {
  const objs = seedCluster().filter(([k]) => k !== 'helmreleases');
  objs.push([
    'helmreleases',
    helmSecret(
      'alluxio',
      2,
      'alluxio',
      { properties: { 'alluxio.master.mount.table.root.ufs': 'hdfs://x:8020' } },
      { tieredstore: { levels: [{ level: 0, alias: 'MEM', path: '/dev/shm', quota: '1G', type: 'emptyDir' }] } },
    ),
  ]);
  const { tree } = build(objs);
  assert.equal(tree.node('r:alluxio|default|alluxio>info:cache')?.description, 'MEM 1G on /dev/shm');
});

test('a Helm upgrade that lists the new revision before the old one stops being deployed keeps the new values', () => {
  const { model, tree } = build(seedCluster());
  const v2 = helmSecret('alluxio', 2, 'alluxio', {
    ...SEED_ALLUXIO_VALUES,
    tieredstore: { levels: [{ alias: 'SSD', quota: '100GB', path: '/mnt/ssd' }] },
  });
  model.apply('helmreleases', { type: 'ADDED', object: v2 });
  model.apply('helmreleases', { type: 'DELETED', object: helmSecret('alluxio', 1, 'alluxio', SEED_ALLUXIO_VALUES) });
  assert.equal(tree.node('r:alluxio|default|alluxio>info:cache')?.description, 'SSD 100GB on /mnt/ssd');
});

test('training: TFJob status from conditions, Arena ConfigMap merged into the same job, pods with GPUs', () => {
  const { tree } = build(seedCluster());
  assert.deepEqual(tree.children('s:training'), ['j:job|tfjobs|default|alluxio-pytorch']);
  const job = tree.node('j:job|tfjobs|default|alluxio-pytorch', NOW)!;
  assert.equal(job.state, 'progress');
  assert.equal(job.description, 'Running · Worker 1/1 · 1 GPU · 60m');
  assert.match(job.tooltip, /submitted with Arena/);
  assert.deepEqual(job.ref, { kind: 'tfjobs', namespace: 'default', name: 'alluxio-pytorch' });
  assert.deepEqual(job.logs, { namespace: 'default', kind: 'tfjob', name: 'alluxio-pytorch' });
  const pods = tree.children('j:job|tfjobs|default|alluxio-pytorch');
  assert.deepEqual(pods, ['j:job|tfjobs|default|alluxio-pytorch>pod:default/alluxio-pytorch-worker-0']);
  assert.match(tree.node(pods[0], NOW)!.description, /node-1 · 1 GPU/);
});

test('terminal conditions win over later ones; Failed is red', () => {
  const { tree } = build([['tfjobs', tfJob('j', { conditions: ['Created', 'Running', 'Failed'] })]]);
  const n = tree.node('j:job|tfjobs|default|j')!;
  assert.equal(n.state, 'error');
  assert.match(n.description, /^Failed/);
});

test('an Arena job without a visible CR shows from its ConfigMap and pods', () => {
  const { tree } = build([
    ['configmaps', arenaConfigMap('mpi-job', 'mpijob')],
    ['pods', pod('lonely', { labels: { app: 'pytorchjob', release: 'pt' }, phase: 'Pending' })],
  ]);
  assert.deepEqual(tree.children('s:training'), ['j:job|arena|default|mpi-job', 'j:job|pytorchjobs|default|pt']);
  assert.deepEqual(tree.node('j:job|arena|default|mpi-job')?.ref, {
    kind: 'configmaps',
    namespace: 'default',
    name: 'mpi-job-mpijob',
  });
  assert.match(tree.node('j:job|pytorchjobs|default|pt')!.description, /^Pending · 1 pod · /);
});

test('nodes: dataset label first, GPUs allocated/capacity, and the Alluxio and training pods on each', () => {
  const { tree } = build(seedCluster());
  assert.deepEqual(tree.children('s:nodes'), ['n:node-1', 'n:node-2']);
  const n1 = tree.node('n:node-1')!;
  assert.equal(n1.description, 'dataset=mnist · GPU 1/2 · Alluxio fuse · Alluxio worker · HDFS datanode · training');
  assert.equal(n1.icon, 'database');
  assert.deepEqual(tree.children('n:node-1'), [
    'n:node-1>pod:default/alluxio-fuse-x',
    'n:node-1>pod:default/alluxio-pytorch-worker-0',
    'n:node-1>pod:default/alluxio-worker-x',
    'n:node-1>pod:default/hdfs-datanode-a',
  ]);
  assert.equal(tree.node('s:nodes')?.description, '2 nodes · 1 with dataset');
  assert.doesNotMatch(
    tree.node('n:node-1>pod:default/alluxio-worker-x')!.description,
    /node-1/,
    'the node is not repeated under itself',
  );
});

test('a finished pod no longer holds its GPUs', () => {
  const { model, tree } = build(seedCluster());
  model.apply('pods', {
    type: 'MODIFIED',
    object: pod('alluxio-pytorch-worker-0', {
      owner: { kind: 'TFJob', name: 'alluxio-pytorch' },
      node: 'node-1',
      gpus: 1,
      phase: 'Succeeded',
    }),
  });
  assert.match(tree.node('n:node-1')!.description, /GPU 0\/2/);
});

test('failures: CRD missing is a node under Training; forbidden per kind and unreachable once at the root', () => {
  const { model, tree } = build(seedCluster());
  model.setFailure('tfjobs', { kind: 'crdMissing', message: 'TFJob CRD not installed', hint: 'install' });
  model.setFailure('nodes', {
    kind: 'forbidden',
    message: 'cannot list nodes at cluster scope: forbidden for user alice',
    hint: 'ask',
  });
  model.setFailure('pods', { kind: 'unreachable', message: 'unreachable (ECONNREFUSED)', hint: 'retry' });
  model.setFailure('services', { kind: 'unreachable', message: 'unreachable (ECONNREFUSED)', hint: 'retry' });
  assert.deepEqual(tree.children(), ['f:unreachable', 'f:nodes', 's:hdfs', 's:alluxio', 's:training', 's:nodes']);
  assert.equal(tree.node('f:nodes')?.label, 'cannot list nodes at cluster scope: forbidden for user alice');
  assert.match(tree.node('f:unreachable')!.contextValue, /\bretry\b/);
  assert.match(tree.node('f:unreachable')!.tooltip, /Affects: pods, services/);
  assert.equal(tree.children('s:training')[0], 's:training>f:tfjobs');
  assert.equal(tree.node('s:training>f:tfjobs')?.label, 'TFJob: CRD not installed');
  const cleared = model.setFailure('nodes', undefined);
  assert.ok(cleared.has(ROOT));
  assert.ok(!tree.children().includes('f:nodes'));
});

test('many forbidden kinds are grouped under one "limited access" node with a child per kind', () => {
  const { model, tree } = build([['pods', pod('p')]]);
  for (const k of ['nodes', 'services', 'tfjobs'] as const) {
    model.setFailure(k, { kind: 'forbidden', message: `cannot list ${k}: forbidden for user viewer`, hint: 'ask' });
  }
  assert.deepEqual(tree.children().slice(0, 1), ['f:forbidden']);
  assert.equal(tree.node('f:forbidden')?.label, 'Limited access for user viewer');
  assert.equal(tree.node('f:forbidden')?.expandable, true);
  assert.match(
    tree.node('f:forbidden')!.tooltip,
    /on nodes, services and tfjobs, or switch/,
    'the hint names every kind it cannot list, not only the first',
  );
  assert.deepEqual(tree.children('f:forbidden'), [
    'f:forbidden>f:nodes',
    'f:forbidden>f:services',
    'f:forbidden>f:tfjobs',
  ]);
  assert.equal(tree.node('f:forbidden>f:nodes')?.label, 'cannot list nodes: forbidden for user viewer');
  assert.equal(tree.parent('f:forbidden>f:nodes'), 'f:forbidden');
  assert.equal(tree.node('s:nodes')?.description, 'none visible (cannot list nodes)');
});

test('incremental: a pod status change reports its own nodes and its parents, nothing else', () => {
  const { model } = build(seedCluster());
  const changes = model.apply('pods', {
    type: 'MODIFIED',
    object: pod('alluxio-worker-x', { labels: alluxioLabels('worker'), node: 'node-1', restarts: 1 }),
  });
  assert.deepEqual([...changes].sort(), [
    'c:alluxio|default|alluxio|worker',
    'c:alluxio|default|alluxio|worker>pod:default/alluxio-worker-x',
    'n:node-1',
    'n:node-1>pod:default/alluxio-worker-x',
    'r:alluxio|default|alluxio',
  ]);
});

test('incremental: deleting the last pod of a release removes the release and refreshes the section', () => {
  const { model, tree } = build([
    ['pods', pod('alluxio-master-0', { labels: alluxioLabels('master', 'other'), node: 'n1' })],
  ]);
  assert.deepEqual(tree.children('s:alluxio'), ['r:alluxio|default|other']);
  const changes = model.apply('pods', {
    type: 'DELETED',
    object: pod('alluxio-master-0', { labels: alluxioLabels('master', 'other') }),
  });
  assert.ok(changes.has('s:alluxio'));
  assert.deepEqual(tree.children('s:alluxio'), []);
  assert.equal(tree.node('r:alluxio|default|other'), undefined);
  assert.equal(model.nodePods.get('n1')?.size, 0);
});

test('incremental: a pod moving to another node refreshes both nodes', () => {
  const { model } = build(seedCluster());
  const changes = model.apply('pods', {
    type: 'MODIFIED',
    object: pod('alluxio-worker-x', { labels: alluxioLabels('worker'), node: 'node-2' }),
  });
  assert.ok(changes.has('n:node-1') && changes.has('n:node-2'));
  assert.ok(!model.nodePods.get('node-1')?.has('default/alluxio-worker-x'));
  assert.ok(model.nodePods.get('node-2')?.has('default/alluxio-worker-x'));
});

test('reset (after a re-list) removes what is gone and keeps the rest', () => {
  const { model, tree } = build(seedCluster());
  const pods = seedCluster()
    .filter(([k, o]) => k === 'pods' && o.metadata.name !== 'hdfs-datanode-b')
    .map(([, o]) => o);
  const changes = model.reset('pods', pods);
  assert.ok(changes.has('c:hdfs|default|hdfs|datanode'));
  assert.equal(tree.children('c:hdfs|default|hdfs|datanode').length, 1);
  assert.equal(model.pods.size, pods.length);
});

test('setJobProgress shows the text on the job node', () => {
  const { model, tree } = build(seedCluster());
  const changes = model.setJobProgress('default', 'alluxio-pytorch', 'epoch 3 · 82% · loss 0.0217');
  assert.ok(changes.has('j:job|tfjobs|default|alluxio-pytorch'));
  assert.match(tree.node('j:job|tfjobs|default|alluxio-pytorch')!.description, /epoch 3 · 82% · loss 0\.0217/);
});

test('parent() inverts children() for every node of the tree', () => {
  const { tree } = build(seedCluster());
  const walk = (id: string | undefined): void => {
    for (const c of tree.children(id)) {
      assert.equal(tree.parent(c), id, `parent of ${c}`);
      assert.ok(tree.node(c), `node ${c} renders`);
      walk(c);
    }
  };
  walk(undefined);
});

test('applying one pod event with 5,000 pods on 500 nodes takes well under a millisecond', () => {
  const model = new ClusterModel();
  for (let n = 0; n < 500; n++) model.apply('nodes', { type: 'ADDED', object: node(`node-${n}`, { gpus: 8 }) });
  for (let i = 0; i < 5000; i++) {
    model.apply('pods', {
      type: 'ADDED',
      object: pod(`p-${i}`, {
        node: `node-${i % 500}`,
        labels: i % 100 === 0 ? alluxioLabels('worker') : {},
        gpus: i % 7 === 0 ? 1 : 0,
      }),
    });
  }
  const events = Array.from({ length: 2000 }, (_, i) =>
    pod(`p-${(i * 37) % 5000}`, {
      node: `node-${(i * 11) % 500}`,
      labels: i % 50 === 0 ? alluxioLabels('worker') : {},
      restarts: i,
    }),
  );
  const t0 = performance.now();
  for (const o of events) model.apply('pods', { type: 'MODIFIED', object: o });
  const perEvent = (performance.now() - t0) / events.length;
  assert.ok(perEvent < 1, `per-event ${perEvent.toFixed(3)} ms`);
  assert.equal(model.pods.size, 5000);
});

test('a missing CRD says "training-operator not installed" only when no training CRD is served', () => {
  const { model, tree } = build([]);
  model.reset('pytorchjobs', []);
  model.setFailure('tfjobs', { kind: 'crdMissing', message: 'TFJob CRD not installed', hint: 'install' });
  const one = tree.node('s:training>f:tfjobs')!;
  assert.doesNotMatch(one.description, /operator not installed/, 'PyTorchJobs are served: the operator is there');
  assert.match(one.description, /PyTorchJobs are served/);
  assert.match(one.tooltip, /TFJob CRD/);
  model.setFailure('pytorchjobs', { kind: 'crdMissing', message: 'PyTorchJob CRD not installed', hint: 'install' });
  assert.equal(tree.node('s:training>f:tfjobs')!.description, 'training-operator not installed');
});

test('a job known only from its Arena ConfigMap says what is known: not "Created"', () => {
  const { model, tree } = build([['configmaps', arenaConfigMap('mnist')]]);
  model.setFailure('tfjobs', { kind: 'crdMissing', message: 'TFJob CRD not installed', hint: 'install' });
  const job = tree.node('j:job|tfjobs|default|mnist', NOW)!;
  assert.doesNotMatch(job.description, /Created/);
  assert.match(job.description, /^status unknown · 60m$/);
  assert.match(plain(job.tooltip), /Status: unknown: no TFJob object is visible \(the TFJob CRD is not installed\)/);
  assert.doesNotMatch(job.tooltip, /Created/);
  assert.equal(job.state, 'idle');
  // Its pods, when there are some, tell how it runs: said as such.
  model.apply('pods', {
    type: 'ADDED',
    object: pod('mnist-worker-0', { labels: { app: 'tfjob', release: 'mnist' }, phase: 'Running', node: 'n' }),
  });
  const running = tree.node('j:job|tfjobs|default|mnist', NOW)!;
  assert.match(running.description, /^Running · 1 pod · /);
  assert.match(plain(running.tooltip), /Status: Running \(from its pods; no TFJob object is visible/);
});
