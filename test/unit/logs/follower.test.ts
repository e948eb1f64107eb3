import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressParser, ProgressState } from '../../../src/core/log-pipeline/progress';
import type { Timers } from '../../../src/core/log-pipeline/timers';
import { CurvePoint, FollowOptions, FollowState, JobFollower } from '../../../src/follow/job-follower';
import { MemoryPodLogs } from '../../doubles/memory-pod-logs';
import { waitFor } from '../../support/wait';

/** What the in-memory double does arrives within turns of the event loop. */
const soon = { timeoutMs: 3_000, intervalMs: 0 };

const WORKER = (i: number) => ({
  'training.kubeflow.org/job-name': 'alluxio-pytorch',
  'training.kubeflow.org/replica-type': 'worker',
  'training.kubeflow.org/replica-index': String(i),
});

function follow(
  cluster: MemoryPodLogs,
  opts: Partial<FollowOptions> = {},
  kind = 'PyTorchJob',
  name = 'alluxio-pytorch',
) {
  const lines: string[] = [];
  const states: [FollowState, string][] = [];
  const progress: { s: ProgressState; p: CurvePoint | undefined }[] = [];
  const f = new JobFollower({
    job: { namespace: 'default', kind, name },
    options: { tail: 20, timestamps: false, previous: false, ...opts },
    pods: cluster,
    streamer: cluster,
    parser: new ProgressParser(),
    output: {
      line: (t) => lines.push(t),
      block: (t) => lines.push(...t.split('\n').slice(0, -1)),
      state: (s, d) => states.push([s, d]),
      progress: (s, p) => progress.push({ s, p }),
      debug: () => undefined,
    },
  });
  f.start();
  return { f, lines, states, progress };
}

const seqs = (lines: string[], prefix: string) =>
  lines.filter((l) => l.startsWith(prefix)).map((l) => Number(/seq=(\d+)/.exec(l)?.[1]));

test('two workers: both followed, lines prefixed, existing logs tailed', async () => {
  const c = new MemoryPodLogs();
  c.addPod('alluxio-pytorch-worker-0', WORKER(0));
  c.addPod('alluxio-pytorch-worker-1', WORKER(1));
  c.addPod('other-job-worker-0', { 'training.kubeflow.org/job-name': 'other-job' });
  c.append(
    'alluxio-pytorch-worker-0',
    Array.from({ length: 30 }, (_, i) => `old seq=${i}`),
  );
  c.append('other-job-worker-0', ['not mine']);
  const { f, lines } = follow(c, { tail: 5 });
  await waitFor(
    'both streams',
    () => c.openStreams('alluxio-pytorch-worker-0') === 1 && c.openStreams('alluxio-pytorch-worker-1') === 1,
    soon,
  );
  c.append('alluxio-pytorch-worker-1', ['hello from 1']);
  c.append('alluxio-pytorch-worker-0', ['hello from 0']);
  await waitFor('7 lines', () => lines.length >= 7, soon);
  assert.deepEqual(seqs(lines, '[worker-0] old'), [25, 26, 27, 28, 29]);
  assert.ok(lines.includes('[worker-1] hello from 1'));
  assert.ok(lines.includes('[worker-0] hello from 0'));
  assert.ok(!lines.some((l) => l.includes('not mine')));
  f.dispose();
});

test('a single pod: no prefix; timestamps shown only when asked', async () => {
  const c = new MemoryPodLogs();
  c.addPod('solo', {}, ['main']);
  c.append('solo', ['one'], 'main');
  const a = follow(c, {}, 'Pod', 'solo');
  await waitFor('a line', () => a.lines.length === 1, soon);
  assert.deepEqual(a.lines, ['one']);
  a.f.dispose();
  const b = follow(c, { timestamps: true }, 'Pod', 'solo');
  await waitFor('a line', () => b.lines.length === 1, soon);
  assert.match(b.lines[0], /^\d{4}-\d\d-\d\dT[\d:.]+Z one$/);
  b.f.dispose();
});

