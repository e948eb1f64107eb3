// Fluid authoring: schema diagnostics on good and bad Dataset/AlluxioRuntime/DataLoad YAML, the checks
// that need the cluster, and the generator's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import type { ClusterContext } from '../../../src/core/checks/cluster';
import { clusterContextFromObjects } from '../../../src/core/checks/cluster';
import { analyzeYaml } from '../../../src/core/checks/diagnose';
import { generateFluidDataset, SEED_FLUID_INPUT } from '../../../src/core/generate/fluid-resources';
import { applyFix, problems, store, underlined } from '../authoring/helpers';

const DATASET = `apiVersion: data.fluid.io/v1alpha1
kind: Dataset
metadata:
  name: mnist
spec:
  mounts:
    - name: hdfs
      mountPoint: hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020/
      path: /
`;

const RUNTIME = `apiVersion: data.fluid.io/v1alpha1
kind: AlluxioRuntime
metadata:
  name: mnist
spec:
  replicas: 2
  tieredstore:
    levels:
      - mediumtype: MEM
        path: /dev/shm
        quota: 20Gi
        high: "0.99"
        low: "0.8"
  worker:
    jvmOptions:
      - -Xmx4G
    resources:
      limits:
        memory: 32Gi
`;

const DATALOAD = `apiVersion: data.fluid.io/v1alpha1
kind: DataLoad
metadata:
  name: mnist-warmup
spec:
  dataset:
    name: mnist
    namespace: default
  target:
    - path: /data
`;

const SEED_NN = { name: 'hdfs-namenode', namespace: 'default', port: 8020, pods: ['hdfs-namenode-0'] };

test('good Dataset, AlluxioRuntime and DataLoad are detected by content and have no problems', () => {
  for (const [text, id] of [
    [DATASET, 'fluid-dataset'],
    [RUNTIME, 'fluid-alluxioruntime'],
    [DATALOAD, 'fluid-dataload'],
  ] as const) {
    const a = analyzeYaml(text, '/w/x.yaml', { store });
    assert.deepEqual(a.schema, { id, source: 'content' });
    assert.deepEqual(a.problems, [], id);
  }
  // Another group's Dataset is not ours.
  assert.equal(analyzeYaml(DATASET.replace('data.fluid.io', 'example.com'), '/w/x.yaml', { store }).schema, undefined);
});

