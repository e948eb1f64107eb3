// Pure parts of the sandbox: wrapper go.mod generation, CRI lines, mnist lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { k8sWrapperGoMod } from '../../sandbox/build';
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