test('streams dropped again and again mid-log (same-timestamp lines too): nothing lost, nothing repeated', async () => {
  const c = new MemoryPodLogs();
  c.addPod('alluxio-pytorch-worker-0', WORKER(0));
  const { f, lines } = follow(c, { tail: -1 });
  let seq = 0;
  for (let round = 0; round < 20; round++) {
    await waitFor(`stream open (round ${round})`, () => c.openStreams('alluxio-pytorch-worker-0') === 1, soon);
    const batch = Array.from({ length: 7 }, () => `seq=${seq++}`);
    c.append('alluxio-pytorch-worker-0', batch.slice(0, 3), 'pytorch', round % 2 === 0);
    c.append('alluxio-pytorch-worker-0', batch.slice(3), 'pytorch', round % 2 === 0);
    assert.equal(c.drop('alluxio-pytorch-worker-0'), 1);
    // lines written while nobody is connected
    c.append('alluxio-pytorch-worker-0', [`seq=${seq++}`], 'pytorch', true);
  }
  await waitFor(`${seq} lines`, () => lines.length >= seq, soon);
  assert.deepEqual(
    seqs(lines, 'seq='),
    Array.from({ length: seq }, (_, i) => i),
  );
  assert.ok(c.requests.filter((r) => r.sinceTime).length >= 20, 'resumed with sinceTime');
  f.dispose();
});

test('a pod deleted and recreated is picked up, its new log from the start', async () => {
  const c = new MemoryPodLogs();
  c.addPod('alluxio-pytorch-worker-0', WORKER(0));
  c.append('alluxio-pytorch-worker-0', ['first life']);
  const { f, lines } = follow(c);
  await waitFor('first life', () => lines.includes('first life'), soon);
  c.deletePod('alluxio-pytorch-worker-0');
  await waitFor('deleted note', () => lines.some((l) => l.includes('pod alluxio-pytorch-worker-0 deleted')), soon);
  c.addPod('alluxio-pytorch-worker-0', WORKER(0));
  c.append(
    'alluxio-pytorch-worker-0',
    Array.from({ length: 30 }, (_, i) => `second life seq=${i}`),
  );
  await waitFor(
    'all 30 lines of the new pod',
    () => lines.filter((l) => l.startsWith('second life')).length === 30,
    soon,
  );
  f.dispose();
});

