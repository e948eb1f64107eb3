import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterModel, ROOT, SECTIONS } from '../../../src/core/model/cluster-model';
import { ExplorerTree } from '../../../src/core/model/tree';
import { parseNodeId, nodeId, fluidNodeId } from '../../../src/core/model/node-id';
import { boundStatus, dataLoad, dataset, READY_RUNTIME_STATUS, runtime } from './objects';

const crdMissing = { kind: 'crdMissing', message: 'Dataset CRD not installed', hint: 'Install Fluid' };

function tree(): { model: ClusterModel; tree: ExplorerTree } {
  const model = new ClusterModel();
  return { model, tree: new ExplorerTree(model) };
}

test('no Fluid section while the data.fluid.io CRDs are missing, and no failure row anywhere', () => {
  const { model, tree: t } = tree();
  for (const k of ['datasets', 'alluxioruntimes', 'dataloads'] as const) model.setFailure(k, crdMissing);
  model.reset('pods', []);
  assert.ok(!t.children(ROOT).includes(SECTIONS.fluid));
  assert.ok(!t.children(ROOT).some((id) => id.startsWith('f:')));
  assert.deepEqual(t.children(SECTIONS.training), []);
});

test('the section appears once a Fluid kind is listed, with datasets, runtimes and loads in order', () => {
  const { model, tree: t } = tree();
  const changes = model.reset('datasets', [dataset('mnist', boundStatus('1.95MiB', '50.0%')), dataset('cifar')]);
  assert.ok(changes.has(SECTIONS.fluid));
  model.reset('alluxioruntimes', [runtime('mnist', READY_RUNTIME_STATUS)]);
  model.reset('dataloads', [dataLoad('mnist-warmup', 'mnist', { phase: 'Executing', duration: 'Unfinished' })]);
  assert.ok(t.children(ROOT).includes(SECTIONS.fluid));
  assert.deepEqual(t.children(SECTIONS.fluid), [
    fluidNodeId('dataset', 'default', 'cifar'),
    fluidNodeId('dataset', 'default', 'mnist'),
    fluidNodeId('runtime', 'default', 'mnist'),
    fluidNodeId('dataload', 'default', 'mnist-warmup'),
  ]);
  assert.equal(t.node(SECTIONS.fluid)?.description, '2 datasets · 1 runtime · 1 loading');
  const d = t.node(fluidNodeId('dataset', 'default', 'mnist'))!;
  assert.equal(d.description, 'Bound · 50.0% cached (1.95MiB of 256.00MiB) · hit 0.0% · UFS 3.90MiB, 4 files');
  assert.equal(d.state, 'ok');
  assert.match(d.tooltip, /Local hit ratio \| `0\.0%`/);
  assert.match(d.tooltip, /Runtime \| `mnist` \(alluxio\)/);
  assert.match(d.tooltip, /master 1\/1 Ready, worker 2\/2 Ready/);
  assert.match(d.tooltip, /DataLoad `mnist-warmup` \| Executing/);
  assert.deepEqual(d.ref, { kind: 'datasets', namespace: 'default', name: 'mnist' });
  assert.equal(t.node(fluidNodeId('dataset', 'default', 'cifar'))?.description, 'no status yet');
  const r = t.node(fluidNodeId('runtime', 'default', 'mnist'))!;
  assert.equal(r.description, 'master 1/1 Ready · worker 2/2 Ready · fuse 0/0 Ready · MEM 2Gi');
  const l = t.node(fluidNodeId('dataload', 'default', 'mnist-warmup'))!;
  assert.equal(l.description, 'Executing · Unfinished · dataset mnist · /data');
  assert.equal(l.state, 'progress');
});

test('a watch event on a Dataset changes its row only; a DataLoad touches its dataset row too', () => {
  const { model, tree: t } = tree();
  model.reset('datasets', [dataset('mnist', boundStatus('0.00B', '0.0%'))]);
  const id = fluidNodeId('dataset', 'default', 'mnist');
  const c1 = model.apply('datasets', { type: 'MODIFIED', object: dataset('mnist', boundStatus('3.90MiB', '100.0%')) });
  assert.deepEqual([...c1], [id]);
  assert.match(t.node(id)!.description, /100\.0% cached/);
  const c2 = model.apply('dataloads', {
    type: 'ADDED',
    object: dataLoad('w', 'mnist', { phase: 'Complete', duration: '9s' }),
  });
  assert.ok(c2.has(id) && c2.has(SECTIONS.fluid));
  const c3 = model.apply('dataloads', { type: 'DELETED', object: dataLoad('w', 'mnist') });
  assert.ok(c3.has(id));
  assert.equal(model.fluid.dataloads.size, 0);
  model.reset('datasets', []);
  assert.equal(t.node(id), undefined);
});

test('Fluid ids round-trip and reject what they did not build', () => {
  const id = fluidNodeId('runtime', 'ns-1', 'mnist');
  const n = parseNodeId(id);
  assert.deepEqual(n, { kind: 'fluid', what: 'runtime', namespace: 'ns-1', name: 'mnist' });
  assert.equal(nodeId(n!), id);
  assert.equal(new ExplorerTree(new ClusterModel()).parent(id), SECTIONS.fluid);
  for (const bad of ['x:pod|a|b', 'x:dataset|a', 'x:dataset|a|b|c', 'x:'])
    assert.equal(parseNodeId(bad), undefined, bad);
});

test('status text from the cluster is bounded and made visible', () => {
  const { model, tree: t } = tree();
  const long = 'x'.repeat(10_000);
  model.reset('datasets', [
    dataset('mnist', { phase: `Bound\u202e${long}`, mounts: [], runtimes: new Array(1000).fill({ name: long }) }),
  ]);
  const d = t.node(fluidNodeId('dataset', 'default', 'mnist'))!;
  assert.ok(d.description.length < 400, String(d.description.length));
  assert.match(d.description, /\\u202e/);
  assert.equal(model.fluid.datasets.get('default/mnist')!.runtimes.length, 32);
});
