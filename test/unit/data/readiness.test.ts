import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLs } from '../../../src/core/data/alluxio-listing';
import type { AlluxioMount } from '../../../src/core/data/alluxio-rest';
import { cacheStateOf, filesFromLs } from '../../../src/core/data/cache-state';
import {
  alluxioPathFor,
  hdfsUriPath,
  overall,
  readinessChecks,
  type ReadinessInput,
} from '../../../src/core/data/readiness';
import { alluxioShell } from './fixtures';

const NN = 'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020';
const mounts: AlluxioMount[] = [{ alluxioPath: '/', ufsUri: NN }];

function ready(): ReadinessInput {
  return {
    hdfsPath: '/data/MNIST',
    hdfs: { exists: true, files: 4, bytes: 11594722 },
    mounts,
    cache: cacheStateOf('/data/MNIST', filesFromLs(parseLs(alluxioShell('ls-R.loaded.txt')).entries)),
    selector: { dataset: 'mnist' },
    nodes: [
      { name: 'gpu-0', labels: { dataset: 'mnist' }, gpuAllocatable: 2, gpuRequested: 1, ready: true },
      { name: 'gpu-1', labels: { dataset: 'mnist' }, gpuAllocatable: 1, gpuRequested: 0, ready: true },
      { name: 'cpu-0', labels: {}, ready: true },
    ],
    fusePods: [
      { name: 'alluxio-fuse-a', node: 'gpu-0', phase: 'Running', ready: true },
      { name: 'alluxio-fuse-b', node: 'gpu-1', phase: 'Running', ready: true },
    ],
    workers: 2,
    gpusPerWorker: 1,
  };
}

function verdicts(i: ReadinessInput): Record<string, string> {
  return Object.fromEntries(readinessChecks(i).map((c) => [c.id, c.verdict]));
}

test('everything in place: every check passes', () => {
  const checks = readinessChecks(ready());
  assert.deepEqual(verdicts(ready()), {
    hdfs: 'pass',
    mounted: 'pass',
    cached: 'pass',
    nodes: 'pass',
    fuse: 'pass',
    gpus: 'pass',
  });
  assert.equal(overall(checks), 'pass');
  assert.match(checks[1].detail, /at \/data\/MNIST/);
});

test('each failure names its fix', () => {
  const i = ready();
  i.hdfs = { exists: false };
  i.mounts = [{ alluxioPath: '/', ufsUri: '/tmp/underFSStorage' }];
  i.cache = cacheStateOf('/data/MNIST', filesFromLs(parseLs(alluxioShell('ls-R.mounted.txt')).entries));
  i.fusePods = [{ name: 'alluxio-fuse-a', node: 'gpu-0', phase: 'Running' }];
  i.nodes = i.nodes?.map((n) => ({ ...n, gpuRequested: n.gpuAllocatable }));
  const checks = readinessChecks(i);
  const fix = Object.fromEntries(checks.map((c) => [c.id, c.fix?.kind]));
  assert.deepEqual(fix, {
    hdfs: 'upload',
    mounted: 'mount',
    cached: 'warmUp',
    nodes: undefined,
    fuse: 'installFuse',
    gpus: 'freeGpus',
  });
  assert.match(checks.find((c) => c.id === 'fuse')?.detail ?? '', /gpu-1/);
  assert.match(checks.find((c) => c.id === 'cached')?.detail ?? '', /0\.0%/);
  assert.equal(overall(checks), 'fail');
});

test('no node carries the selector: label nodes', () => {
  const i = ready();
  i.selector = { dataset: 'imagenet' };
  const nodes = readinessChecks(i).find((c) => c.id === 'nodes');
  assert.equal(nodes?.verdict, 'fail');
  assert.equal(nodes?.fix?.kind, 'labelNodes');
  assert.match(nodes?.fix?.label ?? '', /dataset=imagenet/);
});

test('what could not be read is unknown, never a pass', () => {
  const i = ready();
  i.hdfs = undefined;
  i.mounts = undefined;
  i.cache = undefined;
  i.nodes = undefined;
  i.fusePods = undefined;
  assert.deepEqual(verdicts(i), {
    hdfs: 'unknown',
    mounted: 'unknown',
    cached: 'unknown',
    nodes: 'unknown',
    fuse: 'unknown',
    gpus: 'unknown',
  });
  assert.equal(overall(readinessChecks(i)), 'unknown');
});

test('a dataset larger than the whole cache is a warning whatever its percentage', () => {
  const i = ready();
  i.cache = { ...(i.cache as NonNullable<ReadinessInput['cache']>), cacheCapacity: 1024 };
  const cached = readinessChecks(i).find((c) => c.id === 'cached');
  assert.equal(cached?.verdict, 'warn');
  assert.match(cached?.detail ?? '', /larger than the whole cache/);
});

test('HDFS paths map through the mount that covers them', () => {
  assert.equal(hdfsUriPath(NN), '/');
  assert.equal(hdfsUriPath(`${NN}/data/`), '/data');
  assert.equal(hdfsUriPath('s3://bucket/data'), undefined);
  const m: AlluxioMount[] = [
    { alluxioPath: '/', ufsUri: NN },
    { alluxioPath: '/mnist', ufsUri: `${NN}/data/MNIST` },
  ];
  assert.equal(alluxioPathFor(m, '/data/MNIST/raw'), '/mnist/raw');
  assert.equal(alluxioPathFor(m, '/data/MNIST'), '/mnist');
  assert.equal(alluxioPathFor(m, '/data/MNISTX'), '/data/MNISTX');
  assert.equal(alluxioPathFor([{ alluxioPath: '/d', ufsUri: `${NN}/data` }], '/other'), undefined);
});
