import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/model/cluster-model';
import { ExplorerTree } from '../../../src/core/model/tree';
import { alluxioLabels, hdfsLabels, pod } from './objects';

const GPU_MESSAGE =
  "0/4 nodes are available: 1 Insufficient nvidia.com/gpu, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.";
const PORT_MESSAGE =
  "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: not eligible.";

const plain = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

test("an unschedulable pod shows the scheduler's reason on its row and the whole message in its tooltip", () => {
  const model = new ClusterModel();
  const tree = new ExplorerTree(model);
  model.apply('pods', {
    type: 'ADDED',
    object: pod('train-worker-0', { owner: { kind: 'TFJob', name: 'train' }, gpus: 4, unschedulable: GPU_MESSAGE }),
  });
  const id = 'j:job|tfjobs|default|train>pod:default/train-worker-0';
  const row = tree.node(id)!;
  assert.match(row.description, /^Unschedulable · 0\/1 · /);
  assert.match(row.description, /Insufficient nvidia\.com\/gpu/);
  assert.doesNotMatch(row.description, /preemption/, 'the row keeps the first sentence only');
  assert.ok(plain(row.tooltip).includes(GPU_MESSAGE), row.tooltip);
  // The job says why it waits, too.
  assert.match(
    plain(tree.node('j:job|tfjobs|default|train')!.tooltip),
    /1 pod unschedulable: .*Insufficient nvidia\.com\/gpu/,
  );
});

test('a host port clash is named too; Open Web UI is not offered for a pod never scheduled', () => {
  const model = new ClusterModel();
  const tree = new ExplorerTree(model);
  model.apply('pods', {
    type: 'ADDED',
    object: pod('alluxio-master-0', { labels: alluxioLabels('master'), unschedulable: PORT_MESSAGE }),
  });
  model.apply('pods', {
    type: 'ADDED',
    object: pod('hdfs-namenode-0', { labels: hdfsLabels('namenode'), unschedulable: PORT_MESSAGE }),
  });
  const master = tree.node('c:alluxio|default|alluxio|master>pod:default/alluxio-master-0')!;
  assert.match(master.description, /didn't have free ports/);
  assert.doesNotMatch(master.contextValue, /\bwebui\b/);
  assert.equal(master.webUi, undefined);
  assert.doesNotMatch(tree.node('c:alluxio|default|alluxio|master')!.contextValue, /\bwebui\b/);
  assert.doesNotMatch(tree.node('r:hdfs|default|hdfs')!.contextValue, /\bwebui\b/);
  // Once scheduled, it is offered.
  model.apply('pods', {
    type: 'MODIFIED',
    object: pod('alluxio-master-0', { labels: alluxioLabels('master'), node: 'node-1' }),
  });
  assert.match(tree.node('c:alluxio|default|alluxio|master>pod:default/alluxio-master-0')!.contextValue, /\bwebui\b/);
});
