import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobFacts } from '../../../src/core/apply/job-facts';
import type { KubeObject } from '../../../src/core/model/kinds';
import { readinessChecks } from '../../../src/core/data/readiness';
import {
  findAlluxioMasters,
  fusePodsOf,
  hdfsPathFor,
  nodeFactsOf,
  parseMountList,
} from '../../../src/core/data/readiness-input';

const pod = (
  name: string,
  labels: Record<string, string>,
  extra: { node?: string; phase?: string; gpus?: number; ns?: string; containers?: string[]; ready?: boolean } = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: extra.ns ?? 'default', labels },
  spec: {
    nodeName: extra.node,
    containers: (extra.containers ?? ['main']).map((c) => ({
      name: c,
      resources: extra.gpus ? { limits: { 'nvidia.com/gpu': String(extra.gpus) } } : {},
    })),
  },
  status: { phase: extra.phase ?? 'Running', containerStatuses: [{ ready: extra.ready ?? true }] },
});

const node = (name: string, labels: Record<string, string>, gpus?: number, ready = 'True'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
  spec: {},
  status: {
    allocatable: gpus === undefined ? {} : { 'nvidia.com/gpu': String(gpus) },
    conditions: [{ type: 'Ready', status: ready }],
  },
});

test('one master per release: the Running one, lowest name first; its alluxio-master container', () => {
  const masters = findAlluxioMasters([
    pod(
      'alluxio-master-1',
      { role: 'alluxio-master', release: 'alluxio' },
      { containers: ['alluxio-master', 'alluxio-job-master'] },
    ),
    pod(
      'alluxio-master-0',
      { role: 'alluxio-master', release: 'alluxio' },
      { phase: 'Pending', containers: ['alluxio-master'] },
    ),
    pod('cache-master-0', { role: 'alluxio-master', release: 'cache' }, { ns: 'ml', containers: ['master'] }),
    pod('alluxio-worker-x', { role: 'alluxio-worker', release: 'alluxio' }),
  ]);
  assert.deepEqual(
    masters.map((m) => [m.namespace, m.release, m.pod, m.container, m.running]),
    [
      ['default', 'alluxio', 'alluxio-master-1', 'alluxio-master', true],
      ['ml', 'cache', 'cache-master-0', 'master', true],
    ],
  );
});

test('GPUs requested per node leave out finished pods and the job being checked', () => {
  const nodes = [node('gpu-0', { dataset: 'mnist' }, 2), node('cpu-0', {}, undefined, 'False')];
  const pods = [
    pod('job-worker-0', { 'training.kubeflow.org/job-name': 'job' }, { node: 'gpu-0', gpus: 1 }),
    pod('other', {}, { node: 'gpu-0', gpus: 1 }),
    pod('done', {}, { node: 'gpu-0', gpus: 1, phase: 'Succeeded' }),
  ];
  const all = nodeFactsOf(nodes, pods);
  assert.deepEqual(
    all.map((n) => [n.name, n.gpuAllocatable, n.gpuRequested, n.ready]),
    [
      ['gpu-0', 2, 2, true],
      ['cpu-0', undefined, undefined, false],
    ],
  );
  const mine = nodeFactsOf(nodes, pods, (p) => p.metadata.labels?.['training.kubeflow.org/job-name'] === 'job');
  assert.equal(mine[0].gpuRequested, 1);
});

test('FUSE pods by role or component, with node, phase and readiness', () => {
  const fuse = fusePodsOf([
    pod('alluxio-fuse-a', { role: 'alluxio-fuse' }, { node: 'gpu-0' }),
    pod('alluxio-fuse-b', { app: 'alluxio', component: 'fuse' }, { node: 'gpu-1', ready: false }),
    pod('alluxio-worker-a', { role: 'alluxio-worker' }, { node: 'gpu-0' }),
  ]);
  assert.deepEqual(
    fuse.map((f) => [f.name, f.node, f.phase, f.ready]),
    [
      ['alluxio-fuse-a', 'gpu-0', 'Running', true],
      ['alluxio-fuse-b', 'gpu-1', 'Running', false],
    ],
  );
});

