import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/model/cluster-model';
import { ExplorerTree } from '../../../src/core/model/tree';
import { groupKey, nodeId, parseGroupKey, parseNodeId, type NodeId } from '../../../src/core/model/node-id';
import {
  alluxioLabels,
  arenaConfigMap,
  hdfsLabels,
  helmSecret,
  node,
  pod,
  SEED_ALLUXIO_VALUES,
  tfJob,
} from './objects';

function seedTree(): ExplorerTree {
  const model = new ClusterModel();
  model.apply('nodes', { type: 'ADDED', object: node('node-1', { labels: { dataset: 'mnist' } }) });
  model.apply('pods', {
    type: 'ADDED',
    object: pod('hdfs-namenode-0', { labels: hdfsLabels('namenode'), node: 'node-1' }),
  });
  model.apply('pods', {
    type: 'ADDED',
    object: pod('alluxio-master-0', { labels: alluxioLabels('master'), node: 'node-1' }),
  });
  model.apply('helmreleases', { type: 'ADDED', object: helmSecret('alluxio', 1, 'alluxio', SEED_ALLUXIO_VALUES) });
  model.apply('tfjobs', { type: 'ADDED', object: tfJob('train', { namespace: 'ml' }) });
  model.apply('configmaps', { type: 'ADDED', object: arenaConfigMap('mpi', 'mpijob') });
  model.apply('pods', {
    type: 'ADDED',
    object: pod('train-worker-0', { namespace: 'ml', owner: { kind: 'TFJob', name: 'train' }, node: 'node-1' }),
  });
  model.setFailure('tfjobs', { kind: 'crdMissing', message: 'm', hint: 'h' });
  for (const k of ['nodes', 'services', 'deployments'] as const)
    model.setFailure(k, { kind: 'forbidden', message: `cannot list ${k}: forbidden for user v`, hint: 'h' });
  model.setFailure('pods', { kind: 'unreachable', message: 'down', hint: 'h' });
  return new ExplorerTree(model);
}

test('every id of the tree parses to a typed value that builds the same id again', () => {
  const t = seedTree();
  const kinds = new Set<string>();
  const walk = (id?: string): void => {
    for (const c of t.children(id)) {
      const parsed = parseNodeId(c);
      assert.ok(parsed, `parses ${c}`);
      assert.equal(nodeId(parsed), c);
      kinds.add(parsed.kind + (parsed.kind === 'failure' ? `:${parsed.under ?? 'root'}` : ''));
      walk(c);
    }
  };
  walk();
  assert.deepEqual([...kinds].sort(), [
    'clusterNode',
    'component',
    'failure:forbidden',
    'failure:root',
    'failure:training',
    'forbiddenGroup',
    'info',
    'job',
    'pod',
    'release',
    'section',
  ]);
});

test('parsed ids carry what commands need: a release, a node name, a pod and the node that lists it', () => {
  assert.deepEqual(parseNodeId('r:hdfs|default|hdfs'), {
    kind: 'release',
    release: { product: 'hdfs', namespace: 'default', release: 'hdfs' },
  });
  assert.deepEqual(parseNodeId('n:kwok-gpu-0'), { kind: 'clusterNode', name: 'kwok-gpu-0' });
  const p = parseNodeId('j:job|tfjobs|ml|train>pod:ml/train-worker-0') as Extract<NodeId, { kind: 'pod' }>;
  assert.equal(p.kind, 'pod');
  assert.deepEqual(p.parent, { kind: 'job', job: { jobKind: 'tfjobs', namespace: 'ml', name: 'train' } });
  assert.equal(`${p.namespace}/${p.name}`, 'ml/train-worker-0');
  assert.deepEqual(parseNodeId('r:alluxio|default|alluxio>info:ufs'), {
    kind: 'info',
    release: { product: 'alluxio', namespace: 'default', release: 'alluxio' },
    what: 'ufs',
  });
});

test('ids this module did not build do not parse', () => {
  for (const bad of [
    '',
    'x:y',
    's:other',
    'r:hdfs|only-two',
    'r:nfs|ns|rel',
    'c:hdfs|ns|rel',
    'j:job|mpijobs|ns|n',
    'n:',
    'f:',
    'n:a>pod:no-namespace',
    's:hdfs>pod:ns/p',
    'r:hdfs|ns|rel>info:other',
    'c:hdfs|ns|rel|namenode>pod:ns/p>pod:ns/q',
    'n:a>f:nodes',
  ])
    assert.equal(parseNodeId(bad), undefined, bad);
});

test('group keys round-trip', () => {
  for (const g of [
    { type: 'component', product: 'alluxio', namespace: 'default', release: 'alluxio', role: 'worker' },
    { type: 'job', jobKind: 'arena', namespace: 'ml', name: 'mpi' },
  ] as const)
    assert.deepEqual(parseGroupKey(groupKey(g)), g);
  assert.equal(parseGroupKey('job|x|y'), undefined);
});
