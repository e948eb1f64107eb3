import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, problems, store, underlined } from './helpers';
import { seedConfigYaml, sharedFile } from './seed';
import { analyzeYaml } from '../../../src/core/checks/diagnose';
import { clusterContextFromObjects } from '../../../src/core/checks/cluster';

const seed = seedConfigYaml();

test('the seed config.yaml is recognised as the Alibaba 2.2 flavour and validates clean', () => {
  const a = analyzeYaml(seed, '/w/config.yaml', { store });
  assert.deepEqual(a.schema, { id: 'alluxio-2.2-alibaba', source: 'content' });
  assert.deepEqual(a.problems, []);
});

test("the charts' own values.yaml validate clean against their schemas", () => {
  for (const [file, id] of [
    ['fixtures/upstream/alluxio-chart-2.2/values.yaml', 'alluxio-2.2'],
    ['fixtures/upstream/alluxio-chart-2.9/values.yaml', 'alluxio-2.9'],
    ['fixtures/upstream/hdfs-k8s-chart/hdfs-k8s/values.yaml', 'hdfs'],
  ] as const) {
    const a = analyzeYaml(sharedFile(file), `/w/${id}/values.yaml`, { store });
    assert.equal(a.schema?.id, id, file);
    assert.deepEqual(a.problems, [], file);
  }
});

test('HDFS values with the seed --set flags validate clean', () => {
  const text =
    'tags:\n  ha: false\n  simple: true\nglobal:\n  namenodeHAEnabled: false\nhdfs-simple-namenode-k8s:\n  nodeSelector:\n    hdfs-namenode-selector: hdfs-namenode-0\n';
  const a = analyzeYaml(text, '/w/values.yaml', { store });
  assert.equal(a.schema?.id, 'hdfs');
  assert.deepEqual(a.problems, []);
});

test('a config.yaml of another tool gets no schema and no problems', () => {
  for (const text of [
    'server:\n  port: 8080\nmaster: {a: 1}\nworker: {b: 2}\n',
    'image: nginx\nproperties:\n  foo.bar: 1\n',
    'apiVersion: v1\nkind: ConfigMap\n',
    'a: [\n',
  ]) {
    const a = analyzeYaml(text, '/w/config.yaml', { store });
    assert.equal(a.schema, undefined, text);
    assert.deepEqual(a.problems, [], text);
  }
});

test('worker.jvmOptions as a list in chart 0.5.x: one error on it, and a fix back to a string', () => {
  const text = seed.replace(
    'worker:\n    jvmOptions: " -Xmx4G "',
    'worker:\n    jvmOptions:\n      - -Xmx4G\n      - -Xms1G',
  );
  const ps = problems(text);
  assert.equal(ps.length, 1);
  assert.equal(ps[0].severity, 'error');
  assert.equal(ps[0].message, 'worker.jvmOptions must be a string in chart 0.5.x; 0.5.9 and later take a list.');
  assert.equal(underlined(text, ps[0]), 'jvmOptions');
  assert.equal(text.slice(0, ps[0].start).split('\n').length, 12);
  const fixed = applyFix(text, ps[0].fixes![0]);
  assert.match(fixed, /worker:\n {4}jvmOptions: " -Xmx4G -Xms1G "\n/);
  assert.deepEqual(problems(fixed), []);
});

test('jvmOptions as a string in chart 0.6.x: one error per place, fix to a list that validates', () => {
  const text = '# yaml-language-server: $schema=alluxio-2.9\nworker:\n  jvmOptions: " -Xmx4G -Xms4G "\n';
  const ps = problems(text);
  assert.equal(ps.length, 1);
  assert.equal(
    ps[0].message,
    'worker.jvmOptions must be a list in chart 0.5.9 and later (this chart is 0.6.x); 0.5.x took one string.',
  );
  assert.equal(underlined(text, ps[0]), '" -Xmx4G -Xms4G "');
  const fixed = applyFix(text, ps[0].fixes![0]);
  assert.equal(
    fixed,
    '# yaml-language-server: $schema=alluxio-2.9\nworker:\n  jvmOptions:\n    - "-Xmx4G"\n    - "-Xms4G"\n',
  );
  assert.deepEqual(problems(fixed), []);
});

test('an unknown key: a warning; a near miss of a known key: an error, with the known key as a fix', () => {
  const extra = seed.replace('tieredstore:', 'myOwnSettings: 1\ntieredstore:');
  const pe = problems(extra, { schema: 'alluxio-2.2-alibaba' });
  assert.deepEqual(
    pe.map((p) => [p.severity, underlined(extra, p)]),
    [['warning', 'myOwnSettings']],
  );
  assert.match(pe[0].message, /has no key "myOwnSettings" \(the chart ignores it\)/);
  const text = seed.replace('tieredstore:', 'tieredStore:');
  const ps = problems(text, { schema: 'alluxio-2.2-alibaba' });
  assert.equal(ps.length, 1);
  assert.equal(ps[0].severity, 'error');
  assert.equal(underlined(text, ps[0]), 'tieredStore');
  assert.match(ps[0].message, /did you mean "tieredstore"/);
  assert.equal(applyFix(text, ps[0].fixes![0]), seed);
});

