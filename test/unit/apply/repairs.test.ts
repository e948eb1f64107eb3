import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatRepairs,
  parseRepairArgs,
  planRepairs,
  repairArgs,
  repairManifests,
  splitManifests,
} from '../../../src/core/apply/repairs';

// Shaped like `helm template` of the hdfs-k8s chart and the Alluxio 0.5.5 chart (one object each).
const HDFS = [
  '---',
  '# Source: hdfs-k8s/charts/hdfs-datanode-k8s/templates/datanode-daemonset.yaml',
  'apiVersion: extensions/v1beta1',
  'kind: DaemonSet',
  'metadata: {name: hdfs-datanode}',
  'spec:',
  '  template:',
  '    metadata: {labels: {app: hdfs-datanode, release: hdfs}}',
  '    spec: {containers: [{name: d, image: x}]}',
  '---',
  '# Source: hdfs-k8s/charts/hdfs-simple-namenode-k8s/templates/namenode-statefulset.yaml',
  'apiVersion: apps/v1beta1',
  'kind: StatefulSet',
  'metadata: {name: hdfs-namenode}',
  'spec:',
  '  selector: {matchLabels: {app: hdfs-namenode}}',
  '  template: {metadata: {labels: {app: hdfs-namenode, release: hdfs}}}',
  '---',
  '# Source: hdfs-k8s/charts/hdfs-client-k8s/templates/client-service.yaml',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: hdfs-client}',
  '',
].join('\n');

const ALLUXIO = [
  '---',
  '# Source: alluxio/templates/master/statefulset.yaml',
  'apiVersion: apps/v1',
  'kind: StatefulSet',
  'metadata: {name: alluxio-master}',
  'spec:',
  '  template:',
  '    spec:',
  '      volumes: [{name: s, secret: {secretName: x, defaultMode: 0744}}]',
  '  volumeClaimTemplates:',
  '    - metadata: {name: alluxio-journal}',
  '      spec:',
  '        storageClassName: standard',
  '        accessModes:',
  '        - ReadWriteOnceresources:',
  '          requests:',
  '            storage: 1Gi',
  '',
].join('\n');

const CURRENT = new Set(['v1', 'apps/v1', 'policy/v1', 'batch/v1']);

test('repair plan: removed API versions the cluster does not serve are moved; each change listed with its file', () => {
  const plan = planRepairs(HDFS, CURRENT);
  assert.deepEqual(plan.switches, { unserved: ['apps/v1beta1', 'extensions/v1beta1'], fixes: [] });
  assert.deepEqual(formatRepairs(plan.repairs), [
    'hdfs-k8s/charts/hdfs-datanode-k8s/templates/datanode-daemonset.yaml: DaemonSet hdfs-datanode: apiVersion extensions/v1beta1 → apiVersion apps/v1',
    'hdfs-k8s/charts/hdfs-datanode-k8s/templates/datanode-daemonset.yaml: DaemonSet hdfs-datanode: no spec.selector → spec.selector.matchLabels {"app":"hdfs-datanode","release":"hdfs"}',
    'hdfs-k8s/charts/hdfs-simple-namenode-k8s/templates/namenode-statefulset.yaml: StatefulSet hdfs-namenode: apiVersion apps/v1beta1 → apiVersion apps/v1',
  ]);
  assert.deepEqual(plan.unrepairable, []);
});

test('discovery comparison: a cluster that still serves the old versions gets no repair; unknown served set judges none', () => {
  const old = new Set([...CURRENT, 'extensions/v1beta1', 'apps/v1beta1']);
  assert.deepEqual(planRepairs(HDFS, old).repairs, []);
  assert.deepEqual(planRepairs(HDFS, undefined).repairs, []);
  // Served neither the old nor the new version: no repair can help, and the preview says which object.
  const noApps = planRepairs(HDFS, new Set(['v1']));
  assert.deepEqual(noApps.switches.unserved, []);
  assert.deepEqual(noApps.unrepairable, [
    'DaemonSet hdfs-datanode (extensions/v1beta1)',
    'StatefulSet hdfs-namenode (apps/v1beta1)',
  ]);
  // A custom resource whose CRD is not installed yet is not called unrepairable.
  const cr = planRepairs('apiVersion: kubeflow.org/v1\nkind: TFJob\nmetadata: {name: j}\n', CURRENT);
  assert.deepEqual(cr.unrepairable, []);
  // A removed version with a kind no repair moves (an extensions/v1beta1 Ingress) is reported.
  const ing = planRepairs('apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\n', CURRENT);
  assert.deepEqual(ing.unrepairable, ['Ingress i (extensions/v1beta1)']);
});

test('known defect: the glued `- ReadWriteOnceresources:` claim is listed and repaired; 0744 stays octal', () => {
  const plan = planRepairs(ALLUXIO, CURRENT);
  assert.deepEqual(plan.switches, { unserved: [], fixes: ['glued-access-modes'] });
  assert.deepEqual(formatRepairs(plan.repairs), [
    'alluxio/templates/master/statefulset.yaml: StatefulSet alluxio-master: volumeClaimTemplates[0].spec.accessModes "- ReadWriteOnceresources:" → accessModes [ReadWriteOnce] with spec.resources',
  ]);
  const out = repairManifests(ALLUXIO, plan.switches);
  const [doc] = splitManifests(out.text);
  assert.deepEqual(doc.object.spec.volumeClaimTemplates[0].spec, {
    storageClassName: 'standard',
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
  });
  assert.equal(doc.object.spec.template.spec.volumes[0].secret.defaultMode, 0o744);
});

test('the post-renderer makes only the switched-on repairs; its arguments round-trip and reject unknown ones', () => {
  const none = repairManifests(HDFS, { unserved: [], fixes: [] });
  assert.deepEqual(none.repairs, []);
  assert.deepEqual(
    splitManifests(none.text).map((d) => d.object.apiVersion),
    ['extensions/v1beta1', 'apps/v1beta1', 'v1'],
  );
  const onlyExt = repairManifests(HDFS, { unserved: ['extensions/v1beta1'], fixes: [] });
  assert.deepEqual(
    splitManifests(onlyExt.text).map((d) => d.object.apiVersion),
    ['apps/v1', 'apps/v1beta1', 'v1'],
  );
  const kept = splitManifests(repairManifests(HDFS, { unserved: ['apps/v1beta1'], fixes: [] }).text)[1].object;
  assert.deepEqual(kept.spec.selector, { matchLabels: { app: 'hdfs-namenode' } }, 'an existing selector is kept');
  const switches = { unserved: ['extensions/v1beta1', 'policy/v1beta1'], fixes: ['glued-access-modes' as const] };
  assert.deepEqual(parseRepairArgs(repairArgs(switches)), switches);
  assert.throws(() => parseRepairArgs(['--unserved=v1']), /unknown argument "--unserved=v1"/);
  assert.throws(() => parseRepairArgs(['--everything']), /unknown argument/);
});

test('bounds: too many documents are refused with a message', () => {
  assert.throws(() => splitManifests('---\na: 1\n'.repeat(6000)), /documents; more than 5000 is refused/);
});