test('no pods yet: "waiting for pods", then the pod is followed', async () => {
  const c = new MemoryPodLogs();
  const { f, lines, states } = follow(c, {}, 'TFJob');
  await waitFor('a state', () => states.length > 0, soon);
  assert.equal(states[0][0], 'waiting');
  assert.match(
    lines[0],
    /Waiting for pods of TFJob default\/alluxio-pytorch \(training\.kubeflow\.org\/job-name=alluxio-pytorch or tf-job-name=alluxio-pytorch/,
  );
  c.addPod('alluxio-pytorch-worker-0', { 'tf-job-name': 'alluxio-pytorch' });
  c.append('alluxio-pytorch-worker-0', ['started']);
  await waitFor('the line', () => lines.includes('started'), soon);
  assert.equal(f.state, 'following');
});

test('403 on the log: one clear message naming user and permission, then stop', async () => {
  const c = new MemoryPodLogs();
  c.forbidden = true;
  c.addPod('alluxio-pytorch-worker-0', WORKER(0));
  c.addPod('alluxio-pytorch-worker-1', WORKER(1));
  const { f, lines, states } = follow(c);
  await waitFor('failed', () => f.state === 'failed', soon);
  await waitFor('both tried', () => c.requests.length >= 2, soon);
  const msgs = lines.filter((l) => l.includes('403'));
  assert.equal(msgs.length, 1, lines.join('\n'));
  assert.match(msgs[0], /403 Forbidden: user restricted may not read logs/);
  assert.equal(states.at(-1)![0], 'failed');
  const before = c.requests.length;
  await new Promise((r) => setImmediate(r));
  assert.equal(c.requests.length, before, 'no retry loop');
  f.dispose();
});

test('a restarted container: its previous last lines once, then the new container from its start', async () => {
  const c = new MemoryPodLogs();
  c.addPod('alluxio-pytorch-worker-0', WORKER(0));
  const { f, lines } = follow(c);
  await waitFor('stream', () => c.openStreams('alluxio-pytorch-worker-0') === 1, soon);
  c.append('alluxio-pytorch-worker-0', ['before seq=0', 'before seq=1']);
  await waitFor('two lines', () => lines.length === 2, soon);
  c.restart('alluxio-pytorch-worker-0');
  await waitFor(
    'new stream',
    () => c.openStreams('alluxio-pytorch-worker-0') === 1 && lines.some((l) => l.includes('restarted')),
    soon,
  );
  c.append('alluxio-pytorch-worker-0', ['after seq=0']);
  await waitFor('after', () => lines.includes('after seq=0'), soon);
  assert.equal(lines.filter((l) => l.startsWith('before')).length, 2, 'previous lines not repeated');
  f.dispose();
  // following a pod that already restarted shows the previous container's tail once
  const g = follow(c, { tail: 1 });
  await waitFor('previous header', () => g.lines.some((l) => l.includes('before restart 1')), soon);
  assert.deepEqual(g.lines.slice(0, 3), [
    'before seq=1',
    '── alluxio-pytorch-worker-0/pytorch: above, the last lines of the container before restart 1 ──',
    'after seq=0',
  ]);
  g.f.dispose();
});

test('progress from the seed lines, across workers, with curve points at the line times', async () => {
  const c = new MemoryPodLogs();
  c.addPod('alluxio-pytorch-worker-0', WORKER(0));
  const { f, progress } = follow(c);
  await waitFor('stream', () => c.openStreams('alluxio-pytorch-worker-0') === 1, soon);
  c.append('alluxio-pytorch-worker-0', [
    'Train Epoch: 12 [49280/60000 (82%)]\tLoss: 0.021669',
    'Test set: Average loss: 0.0256, Accuracy: 9921/10000 (99%)',
  ]);
  await waitFor('two progress events', () => progress.length === 2, soon);
  assert.deepEqual(progress[1].s, { epoch: 12, percent: 82, loss: 0.021669, testLoss: 0.0256, accuracy: 99.21 });
  assert.equal(progress[0].p!.loss, 0.021669);
  assert.ok(Math.abs(progress[0].p!.t - Date.parse('2026-01-02T03:04:05Z')) < 60_000);
  f.dispose();
});

test('a container the pod watch never reports started is still read, a few seconds later (a missed watch event does not stall the job)', async () => {
  const c = new MemoryPodLogs();
  const pod = c.addPod('alluxio-pytorch-worker-0', WORKER(0));
  // The pod as the watch last told it: still waiting to start (the update that it runs never comes).
  pod.status = {
    phase: 'Pending',
    containerStatuses: [{ name: 'pytorch', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
  };
  c.append('alluxio-pytorch-worker-0', ['seq=1', 'seq=2']);
  const lines: string[] = [];
  // Time runs 100 times faster: the 5 s recheck takes 50 ms.
  const fast: Timers = {
    setTimeout: (fn, ms) => setTimeout(fn, ms / 100),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
  };
  const f = new JobFollower({
    job: { namespace: 'default', kind: 'PyTorchJob', name: 'alluxio-pytorch' },
    options: { tail: 20, timestamps: false, previous: false },
    pods: c,
    streamer: c,
    parser: new ProgressParser(),
    output: {
      line: (t) => lines.push(t),
      block: (t) => lines.push(...t.split('\n').slice(0, -1)),
      state: () => undefined,
      progress: () => undefined,
      debug: () => undefined,
    },
    timers: fast,
  });
  f.start();
  try {
    await waitFor('the lines of the container the watch says is waiting', () => lines.includes('seq=2'), soon);
    assert.equal(c.openStreams('alluxio-pytorch-worker-0'), 1);
  } finally {
    f.dispose();
  }
});