test('the seed on the official 2.2 chart: alias → mediumtype error, FUSE-not-enabled warning, both fixable', () => {
  const ps = problems(seed, { schema: 'alluxio-2.2' });
  assert.deepEqual(
    ps.map((p) => [p.code, p.severity, underlined(seed, p)]),
    [
      ['unknown-key', 'error', 'alias'],
      ['fuse', 'warning', 'fuse'],
    ],
  );
  assert.match(ps[0].message, /official 2\.2 chart reads `mediumtype`/);
  assert.match(ps[1].message, /fuse\.enabled and fuse\.clientEnabled are true \(enabled and clientEnabled are not\)/);
  let fixed = applyFix(seed, ps[0].fixes![0]);
  assert.match(fixed, /- mediumtype: MEM/);
  const fuse = problems(fixed, { schema: 'alluxio-2.2' });
  assert.equal(fuse.length, 1);
  fixed = applyFix(fixed, fuse[0].fixes![0]);
  assert.match(fixed, /\nfuse:\n {2}enabled: true\n {2}clientEnabled: true\n {2}image:/);
  assert.deepEqual(problems(fixed, { schema: 'alluxio-2.2' }), []);
  const half = fixed.replace('  clientEnabled: true\n', '  clientEnabled: false\n');
  const h = problems(half, { schema: 'alluxio-2.2' });
  assert.equal(h.length, 1);
  assert.deepEqual(problems(applyFix(half, h[0].fixes![0]), { schema: 'alluxio-2.2' }), []);
});

test('the root UFS check leaves ${...} property references and local paths alone', () => {
  for (const ufs of ['"${alluxio.work.dir}/underFSStorage"', '/data/underfs', '"s3a://bucket/data"']) {
    const text = seed.replace('"hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020"', ufs);
    assert.deepEqual(problems(text), [], ufs);
  }
  const bad = seed.replace('"hdfs://hdfs-namenode-0', '"hfds://hdfs-namenode-0');
  const ps = problems(bad);
  assert.equal(ps.length, 1);
  assert.match(ps[0].message, /"hfds" is not an under file system scheme Alluxio knows \(did you mean hdfs\?\)/);
});

test('each kind of value mistake gives exactly one problem at the value', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    [
      'type: hostPath',
      'type: hostpath',
      'hostpath',
      /must be one of emptyDir, hostPath, persistentVolumeClaim \(did you mean hostPath\?\)/,
    ],
    ['quota: 20GB', 'quota: lots', 'lots', /quota must be a size/],
    ['high: 0.99', 'high: 1.5', '1.5', /high must be <= 1/],
    ['level: 0', 'level: first', 'first', /level must be an integer/],
    [
      'MUST_CACHE',
      'MUST_CACH',
      'MUST_CACH',
      /must be one of CACHE_THROUGH, MUST_CACHE, THROUGH, ASYNC_THROUGH \(did you mean MUST_CACHE\?\)/,
    ],
    [
      'alluxio.user.file.writetype.default',
      'alluxio.user.file.writetype.defualt',
      'alluxio.user.file.writetype.defualt',
      /did you mean alluxio\.user\.file\.writetype\.default/,
    ],
    [
      '"hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020"',
      '"hdfs//namenode:8020"',
      '"hdfs//namenode:8020"',
      /is not a URI/,
    ],
    [
      '"hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020"',
      '"hdfs://namenode:80x20"',
      '"hdfs://namenode:80x20"',
      /port "80x20" is not a number/,
    ],
  ];
  for (const [from, to, under, message] of cases) {
    const text = seed.replace(from, to);
    assert.notEqual(text, seed, from);
    const ps = problems(text, { schema: 'alluxio-2.2-alibaba' });
    assert.equal(ps.length, 1, `${to}: ${JSON.stringify(ps)}`);
    assert.equal(underlined(text, ps[0]), under);
    assert.match(ps[0].message, message);
  }
});

test('YAML syntax errors and duplicate keys: one problem each, at the place', () => {
  const bad = seed.replace('master:\n    jvmOptions', 'master:\n   jvmOptions: [\n    jvmOptions');
  const ps = problems(bad);
  assert.equal(ps.length, 1);
  assert.equal(ps[0].code, 'syntax');
  assert.match(ps[0].message, /^YAML syntax error/);
  const dup = seed.replace(
    'imageTag: "2.2.0-SNAPSHOT-b2c7e50"\n',
    'imageTag: "2.2.0-SNAPSHOT-b2c7e50"\nimage: other\n',
  );
  const pd = problems(dup);
  assert.equal(pd.length, 1);
  assert.equal(pd[0].code, 'duplicate-key');
  assert.equal(underlined(dup, pd[0]), 'image');
  assert.equal(dup.slice(0, pd[0].start).split('\n').length, 3);
});

