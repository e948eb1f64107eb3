import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineBatcher } from '../../../src/core/log-pipeline/batcher';
import { BoundedLogOutput } from '../../../src/core/log-pipeline/log-output';
import { describeSelectors, jobPodSelectors, linePrefix, replicaName } from '../../../src/core/log-pipeline/pods';
import { LineRing } from './reference-line-ring';
import { FakeTimers } from '../../doubles/fake-timers';

test('replica names from training-operator, tf-operator and Arena pods', () => {
  assert.equal(
    replicaName(
      'alluxio-pytorch-worker-1',
      { 'training.kubeflow.org/replica-type': 'worker', 'training.kubeflow.org/replica-index': '1' },
      'alluxio-pytorch',
    ),
    'worker-1',
  );
  assert.equal(
    replicaName(
      'x-master-0',
      { 'training.kubeflow.org/replica-type': 'Master', 'training.kubeflow.org/replica-index': '0' },
      'x',
    ),
    'master-0',
  );
  assert.equal(replicaName('old-ps-0', { 'tf-replica-type': 'ps', 'tf-replica-index': '0' }, 'old'), 'ps-0');
  assert.equal(
    replicaName('pt-worker-2', { 'pytorch-replica-type': 'worker', 'pytorch-replica-index': '2' }, 'pt'),
    'worker-2',
  );
  assert.equal(
    replicaName('alluxio-pytorch-tfjob-worker-3', { release: 'alluxio-pytorch' }, 'alluxio-pytorch'),
    'tfjob-worker-3',
  );
  assert.equal(replicaName('standalone', undefined, 'job'), 'standalone');
});

test('prefixes only when more than one pod or container is followed', () => {
  assert.equal(linePrefix('worker-1', 'pytorch', { multiPod: false, multiContainer: false }), '');
  assert.equal(linePrefix('worker-1', 'pytorch', { multiPod: true, multiContainer: false }), '[worker-1] ');
  assert.equal(linePrefix('worker-1', 'sidecar', { multiPod: true, multiContainer: true }), '[worker-1/sidecar] ');
  assert.equal(linePrefix('worker-1', 'sidecar', { multiPod: false, multiContainer: true }), '[sidecar] ');
});

test('job pod selectors: training-operator, older operators, Arena; a pod by name', () => {
  assert.deepEqual(
    jobPodSelectors({ namespace: 'default', kind: 'TFJob', name: 'alluxio-pytorch' }).map((s) => s.labelSelector),
    [
      'training.kubeflow.org/job-name=alluxio-pytorch',
      'tf-job-name=alluxio-pytorch',
      'release=alluxio-pytorch,createdBy',
    ],
  );
  assert.ok(describeSelectors({ namespace: 'd', kind: 'PyTorchJob', name: 'p' }).includes('pytorch-job-name=p'));
  assert.deepEqual(jobPodSelectors({ namespace: 'd', kind: 'Pod', name: 'p-0' }), [
    { fieldSelector: 'metadata.name=p-0' },
  ]);
});

test('batcher: one flush per interval, at once past the size limit, nothing lost', () => {
  const timers = new FakeTimers();
  const flushes: string[] = [];
  const b = new LineBatcher((t) => flushes.push(t), { intervalMs: 100, maxChars: 50 }, timers);
  b.push('a');
  b.push('b');
  assert.equal(flushes.length, 0);
  timers.advance(99);
  assert.equal(flushes.length, 0);
  timers.advance(1);
  assert.deepEqual(flushes, ['a\nb\n']);
  b.push('x'.repeat(60));
  assert.equal(flushes.length, 2, 'size limit flushes without waiting');
  assert.equal(timers.pending, 0);
  b.push('last');
  b.dispose();
  assert.equal(flushes.at(-1), 'last\n');
  b.push('after dispose');
  timers.advance(1000);
  assert.equal(flushes.length, 3);
});

test('ring: bounded by lines and by characters, oldest dropped first', () => {
  const r = new LineRing(3, 1000);
  for (const l of ['1', '2', '3', '4', '5']) r.push(l);
  assert.deepEqual(r.lines(), ['3', '4', '5']);
  assert.equal(r.dropped, 2);
  const c = new LineRing(100, 10);
  c.push('aaaa'); // 5 with newline
  c.push('bbbb'); // 10
  c.push('cc'); // 13 → drops aaaa
  assert.deepEqual(c.lines(), ['bbbb', 'cc']);
  assert.ok(c.size <= 10);
  c.push('x'.repeat(50));
  assert.deepEqual(c.lines(), ['x'.repeat(50)], 'a single line longer than the bound is kept alone');
});

test('ring: 1,000,000 lines keep exactly the last maxLines', () => {
  const r = new LineRing(1000, 1e9);
  for (let i = 0; i < 1_000_000; i++) r.push(`line ${i}`);
  assert.equal(r.length, 1000);
  assert.equal(r.lines()[0], 'line 999000');
  assert.equal(r.lines()[999], 'line 999999');
});

test('bounded output: batched appends, retained text, sink trimmed back when it reaches twice the bound', () => {
  const timers = new FakeTimers();
  const appended: string[] = [];
  let content = '';
  const sink = { append: (t: string) => (appended.push(t), (content += t)), replace: (t: string) => (content = t) };
  const out = new BoundedLogOutput(
    sink,
    { maxLines: 10, maxChars: 10_000, batch: { intervalMs: 100, maxChars: 1e6 } },
    timers,
  );
  for (let i = 0; i < 5; i++) out.line(`l${i}`);
  timers.advance(100);
  assert.deepEqual(appended, ['l0\nl1\nl2\nl3\nl4\n']);
  for (let i = 5; i < 100; i++) {
    out.line(`l${i}`);
    timers.advance(100);
  }
  assert.ok(out.trims > 0);
  const lines = content.trimEnd().split('\n');
  assert.ok(lines.length <= 21, `sink holds ${lines.length} lines`);
  assert.equal(lines.at(-1), 'l99');
  assert.equal(out.retainedText(), Array.from({ length: 10 }, (_, i) => `l${90 + i}`).join('\n') + '\n');
  assert.deepEqual(out.stats, { total: 100, retained: 10, dropped: 90, retainedChars: 40 });
});
