// Helm's status of a release on its tree row, components the release declares but the cluster lacks,
// and the tier quota the cluster keeps when the 2.2 chart's config hook is not re-run by an upgrade.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/model/cluster-model';
import type { KubeObject, ResourceKind } from '../../../src/core/model/kinds';
import { ExplorerTree } from '../../../src/core/model/tree';
import { alluxioLabels, daemonSet, helmSecret, pod, SEED_ALLUXIO_VALUES } from './objects';

function build(objects: [ResourceKind, KubeObject][]) {
  const model = new ClusterModel();
  for (const [kind, o] of objects) model.apply(kind, { type: 'ADDED', object: o });
  return { model, tree: new ExplorerTree(model) };
}

const workload = (kind: string, name: string, role: string) =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n  template:\n    metadata:\n      labels: {app: alluxio, role: alluxio-${role}, release: alluxio}\n`;
const MANIFEST = [
  workload('StatefulSet', 'alluxio-master', 'master'),
  workload('DaemonSet', 'alluxio-worker', 'worker'),
].join('---\n');
// As Helm writes it in the release: the cause behind "1 error occurred:".
const CAUSE =
  'Release "alluxio" failed: 1 error occurred:\n\t* StatefulSet.apps "alluxio-master" is invalid: spec.volumeClaimTemplates[0].spec.accessModes: Required value\n\n';

test('a failed release shows "failed" on its row with Helm\'s message, though its workers run; the missing master is a row', () => {
  const { tree } = build([
    ['daemonsets', daemonSet('alluxio-worker', alluxioLabels('worker'), 1, 1)],
    ['pods', pod('alluxio-worker-x', { labels: alluxioLabels('worker'), node: 'n1' })],
    [
      'helmreleases',
      helmSecret('alluxio', 1, 'alluxio', SEED_ALLUXIO_VALUES, {}, 'default', {
        info: { status: 'failed', description: CAUSE },
        manifest: MANIFEST,
      }),
    ],
  ]);
  const row = tree.node('r:alluxio|default|alluxio')!;
  assert.equal(row.state, 'error');
  assert.equal(row.description, 'default · failed · worker 1/1 · master missing');
  assert.match(row.tooltip, /revision 1 is \*\*failed\*\*/);
  assert.match(
    row.tooltip.replace(/\\(.)/g, '$1'),
    /failed\*\*: Release "alluxio" failed: StatefulSet\.apps "alluxio-master" is invalid: spec\.volumeClaimTemplates\[0\]\.spec\.accessModes: Required value$/m,
    'the cause behind "1 error occurred:", on one line',
  );
  assert.deepEqual(tree.children('r:alluxio|default|alluxio'), [
    'c:alluxio|default|alluxio|master',
    'c:alluxio|default|alluxio|worker',
  ]);
  const master = tree.node('c:alluxio|default|alluxio|master')!;
  assert.equal(master.state, 'error');
  assert.equal(master.description, 'missing · Helm: failed');
  assert.equal(tree.node('c:alluxio|default|alluxio|worker')?.state, 'ok');
});

test('a pending install with no pods yet is a row in progress; a deployed newer revision clears it', () => {
  const pending = helmSecret('alluxio', 1, 'alluxio', SEED_ALLUXIO_VALUES, {}, 'default', {
    info: { status: 'pending-install', description: 'Initial install underway' },
    manifest: MANIFEST,
  });
  const { model, tree } = build([['helmreleases', pending]]);
  const row = tree.node('r:alluxio|default|alluxio')!;
  assert.equal(row.state, 'progress');
  assert.match(row.description, /^default · pending-install · master missing · worker missing$/);
  const changes = model.apply('helmreleases', {
    type: 'MODIFIED',
    object: helmSecret('alluxio', 1, 'alluxio', SEED_ALLUXIO_VALUES, {}, 'default', { manifest: '' }),
  });
  assert.ok(changes.has('r:alluxio|default|alluxio'));
  assert.doesNotMatch(tree.node('r:alluxio|default|alluxio')!.description, /pending|missing/);
});

test('an upgrade whose quota change lands only in the pre-install hook: the Cache row shows the quota in the cluster', () => {
  const hook = (quota: string, ran: boolean) => ({
    events: ['pre-install'],
    manifest: `kind: ConfigMap\ndata:\n  ALLUXIO_WORKER_JAVA_OPTS: "-Dalluxio.worker.tieredstore.level0.dirs.quota=${quota}"\n`,
    last_run: { phase: ran ? 'Succeeded' : '' },
  });
  const v30 = {
    ...SEED_ALLUXIO_VALUES,
    tieredstore: { levels: [{ level: 0, alias: 'MEM', quota: '30GB', path: '/dev/shm', type: 'hostPath' }] },
  };
  const { tree } = build([
    [
      'helmreleases',
      helmSecret('alluxio', 1, 'alluxio', SEED_ALLUXIO_VALUES, {}, 'default', {
        info: { status: 'superseded' },
        hooks: [hook('20GB', true)],
      }),
    ],
    ['helmreleases', helmSecret('alluxio', 2, 'alluxio', v30, {}, 'default', { hooks: [hook('30GB', false)] })],
    ['pods', pod('alluxio-master-0', { labels: alluxioLabels('master'), node: 'n1' })],
  ]);
  const cache = tree.node('r:alluxio|default|alluxio>info:cache')!;
  assert.equal(cache.description, 'MEM 20GB on /dev/shm');
  assert.match(cache.tooltip.replace(/\\(.)/g, '$1'), /the values say quota 30GB, but the cluster keeps 20GB/);
});