test('MEM quota above the worker memory limit: one warning on the quota', () => {
  const text = seed.replace(
    'worker:\n    jvmOptions: " -Xmx4G "',
    'worker:\n    jvmOptions: " -Xmx4G "\n    resources:\n      limits:\n        memory: 16Gi',
  );
  const ps = problems(text);
  assert.equal(ps.length, 1);
  assert.equal(ps[0].code, 'memory');
  assert.equal(underlined(text, ps[0]), '20GB');
  assert.match(ps[0].message, /more than worker\.resources\.limits\.memory \(16Gi\).*at least 24 GiB/);
  const ok = text.replace('16Gi', '24Gi');
  assert.deepEqual(problems(ok), []);
});

test('with a cluster context: /dev/shm size, root UFS vs namenode services, nodeSelector vs node labels', () => {
  const cluster = {
    namenodes: [{ name: 'hdfs-namenode', namespace: 'default', port: 8020, pods: ['hdfs-namenode-0'] }],
    nodeLabels: [{ 'kubernetes.io/hostname': 'n1', dataset: 'mnist' }],
    shmBytes: 64 * 2 ** 30,
  };
  assert.deepEqual(problems(seed, { cluster }), []);
  const small = problems(seed, { cluster: { ...cluster, shmBytes: 8 * 2 ** 30 } });
  assert.equal(small.length, 1);
  assert.equal(small[0].code, 'shm');
  const other = problems(seed, {
    cluster: {
      ...cluster,
      namenodes: [{ name: 'hdfs2-namenode', namespace: 'data', port: 8020, pods: ['hdfs2-namenode-0'] }],
    },
  });
  assert.equal(other.length, 1);
  assert.equal(other[0].code, 'ufs');
  assert.match(other[0].message, /found hdfs:\/\/hdfs2-namenode-0\.hdfs2-namenode\.data\.svc\.cluster\.local:8020/);
  assert.equal(
    other[0].fixes![0].edits[0].newText,
    '"hdfs://hdfs2-namenode-0.hdfs2-namenode.data.svc.cluster.local:8020"',
  );
  const nolabel = problems(seed, { cluster: { ...cluster, nodeLabels: [{ dataset: 'cifar' }] } });
  assert.equal(nolabel.length, 1);
  assert.equal(underlined(seed, nolabel[0]), 'nodeSelector');
  assert.match(nolabel[0].message, /kubectl label nodes NODE dataset=mnist/);
});

test('training jobs: unknown fields are errors, wrong kind has a fix', () => {
  const job =
    'apiVersion: kubeflow.org/v1\nkind: TFJob\nmetadata:\n  name: alluxio-pytorch\nspec:\n  tfReplicaSpecs:\n    Worker:\n      replicas: 1\n      template:\n        spec:\n          containers:\n          - name: tensorflow\n            image: x\n';
  const a = analyzeYaml(job, '/w/job.yaml', { store });
  assert.equal(a.schema?.id, 'tfjob');
  assert.deepEqual(a.problems, []);
  const typo = job.replace('replicas: 1', 'replica: 1');
  const pt = problems(typo, {}, '/w/job.yaml');
  assert.equal(pt.length, 1);
  assert.equal(pt[0].severity, 'error');
  assert.equal(underlined(typo, pt[0]), 'replica');
  assert.match(pt[0].message, /did you mean "replicas"/);
});

test('cluster facts from listed Services, Pods and Nodes', () => {
  const ctx = clusterContextFromObjects({
    services: [
      {
        metadata: { name: 'hdfs-namenode', namespace: 'default', labels: { app: 'hdfs-namenode', release: 'hdfs' } },
        spec: {
          ports: [
            { name: 'fs', port: 8020 },
            { name: 'http', port: 50070 },
          ],
        },
      },
      {
        metadata: { name: 'alluxio-master-0', namespace: 'default', labels: { app: 'alluxio' } },
        spec: { ports: [{ port: 19998 }] },
      },
    ],
    pods: [
      {
        metadata: { name: 'hdfs-namenode-0', namespace: 'default', labels: { app: 'hdfs-namenode', release: 'hdfs' } },
      },
    ],
    nodes: [{ metadata: { name: 'n1', labels: { dataset: 'mnist' } } }],
  });
  assert.deepEqual(ctx.namenodes, [
    { name: 'hdfs-namenode', namespace: 'default', port: 8020, pods: ['hdfs-namenode-0'] },
  ]);
  assert.deepEqual(problems(seed, { cluster: ctx }), []);
});

test('the jvmOptions fix of an empty value edits inside the text (found by the fuzz benchmark, seed 113)', () => {
  const text = '# yaml-language-server: $schema=alluxio-2.9\nworker:\n  jvmOptions:\n';
  for (const p of problems(text))
    for (const f of p.fixes ?? [])
      for (const e of f.edits) assert.ok(e.start <= e.end && e.end <= text.length, JSON.stringify(e));
  const weird = '# yaml-language-server: $schema=alluxio-2.9\rproperties:\r  jvmOptions:\r  nodeSelector: {}\r';
  for (const p of problems(weird))
    for (const f of p.fixes ?? [])
      for (const e of f.edits) assert.ok(e.start <= e.end && e.end <= weird.length, JSON.stringify(e));
});
