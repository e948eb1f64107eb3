import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { arenaSubmitArgs } from '../../../src/core/apply/arena-args';
import { buildArgs, checkImageTag } from '../../../src/core/apply/image-args';
import { alluxioNodeSelector, fuseMountPath, presubmitChecks, underPath } from '../../../src/core/apply/presubmit';
import { SEED_JOB_INPUT } from '../../../src/core/generate/training-job';
import type { KubeObject } from '../../../src/core/model/kinds';

const node = (name: string, labels: Record<string, string>, gpus = 1): KubeObject => ({
  metadata: { name, labels },
  status: { allocatable: { 'nvidia.com/gpu': String(gpus) } },
});
const pod = (
  name: string,
  nodeName: string,
  labels: Record<string, string>,
  gpus = 0,
  phase = 'Running',
): KubeObject => ({
  metadata: { name, labels },
  spec: { nodeName, containers: [{ resources: gpus ? { limits: { 'nvidia.com/gpu': String(gpus) } } : {} }] },
  status: { phase },
});
const fuseDs: KubeObject = {
  metadata: { name: 'alluxio-fuse', labels: { app: 'alluxio', role: 'alluxio-fuse' } },
  spec: {
    template: {
      spec: {
        nodeSelector: { dataset: 'mnist' },
        volumes: [
          { name: 'dev', hostPath: { path: '/dev/fuse' } },
          { name: 'm', hostPath: { path: '/alluxio-fuse' } },
        ],
      },
    },
  },
};
const nodes = [node('gpu-0', { dataset: 'mnist' }), node('gpu-1', { dataset: 'mnist' }), node('hdfs-0', {}, 0)];
const fuse = [pod('fuse-a', 'gpu-0', { role: 'alluxio-fuse' }), pod('fuse-b', 'gpu-1', { role: 'alluxio-fuse' })];
const base = {
  selector: { dataset: 'mnist' },
  gpusPerReplica: 1,
  replicas: 2,
  dataHostPath: '/alluxio-fuse/data',
  nodes,
  pods: fuse,
  daemonsets: [fuseDs],
};

test('the seed job on the seed cluster: no warning', () => {
  assert.deepEqual(presubmitChecks(base), []);
  assert.equal(fuseMountPath([fuseDs]), '/alluxio-fuse');
  assert.deepEqual(alluxioNodeSelector([fuseDs]), { dataset: 'mnist' });
});

test('a selector matching nothing is the one warning', () => {
  const w = presubmitChecks({ ...base, selector: { dataset: 'imagenet' } });
  assert.deepEqual(
    w.map((x) => x.code),
    ['noNode'],
  );
  assert.match(w[0].message, /No schedulable node matches the node selector dataset=imagenet/);
});

test('no FUSE pod on the matching nodes; data path outside the mount; not enough GPUs', () => {
  assert.deepEqual(
    presubmitChecks({ ...base, pods: [] }).map((x) => x.code),
    ['noFuse'],
  );
  assert.match(presubmitChecks({ ...base, pods: [fuse[0]] })[0].message, /No running Alluxio FUSE pod on gpu-1/);
  const dp = presubmitChecks({ ...base, dataHostPath: '/mnt/data' });
  assert.deepEqual(
    dp.map((x) => x.code),
    ['dataPath'],
  );
  assert.match(dp[0].message, /not under the Alluxio FUSE mount \/alluxio-fuse/);
  const busy = presubmitChecks({ ...base, pods: [...fuse, pod('other', 'gpu-0', {}, 1)] });
  assert.deepEqual(
    busy.map((x) => x.code),
    ['gpus'],
  );
  assert.match(busy[0].message, /asks for 2 \(2 × 1\), 1 of 2 are free/);
  assert.deepEqual(
    presubmitChecks({ ...base, pods: [...fuse, pod('done', 'gpu-0', {}, 1, 'Succeeded')] }),
    [],
    'finished pods hold no GPU',
  );
  assert.ok(underPath('/alluxio-fuse', '/alluxio-fuse/') && !underPath('/alluxio-fuse2/x', '/alluxio-fuse'));
});

test('arena command line of the seed job', () => {
  assert.deepEqual(arenaSubmitArgs({ ...SEED_JOB_INPUT }), [
    'submit',
    'tf',
    '--name=alluxio-pytorch',
    '--gpus=1',
    '--workers=1',
    '--selector=dataset=mnist',
    '--data-dir=/alluxio-fuse/data:/data',
    '--image=registry.cn-shanghai.aliyuncs.com/tensorflow-samples/mnist:pytorch-1.4-cuda10.1-cudnn7-devel',
    '--',
    'python /mnist.py',
  ]);
});

test('image builder arguments and tags', () => {
  assert.deepEqual(buildArgs('buildah', { contextDir: '/w', dockerfile: '/w/Dockerfile', tag: 'mnist:1' }), [
    'bud',
    '--file=/w/Dockerfile',
    '--tag=mnist:1',
    '--',
    '/w',
  ]);
  assert.deepEqual(buildArgs('docker', { contextDir: '/w', dockerfile: 'D', tag: 't' })[0], 'build');
  assert.equal(
    checkImageTag('registry.cn-shanghai.aliyuncs.com/tensorflow-samples/mnist:pytorch-1.4-cuda10.1-cudnn7-devel'),
    undefined,
  );
  assert.equal(checkImageTag('localhost:5000/a/b'), undefined);
  assert.match(checkImageTag('--push') ?? '', /not a valid image reference/);
  assert.match(checkImageTag('Upper/Case') ?? '', /not a valid/);
});
