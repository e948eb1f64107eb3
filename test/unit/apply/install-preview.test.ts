import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmLabel, previewSummary, stuckValues, type Preview } from '../../../src/commands/apply/install-preview';

const OPTS = (quota: string) =>
  `-Dalluxio.worker.memory.size=1G -Dalluxio.worker.tieredstore.level0.dirs.quota=${quota} -Dalluxio.worker.tieredstore.level0.alias=MEM`;
// The Alluxio 0.5.5 chart's config ConfigMap: a pre-install hook.
const hook = (quota: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alluxio-config\n  annotations: {"helm.sh/hook": pre-install}\ndata:\n  ALLUXIO_WORKER_JAVA_OPTS: "${OPTS(quota)}"\n`;
const STS = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: alluxio-master}\nspec: {replicas: 1}\n';

const upgrade = (quota: string): Preview => ({
  deployed: STS,
  deployedHooks: hook('20GB'),
  next: {
    manifest: STS,
    hooks: [{ path: 'alluxio/templates/config/alluxio-conf.yaml', events: ['pre-install'], manifest: hook(quota) }],
  },
  repairs: [],
});

test('an upgrade whose change lands only in a pre-install hook: the button says the old value stays', () => {
  assert.deepEqual(stuckValues(upgrade('30GB'), 'ns'), [
    { key: 'alluxio.worker.tieredstore.level0.dirs.quota', before: '20GB', after: '30GB' },
  ]);
  assert.equal(confirmLabel(true, upgrade('30GB'), 'ns'), 'Upgrade anyway — quota stays 20GB');
  assert.match(
    previewSummary(upgrade('30GB'), 'ns'),
    /alluxio\.worker\.tieredstore\.level0\.dirs\.quota stays 20GB in the cluster \(the values file says 30GB\)/,
  );
  assert.equal(confirmLabel(true, upgrade('20GB'), 'ns'), 'Upgrade', 'no hook change: the plain verb');
});

test('an install with repairs: the button says so and the summary lists each repair', () => {
  const p: Preview = {
    deployedHooks: '',
    next: { manifest: STS, hooks: [] },
    repairs: [
      {
        source: 'c/templates/ds.yaml',
        kind: 'DaemonSet',
        name: 'd',
        from: 'apiVersion extensions/v1beta1',
        to: 'apiVersion apps/v1',
      },
    ],
  };
  assert.equal(confirmLabel(false, p, 'ns'), 'Install with repairs');
  assert.match(
    previewSummary(p, 'ns'),
    /c\/templates\/ds\.yaml: DaemonSet d: apiVersion extensions\/v1beta1 → apiVersion apps\/v1/,
  );
  assert.equal(confirmLabel(false, { ...p, repairs: [] }, 'ns'), 'Install');
});