test('the HDFS path behind an Alluxio path: through the deepest mount, HDFS only', () => {
  const NN = 'hdfs://nn:8020';
  assert.equal(hdfsPathFor([{ alluxioPath: '/', ufsUri: NN }], '/data/MNIST'), '/data/MNIST');
  assert.equal(hdfsPathFor([{ alluxioPath: '/data', ufsUri: `${NN}/data` }], '/data/MNIST'), '/data/MNIST');
  assert.equal(
    hdfsPathFor(
      [
        { alluxioPath: '/', ufsUri: '/tmp/ufs' },
        { alluxioPath: '/mnist', ufsUri: `${NN}/datasets/mnist/` },
      ],
      '/mnist/raw',
    ),
    '/datasets/mnist/raw',
  );
  assert.equal(hdfsPathFor([{ alluxioPath: '/', ufsUri: '/tmp/ufs' }], '/data'), undefined, 'a local under store');
  assert.equal(hdfsPathFor([{ alluxioPath: '/data', ufsUri: NN }], '/other'), undefined, 'no mount holds it');
  assert.equal(hdfsPathFor([{ alluxioPath: '/data', ufsUri: `${NN}/d` }], '/data'), '/d');
});

test('a job file to readiness: unlabelled nodes fail with the label fix; labelled ones pass', () => {
  const job: KubeObject = {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name: 'j', namespace: 'default' },
    spec: {
      tfReplicaSpecs: {
        Worker: {
          replicas: 2,
          template: {
            spec: {
              nodeSelector: { dataset: 'mnist' },
              containers: [{ name: 'tensorflow', resources: { limits: { 'nvidia.com/gpu': 1 } } }],
              volumes: [{ name: 'data', hostPath: { path: '/alluxio-fuse/data' } }],
            },
          },
        },
      },
    },
  };
  const f = jobFacts(job);
  assert.deepEqual(f, {
    selector: { dataset: 'mnist' },
    gpusPerReplica: 1,
    replicas: 2,
    dataHostPath: '/alluxio-fuse/data',
  });
  const pods = [
    pod('fuse-0', { role: 'alluxio-fuse' }, { node: 'gpu-0' }),
    pod('fuse-1', { role: 'alluxio-fuse' }, { node: 'gpu-1' }),
  ];
  const judge = (labels: Record<string, string>) =>
    readinessChecks({
      hdfsPath: '/data',
      selector: f.selector,
      nodes: nodeFactsOf([node('gpu-0', labels, 1), node('gpu-1', labels, 1)], pods),
      fusePods: fusePodsOf(pods),
      workers: f.replicas,
      gpusPerWorker: f.gpusPerReplica,
    });
  const bare = Object.fromEntries(judge({}).map((c) => [c.id, c]));
  assert.equal(bare.nodes.verdict, 'fail');
  assert.equal(bare.nodes.fix?.kind, 'labelNodes');
  const labelled = Object.fromEntries(judge({ dataset: 'mnist' }).map((c) => [c.id, c.verdict]));
  assert.deepEqual([labelled.nodes, labelled.fuse, labelled.gpus], ['pass', 'pass', 'pass']);
});

test('the mount table as `alluxio fs mount` prints it', () => {
  const text = [
    'hdfs://127.0.0.1:34567/data  on  /data  (hdfs, capacity=1.00TB, used=-1B, not read-only, not shared, properties={})',
    '/tmp/alluxio/underFSStorage  on  /      (local, capacity=100.00GB, used=1.00GB, read-only, not shared, properties={})',
    'noise',
  ].join('\n');
  assert.deepEqual(parseMountList(text), [
    { ufsUri: 'hdfs://127.0.0.1:34567/data', alluxioPath: '/data', ufsType: 'hdfs', readOnly: false },
    { ufsUri: '/tmp/alluxio/underFSStorage', alluxioPath: '/', ufsType: 'local', readOnly: true },
  ]);
  assert.equal(hdfsPathFor(parseMountList(text), '/data/MNIST'), '/data/MNIST');
});