test('Helm-chart habits in an AlluxioRuntime get messages that say the Fluid way', () => {
  const text = RUNTIME.replace('- mediumtype: MEM', '- alias: MEM\n        level: 0\n        type: hostPath')
    .replace('quota: 20Gi', 'quota: 20GB')
    .replace('high: "0.99"', 'high: 0.99')
    .replace('jvmOptions:\n      - -Xmx4G', 'jvmOptions: " -Xmx4G "')
    .replace('  replicas: 2\n', '  replicas: 2\n  nodeSelector:\n    dataset: mnist\n');
  const ps = problems(text);
  const by = (re: RegExp) => ps.find((p) => re.test(p.message));
  const alias = by(/"alias"|alias is the 2.2/);
  assert.ok(alias, ps.map((p) => p.message).join('\n'));
  assert.equal(underlined(text, alias), 'alias');
  assert.match(alias.message, /Fluid calls it "mediumtype"/);
  assert.match(applyFix(text, alias.fixes![0]), /- mediumtype: MEM/);
  assert.match(by(/\.type /)!.message, /"volumeType"/);
  assert.match(by(/\.level /)!.message, /order of the list/);
  const quota = by(/quota/)!;
  assert.equal(underlined(text, quota), '20GB');
  assert.match(quota.message, /Kubernetes quantity such as 20Gi/);
  assert.equal(underlined(text, by(/high/)!), '0.99');
  const jvm = by(/jvmOptions/)!;
  assert.match(jvm.message, /list of strings/);
  assert.match(applyFix(text, jvm.fixes![0]), /jvmOptions:\n\s+- "?-Xmx4G"?/);
  assert.match(by(/nodeSelector/)!.message, /Dataset's spec.nodeAffinity/);
  // The API server rejects unknown keys: errors, not warnings.
  assert.ok(ps.every((p) => p.severity === 'error'));
});

test('bad Dataset and DataLoad: no mountPoint, a too-short one, paths instead of target, no dataset name, a bad name', () => {
  const noMount = DATASET.replace(/ {6}mountPoint: .*\n/, '');
  const m = problems(noMount);
  assert.ok(
    m.some((p) => p.code === 'required' && /needs "mountPoint"/.test(p.message)),
    m.map((p) => p.message).join('\n'),
  );
  const short = problems(DATASET.replace(/mountPoint: .*/, 'mountPoint: hdf'));
  assert.ok(short.some((p) => /at least 5 characters/.test(p.message)));
  const dl = DATALOAD.replace('  target:\n    - path: /data\n', '  paths:\n    - /data\n');
  const d = problems(dl);
  const paths = d.find((p) => underlined(dl, p) === 'paths');
  assert.match(paths!.message, /target: \[\{path: \/PATH\}\]/);
  const noName = problems(DATALOAD.replace('    name: mnist\n', ''));
  assert.ok(noName.some((p) => /spec.dataset needs "name"/.test(p.message)));
  const badName = problems(DATALOAD.replace('name: mnist-warmup', 'name: MNIST_warmup'));
  assert.ok(badName.some((p) => /DNS label/.test(p.message)));
});

test('a Dataset mount whose HDFS namenode is not in the cluster: a warning offering the one that is', () => {
  const cluster: ClusterContext = { namenodes: [SEED_NN] };
  assert.deepEqual(problems(DATASET, { cluster }), []);
  const text = DATASET.replace('hdfs-namenode-0.hdfs-namenode.default', 'namenode.storage');
  const [p] = problems(text, { cluster });
  assert.equal(p.code, 'ufs');
  assert.equal(underlined(text, p), 'hdfs://namenode.storage.svc.cluster.local:8020/');
  assert.match(p.message, /points at no HDFS namenode service in the cluster; found hdfs:\/\/hdfs-namenode-0/);
  assert.deepEqual(problems(applyFix(text, p.fixes![0]), { cluster }), []);
  const none = problems(text, { cluster: { namenodes: [] } });
  assert.match(none[0].message, /none was found in the cluster \(install HDFS first\)/);
  // Not known (no facts): no check.
  assert.deepEqual(problems(text), []);
  // A non-HDFS mount is not checked against namenodes.
  assert.deepEqual(problems(DATASET.replace(/mountPoint: .*/, 'mountPoint: s3://bucket/mnist'), { cluster }), []);
});

test('a DataLoad naming a Dataset missing from the cluster: a warning with the datasets there', () => {
  const datasets = [
    { name: 'mnist', namespace: 'default' },
    { name: 'cifar', namespace: 'default' },
    { name: 'mnist2', namespace: 'team-b' },
  ];
  assert.deepEqual(problems(DATALOAD, { cluster: { datasets } }), []);
  const text = DATALOAD.replace('name: mnist\n', 'name: mnsit\n');
  const [p] = problems(text, { cluster: { datasets } });
  assert.equal(underlined(text, p), 'mnsit');
  assert.match(p.message, /No Dataset "mnsit" in namespace default; found mnist, cifar/);
  const fixed = applyFix(
    text,
    p.fixes!.find((f) => f.preferred)!,
  );
  assert.deepEqual(problems(fixed, { cluster: { datasets } }), []);
  const other = DATALOAD.replace('name: mnist\n', 'name: mnist2\n');
  assert.match(
    problems(other, { cluster: { datasets } })[0].message,
    /there is one in team-b; set spec.dataset.namespace/,
  );
  // Without any namespace in the file, a Dataset of that name anywhere will do.
  const anyNs = other.replace('    namespace: default\n', '');
  assert.deepEqual(problems(anyNs, { cluster: { datasets } }), []);
  assert.match(problems(text, { cluster: { datasets: [] } })[0].message, /there is no Dataset/);
});

test('AlluxioRuntime MEM tier against the worker limit, node memory and /dev/shm', () => {
  assert.deepEqual(problems(RUNTIME, { cluster: { nodeMemoryBytes: [64 * 2 ** 30], shmBytes: 32 * 2 ** 30 } }), []);
  const over = RUNTIME.replace('memory: 32Gi', 'memory: 16Gi');
  const [limit] = problems(over);
  assert.equal(underlined(over, limit), '20Gi');
  assert.match(limit.message, /larger than spec.worker.resources.limits.memory \(16Gi\): Fluid refuses the runtime/);
  const nodes = clusterContextFromObjects({
    services: [],
    nodes: [
      { metadata: { name: 'a' }, status: { allocatable: { memory: '16Gi' } } },
      { metadata: { name: 'b' }, status: { allocatable: { memory: '15728640Ki' } } },
    ],
  });
  assert.deepEqual(nodes.nodeMemoryBytes, [16 * 2 ** 30, 15 * 2 ** 30]);
  const [node] = problems(RUNTIME, { cluster: nodes });
  assert.match(node.message, /more memory than any node has \(the largest allocates 16 GiB\).*Pending/);
  const [shm] = problems(RUNTIME, { cluster: { shmBytes: 8 * 2 ** 30 } });
  assert.match(shm.message, /larger than \/dev\/shm on the nodes \(8 GiB\)/);
  // quotaList over two paths adds up: 2 × 12Gi > 20Gi limit.
  const list = RUNTIME.replace(
    'path: /dev/shm\n        quota: 20Gi',
    'path: /dev/shm,/mnt/mem2\n        quotaList: 12Gi,12Gi',
  ).replace('memory: 32Gi', 'memory: 20Gi');
  const [sum] = problems(list);
  assert.match(sum.message, /The MEM tier \(24 GiB\)/);
  assert.equal(underlined(list, sum), '12Gi,12Gi');
  // An SSD tier asks no memory.
  assert.deepEqual(problems(over.replace('mediumtype: MEM', 'mediumtype: SSD')), []);
});

test('New Fluid Dataset: the guide’s setup as a Dataset and an AlluxioRuntime, both clean, bound by name', () => {
  const files = generateFluidDataset(SEED_FLUID_INPUT);
  assert.deepEqual(Object.keys(files), ['mnist-dataset.yaml', 'mnist-alluxioruntime.yaml']);
  const cluster: ClusterContext = { namenodes: [SEED_NN], nodeMemoryBytes: [64 * 2 ** 30], shmBytes: 32 * 2 ** 30 };
  for (const [name, text] of Object.entries(files)) {
    const a = analyzeYaml(text, `/w/${name}`, { store, cluster });
    assert.equal(a.schema?.source, 'modeline');
    assert.deepEqual(a.problems, [], `${name}:\n${text}`);
  }
  const ds = load(files['mnist-dataset.yaml']) as any;
  const rt = load(files['mnist-alluxioruntime.yaml']) as any;
  assert.equal(ds.metadata.name, rt.metadata.name);
  assert.deepEqual(ds.spec.mounts, [
    { name: 'hdfs', mountPoint: 'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020/', path: '/' },
  ]);
  assert.deepEqual(ds.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions, [
    { key: 'dataset', operator: 'In', values: ['mnist'] },
  ]);
  assert.deepEqual(rt.spec.tieredstore.levels, [
    { mediumtype: 'MEM', volumeType: 'hostPath', path: '/dev/shm', quota: '20Gi', high: '0.99', low: '0.8' },
  ]);
  assert.deepEqual(rt.spec.fuse.args, ['fuse', '--fuse-opts=direct_io']);
});
