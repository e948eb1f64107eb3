// Convert to Fluid: the guide's config.yaml (2.2, string jvmOptions) and the 2.9 forms become a Dataset
// and an AlluxioRuntime that pass the Fluid schemas; what has no equivalent is listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { analyzeYaml } from '../../../src/core/checks/diagnose';
import { generateAlluxioConfig, SEED_ALLUXIO_INPUT } from '../../../src/core/generate/alluxio-config';
import { convertHelmToFluid, rootUfsOf, toQuantity } from '../../../src/core/generate/fluid-convert';
import { generateFluidDataset } from '../../../src/core/generate/fluid-resources';
import { store } from '../authoring/helpers';
import { seedConfigYaml, sharedFile } from '../authoring/seed';

function roundTrip(values: unknown, name = 'mnist') {
  const conversion = convertHelmToFluid(values, { name });
  const files = generateFluidDataset(conversion.input);
  for (const [file, text] of Object.entries(files)) {
    const a = analyzeYaml(text, `/w/${file}`, { store });
    assert.deepEqual(a.problems, [], `${file}:\n${text}`);
  }
  return {
    ...conversion,
    dataset: load(files[`${name}-dataset.yaml`]) as any,
    runtime: load(files[`${name}-alluxioruntime.yaml`]) as any,
  };
}

const keys = (notes: Array<{ key: string; kind: string }>, kind: string) =>
  notes.filter((n) => n.kind === kind).map((n) => n.key);

test("the guide's config.yaml converts to a Dataset and AlluxioRuntime with no schema problems", () => {
  const { dataset, runtime, notes } = roundTrip(load(seedConfigYaml()));
  assert.equal(
    dataset.spec.mounts[0].mountPoint,
    'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020/',
  );
  assert.equal(dataset.spec.mounts[0].path, '/');
  assert.deepEqual(dataset.spec.nodeAffinity.required.nodeSelectorTerms, [
    { matchExpressions: [{ key: 'dataset', operator: 'In', values: ['mnist'] }] },
  ]);
  assert.deepEqual(runtime.spec.alluxioVersion, {
    image: 'registry.cn-huhehaote.aliyuncs.com/alluxio/alluxio',
    imageTag: '2.2.0-SNAPSHOT-b2c7e50',
  });
  // 2.2's one-string jvmOptions become lists.
  assert.deepEqual(runtime.spec.master.jvmOptions, ['-Xmx4G']);
  assert.deepEqual(runtime.spec.worker.jvmOptions, ['-Xmx4G']);
  assert.deepEqual(runtime.spec.fuse.jvmOptions, ['-Xmx4G', '-Xms4G']);
  assert.deepEqual(runtime.spec.fuse.args, ['fuse', '--fuse-opts=direct_io']);
  assert.equal(runtime.spec.fuse.image, 'registry.cn-huhehaote.aliyuncs.com/alluxio/alluxio-fuse');
  // 20GB in Alluxio's units is 20 GiB.
  assert.deepEqual(runtime.spec.tieredstore.levels, [
    { mediumtype: 'MEM', volumeType: 'hostPath', path: '/dev/shm', quota: '20Gi', high: '0.99', low: '0.8' },
  ]);
  assert.deepEqual(runtime.spec.properties, {
    'alluxio.fuse.debug.enabled': 'false',
    'alluxio.user.file.writetype.default': 'MUST_CACHE',
  });
  // The journal is Fluid's; the root UFS moved to the Dataset.
  assert.deepEqual(keys(notes, 'dropped'), [
    'properties["alluxio.master.journal.folder"]',
    'properties["alluxio.master.journal.type"]',
  ]);
  assert.ok(keys(notes, 'changed').includes('tieredstore.levels[0].quota'));
  assert.ok(keys(notes, 'changed').includes('worker'), 'says that workers are counted, not one per node');
});

