import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterError } from '../../../src/k8s/cluster-client';
import { ClusterFacts } from '../../../src/k8s/cluster-facts';
import { MemoryClusterClient } from '../../doubles/memory-cluster-client';
import { hdfsLabels, node, pod, service } from '../explorer/objects';

function seedCluster(): MemoryClusterClient {
  const c = new MemoryClusterClient();
  c.put('services', {
    ...service('hdfs-namenode', hdfsLabels('namenode')),
    spec: { ports: [{ name: 'fs', port: 8020 }] },
  });
  c.put('pods', pod('hdfs-namenode-0', { labels: hdfsLabels('namenode') }));
  c.put('nodes', node('gpu-0', { labels: { dataset: 'mnist' } }));
  return c;
}

test('facts list the HDFS namenode services with their pods, and node labels', async () => {
  const facts = new ClusterFacts(
    async () => seedCluster(),
    () => 'default',
  );
  const f = await facts.fetch();
  assert.deepEqual(f?.namenodes, [
    { name: 'hdfs-namenode', namespace: 'default', port: 8020, pods: ['hdfs-namenode-0'] },
  ]);
  assert.equal(f?.nodeLabels?.[0]?.dataset, 'mnist');
});

test('what cannot be listed is unknown, not empty: no namenode or node check can misfire', async () => {
  const c = seedCluster();
  const forbidden = () => new ClusterError('forbidden', 'services', '', 'services is forbidden', '');
  c.fail('list', 'services', forbidden);
  c.fail('list', 'nodes', () => new ClusterError('forbidden', 'nodes', '', 'nodes is forbidden', ''));
  const f = await new ClusterFacts(
    async () => c,
    () => 'default',
  ).fetch();
  assert.equal(f?.namenodes, undefined);
  assert.equal(f?.nodeLabels, undefined);
});

test('no cluster at all: no facts, one log line however often asked', async () => {
  const logged: string[] = [];
  const facts = new ClusterFacts(
    async () => Promise.reject(new Error('No kubeconfig')),
    () => '',
    () => undefined,
    (m) => logged.push(m),
  );
  assert.equal(await facts.fetch(), undefined);
  assert.equal(await facts.fetch(), undefined);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /No kubeconfig/);
});

test('current() answers at once and reports a change once the background fetch lands', async () => {
  let changes = 0;
  const facts = new ClusterFacts(
    async () => seedCluster(),
    () => 'default',
    () => changes++,
  );
  assert.equal(facts.current(), undefined);
  await facts.fetch();
  assert.equal(changes, 1);
  assert.equal(facts.current()?.namenodes?.length, 1);
});
