// Pure parts of the sandbox: wrapper go.mod generation, the Helm post-renderer, CRI lines, mnist lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { k8sWrapperGoMod } from '../../sandbox/build';
import { postRender, upgradeManifest } from '../../sandbox/postrender';
import { criLine, mnistLines, TrainingLogWriter } from '../../sandbox/trainlog';

test('wrapper go.mod replaces every staging module with the published v0 version', () => {
  const upstream = [
    'module k8s.io/kubernetes',
    '',
    'go 1.26.0',
    '',
    'require (',
    '\tk8s.io/api v0.0.0',
    ')',
    '',
    'replace (',
    '\tk8s.io/api => ./staging/src/k8s.io/api',
    '\tk8s.io/cri-streaming => ./staging/src/k8s.io/cri-streaming',
    ')',
    '',
  ].join('\n');
  const out = k8sWrapperGoMod(upstream);
  assert.match(out, /^module alluxio-dl\/k8s-build$/m);
  assert.match(out, /^require k8s\.io\/kubernetes v1\.36\.3$/m);
  assert.match(out, /^\tk8s\.io\/api => k8s\.io\/api v0\.36\.3$/m);
  assert.match(out, /^\tk8s\.io\/cri-streaming => k8s\.io\/cri-streaming v0\.36\.3$/m);
  assert.match(out, /^go 1\.26\.0$/m);
  assert.throws(() => k8sWrapperGoMod('module x\n'), /no staging replace lines/);
});

test('post-renderer moves removed API versions to apps/v1 and adds the selector', () => {
  const d = upgradeManifest({
    apiVersion: 'extensions/v1beta1',
    kind: 'DaemonSet',
    spec: { template: { metadata: { labels: { app: 'hdfs-datanode', release: 'hdfs' } } } },
  });
  assert.equal(d.apiVersion, 'apps/v1');
  assert.deepEqual(d.spec.selector, { matchLabels: { app: 'hdfs-datanode', release: 'hdfs' } });
  const kept = upgradeManifest({
    apiVersion: 'apps/v1beta1',
    kind: 'StatefulSet',
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b', c: 'd' } } } },
  });
  assert.deepEqual(kept.spec.selector, { matchLabels: { a: 'b' } }, 'an existing selector is kept');
  assert.equal(upgradeManifest({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget' }).apiVersion, 'policy/v1');
  assert.equal(upgradeManifest({ apiVersion: 'v1', kind: 'Service' }).apiVersion, 'v1');
});

test('post-renderer repairs the glued `- ReadWriteOnceresources:` claim and reads 0744 as octal', () => {
  const rendered = [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: m}',
    'spec:',
    '  template:',
    '    spec:',
    '      volumes:',
    '      - name: s',
    '        secret: {secretName: x, defaultMode: 0744}',
    '  volumeClaimTemplates:',
    '    - metadata:',
    '        name: j',
    '      spec:',
    '        storageClassName: standard',
    '        accessModes:',
    '        - ReadWriteOnceresources:',
    '          requests:',
    '            storage: 1Gi',
    '',
  ].join('\n');
  const out = postRender(`---\n${rendered}`);
  const doc = JSON.parse(out.replace(/^---\n/, ''));
  assert.deepEqual(doc.spec.volumeClaimTemplates[0].spec, {
    storageClassName: 'standard',
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
  });
  assert.equal(doc.spec.template.spec.volumes[0].secret.defaultMode, 0o744);
});

test('CRI lines and the mnist generator follow the documented formats', () => {
  assert.equal(criLine('x', 'stdout', new Date('2026-01-02T03:04:05.678Z')), '2026-01-02T03:04:05.678Z stdout F x\n');
  const lines = [...mnistLines(1)];
  assert.equal(lines.length, 95);
  assert.match(lines[0], /^Train Epoch: 1 \[0\/60000 \(0%\)\]\tLoss: \d+\.\d{6}$/);
  assert.match(lines[93], /^Train Epoch: 1 \[59520\/60000 \(99%\)\]\tLoss: /);
  assert.match(lines[94], /^Test set: Average loss: \d+\.\d{4}, Accuracy: \d+\/10000 \(\d+%\)$/);
  const w = new TrainingLogWriter([], 0);
  assert.deepEqual(
    w.next(2).map((l) => l.split('\t').pop()),
    ['seq=1', 'seq=2'],
  );
});