test('the 2.9 forms (jvmOptions lists, fuse mountPoint/mountOptions, journal, shortCircuit) convert too', () => {
  const text = generateAlluxioConfig({ ...SEED_ALLUXIO_INPUT, flavour: 'alluxio-2.9', imageTag: '2.9.6' });
  const values = load(text) as any;
  values.journal = { type: 'UFS', folder: '/journal' };
  values.shortCircuit = { enabled: true, policy: 'uuid' };
  values.worker.hostNetwork = false;
  values.worker.resources = { limits: { memory: '32Gi' } };
  values.master.count = 3;
  values.master.tolerations = [{ key: 'gpu', operator: 'Exists' }];
  values.properties['alluxio.master.mount.table.root.option.alluxio.underfs.version'] = '2.7';
  const { dataset, runtime, notes } = roundTrip(values);
  assert.deepEqual(runtime.spec.master.jvmOptions, ['-Xmx4G']);
  assert.deepEqual(runtime.spec.fuse.jvmOptions, ['-Xmx4G', '-Xms4G']);
  assert.deepEqual(runtime.spec.fuse.args, ['fuse', '--fuse-opts=allow_other,direct_io']);
  assert.equal(runtime.spec.worker.networkMode, 'ContainerNetwork');
  assert.deepEqual(runtime.spec.worker.resources, { limits: { memory: '32Gi' } });
  assert.equal(runtime.spec.master.replicas, 3);
  assert.deepEqual(dataset.spec.mounts[0].options, { 'alluxio.underfs.version': '2.7' });
  const dropped = keys(notes, 'dropped');
  for (const k of ['journal', 'shortCircuit', 'fuse.enabled', 'fuse.mountPoint', 'master.tolerations'])
    assert.ok(dropped.includes(k), `${k} listed as having no equivalent; got ${dropped.join(', ')}`);
  assert.match(notes.find((n) => n.key === 'fuse.mountPoint')!.message, /PVC/);
});

test("the 2.9 chart's own values.yaml converts with no schema problems once it names a UFS", () => {
  const values = load(sharedFile('fixtures', 'upstream', 'alluxio-chart-2.9', 'values.yaml')) as any;
  assert.equal(rootUfsOf(values), undefined);
  assert.throws(() => convertHelmToFluid(values, { name: 'x' }), /has no alluxio.master.mount.table.root.ufs/);
  const c = convertHelmToFluid(values, { name: 'x', mountPoint: 'hdfs://nn:8020/' });
  const files = generateFluidDataset(c.input);
  for (const [file, t] of Object.entries(files)) assert.deepEqual(analyzeYaml(t, file, { store }).problems, [], t);
  const dropped = keys(c.notes, 'dropped');
  for (const k of ['proxy', 'logserver', 'csi', 'metrics', 'journal', 'master.livenessProbe'])
    assert.ok(dropped.includes(k), `${k}; got ${dropped.join(', ')}`);
  assert.ok(c.notes.every((n) => n.message.length > 10 && !/undefined/.test(n.message)));
});

test('sizes: Alluxio units become Kubernetes quantities; bad input is refused, not guessed', () => {
  assert.equal(toQuantity('20GB'), '20Gi');
  assert.equal(toQuantity('1G'), '1Gi');
  assert.equal(toQuantity('512MB'), '512Mi');
  assert.equal(toQuantity('1Gi'), '1Gi');
  assert.equal(toQuantity('1.5GB'), '1536Mi');
  assert.equal(toQuantity(1000), '1000');
  assert.equal(toQuantity('lots'), undefined);
  const values = load(seedConfigYaml()) as any;
  values.tieredstore.levels[0].quota = 'lots';
  const c = convertHelmToFluid(values, { name: 'm' });
  assert.deepEqual(c.input.tiers, []);
  assert.match(c.notes.find((n) => n.key === 'tieredstore.levels[0]')!.message, /"lots" is not a size/);
  assert.throws(() => convertHelmToFluid('just text', { name: 'm' }), /not a mapping of Helm values/);
});
