import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyFluid, APPLY_ANYWAY } from '../../../src/commands/fluid-apply';
import { DELETE_DATALOAD, fluidWarmUp } from '../../../src/commands/fluid-warmup';
import { withOptions } from '../../../src/core/command-target';
import { memoryApplyDeps } from '../../doubles/memory-apply-deps';
import { store } from '../authoring/helpers';

function setup() {
  const { deps, cluster, prompter } = memoryApplyDeps({ schemas: () => store }, 'team-a');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-fluid-apply-'));
  return { cluster, prompter, deps, tmp };
}

const YAML = `apiVersion: data.fluid.io/v1alpha1
kind: Dataset
metadata:
  name: mnist
spec:
  mounts:
  - mountPoint: hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020/data
    name: data
---
apiVersion: data.fluid.io/v1alpha1
kind: AlluxioRuntime
metadata:
  name: mnist
  namespace: cache
spec:
  replicas: 2
  tieredstore:
    levels:
    - mediumtype: MEM
      path: /dev/shm
      quota: 2Gi
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: not-fluid
`;

test("Apply Fluid Dataset: each Fluid object by server-side apply as alluxio-dl, in its own or the explorer's namespace", async () => {
  const { deps, cluster, tmp } = setup();
  const file = path.join(tmp, 'mnist.yaml');
  fs.writeFileSync(file, YAML);
  const r = await applyFluid(deps, withOptions({ file }), () => undefined);
  assert.equal(r.outcome, 'applied', r.message);
  assert.deepEqual(r.applied, ['Dataset team-a/mnist', 'AlluxioRuntime cache/mnist']);
  const ds = (await cluster.list('datasets', 'team-a')).items[0];
  assert.equal((ds.metadata as any).managedFields[0].manager, 'alluxio-dl');
  assert.equal((await cluster.list('alluxioruntimes', 'cache')).items[0].spec.replicas, 2);
  assert.equal((await cluster.list('configmaps', '')).items.length, 0);
});

test('schema errors stop the apply unless the user says Apply anyway; a file without Fluid objects is named', async () => {
  const { deps, cluster, tmp, prompter } = setup();
  const file = path.join(tmp, 'bad.yaml');
  fs.writeFileSync(file, YAML.replace('quota: 2Gi', 'quota: 2GB'));
  prompter.answer = () => undefined;
  const refused = await applyFluid(deps, withOptions({ file }), () => undefined);
  assert.equal(refused.outcome, 'invalid');
  assert.match(refused.errors?.join('\n') ?? '', /line \d+: .*quota/);
  assert.equal((await cluster.list('datasets', '')).items.length, 0);
  prompter.answer = (m) => (m.actions.includes(APPLY_ANYWAY) ? APPLY_ANYWAY : undefined);
  assert.equal((await applyFluid(deps, withOptions({ file }), () => undefined)).outcome, 'applied');

  const other = path.join(tmp, 'cm.yaml');
  fs.writeFileSync(other, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  const none = await applyFluid(deps, withOptions({ file: other }), () => undefined);
  assert.equal(none.outcome, 'notFluid');
  assert.match(none.message ?? '', /cm\.yaml holds no Fluid Dataset/);
  assert.equal((await applyFluid(deps, withOptions({}), () => undefined)).outcome, 'noFile');
});

test('Warm Up: Cancel asks, and "Delete DataLoad" deletes it', async () => {
  const { deps, cluster, prompter } = setup();
  prompter.onProgress = (_title, cancel) => {
    // Cancel once the follower watches (the DataLoad exists and has no final phase).
    const tick = () => (cluster.activeWatches ? cancel() : setImmediate(tick));
    tick();
  };
  prompter.answer = (m) => (m.actions.includes(DELETE_DATALOAD) ? DELETE_DATALOAD : undefined);
  const r = await fluidWarmUp(deps, withOptions({ dataset: 'mnist', paths: ['/MNIST'], name: 'w1' }));
  assert.equal(r.outcome, 'cancelled', r.message);
  assert.match(prompter.said('warn')[0], /Stop following DataLoad team-a\/w1\?/);
  assert.equal((await cluster.list('dataloads', 'team-a')).items.length, 0);
});

test('Warm Up refuses a relative path before creating anything', async () => {
  const { deps, cluster } = setup();
  const r = await fluidWarmUp(deps, withOptions({ dataset: 'mnist', paths: ['data'] }));
  assert.equal(r.outcome, 'badPath');
  assert.equal((await cluster.list('dataloads', '')).items.length, 0);
});
