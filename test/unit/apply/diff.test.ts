import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffManifests, formatDiff, normaliseManifest, showChange } from '../../../src/core/apply/manifest-diff';
import { describeConflict, parseApplyConflict } from '../../../src/core/apply/conflict';

const A = `---
# Source: a.yaml
apiVersion: v1
kind: ConfigMap
metadata: { name: conf }
data: { opts: "-Dq=20GB" }
---
kind: Service
metadata: { name: svc }
---
kind: Secret
metadata: { name: old }
`;
const B = `---
{"kind":"ConfigMap","metadata":{"name":"conf"},"data":{"opts":"-Dq=10GB"}}
---
kind: Service
metadata: { name: svc }
---
kind: Deployment
metadata: { name: new, namespace: other }
`;

test('manifest diff: changed fields, added, removed, unchanged (JSON and YAML documents alike)', () => {
  const d = diffManifests(A, B, 'ns');
  assert.deepEqual(d.added, ['Deployment other/new']);
  assert.deepEqual(d.removed, ['Secret ns/old']);
  assert.equal(d.unchanged, 1);
  assert.deepEqual(d.changed, [
    {
      key: 'ConfigMap ns/conf',
      fields: [
        { path: 'apiVersion', before: 'v1', after: undefined },
        { path: 'data.opts', before: '-Dq=20GB', after: '-Dq=10GB' },
      ],
    },
  ]);
  const text = formatDiff(d);
  assert.match(text, /^# 1 changed, 1 added, 1 removed, 1 unchanged/);
  assert.match(text, /~ ConfigMap ns\/conf\n {4}apiVersion: "v1" → \(none\)\n {4}data\.opts: "-Dq=20GB" → "-Dq=10GB"/);
  assert.match(formatDiff(diffManifests(A, A)), /No change/);
});

test('long strings show the part that differs', () => {
  const before = `-Xmx4G ${'-Dx=y '.repeat(30)}-Dalluxio.worker.tieredstore.level0.dirs.quota=20GB ${'-Da=b '.repeat(30)}`;
  const after = before.replace('quota=20GB', 'quota=10GB');
  assert.match(showChange(before, after), /^"….*dirs\.quota=20GB.*…" → "….*dirs\.quota=10GB.*…"$/);
});

test('normalised manifests are sorted by key for the diff editor', () => {
  const text = normaliseManifest(B, 'ns');
  assert.ok(text.indexOf('# ConfigMap ns/conf') < text.indexOf('# Deployment other/new'));
});

test('apply conflicts: manager and fields from the API server message', () => {
  const one = parseApplyConflict(
    'cannot patch tfjobs in namespace default: conflict (Apply failed with 1 conflict: conflict with "kubectl-edit" using kubeflow.org/v1: .spec.tfReplicaSpecs.Worker.replicas)',
  );
  assert.deepEqual(one, { managers: ['kubectl-edit'], fields: ['.spec.tfReplicaSpecs.Worker.replicas'] });
  const two = parseApplyConflict(
    'Apply failed with 2 conflicts: conflicts with "helm" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="x"].image',
  );
  assert.deepEqual(two, {
    managers: ['helm'],
    fields: ['.spec.replicas', '.spec.template.spec.containers[name="x"].image'],
  });
  assert.equal(parseApplyConflict('not found'), undefined);
  assert.match(
    describeConflict(one!, 'TFJob default/x'),
    /\.spec\.tfReplicaSpecs\.Worker\.replicas is owned by "kubectl-edit"\. Choose Force/,
  );
});
