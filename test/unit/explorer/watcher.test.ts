import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterError, type ResourceKind } from '../../../src/k8s/cluster-client';
import { ResourceWatcher, type WatchSink, type WatchTiming } from '../../../src/k8s/watcher';
import { ClusterModel } from '../../../src/core/model/cluster-model';
import { MemoryClusterClient } from '../../doubles/memory-cluster-client';
import { pod } from './objects';
import { waitFor } from '../../support/wait';

/** What the in-memory double does arrives within turns of the event loop. */
const soon = { timeoutMs: 2_000, intervalMs: 0 };

const FAST: WatchTiming = { minBackoffMs: 5, maxBackoffMs: 20, slowRetryMs: 60_000, pollMs: 60_000 };
const quiet = { info: () => undefined, warn: () => undefined };

function modelSink(model: ClusterModel): WatchSink & { failures: (ClusterError | undefined)[] } {
  const failures: (ClusterError | undefined)[] = [];
  return {
    failures,
    reset: (kind: ResourceKind, items) => void model.reset(kind, items),
    event: (kind, ev) => void model.apply(kind, ev),
    failure: (kind, err) => {
      failures.push(err);
      model.setFailure(kind, err);
    },
  };
}

function setup(timing = FAST) {
  const cluster = new MemoryClusterClient();
  const model = new ClusterModel();
  const sink = modelSink(model);
  const watcher = new ResourceWatcher(cluster, 'pods', 'default', sink, quiet, timing);
  return { cluster, model, sink, watcher };
}

test('lists, then applies watch events as they come', async () => {
  const { cluster, model, watcher } = setup();
  cluster.put('pods', pod('a'));
  const done = watcher.start();
  await waitFor('the watch', () => cluster.activeWatches === 1, soon);
  assert.ok(model.pods.has('default/a'));
  cluster.put('pods', pod('b'));
  assert.ok(model.pods.has('default/b'));
  cluster.remove('pods', 'default', 'a');
  assert.ok(!model.pods.has('default/a'));
  watcher.stop();
  await done;
  assert.equal(cluster.activeWatches, 0);
});

test('objects of other namespaces are not seen', async () => {
  const { cluster, model, watcher } = setup();
  cluster.put('pods', pod('x', { namespace: 'other' }));
  const done = watcher.start();
  await waitFor('the watch', () => cluster.activeWatches === 1, soon);
  cluster.put('pods', pod('y', { namespace: 'other' }));
  assert.equal(model.pods.size, 0);
  watcher.stop();
  await done;
});

test('a watch that ends is restarted from the last resourceVersion, without re-listing', async () => {
  const { cluster, model, watcher } = setup();
  const done = watcher.start();
  await waitFor('the watch', () => cluster.activeWatches === 1, soon);
  cluster.endWatches();
  cluster.put('pods', pod('while-away')); // happens between two watches
  await waitFor(
    'the restarted watch to replay the missed event',
    () => cluster.activeWatches === 1 && model.pods.has('default/while-away'),
    soon,
  );
  assert.equal(cluster.calls.list, 1);
  assert.equal(cluster.calls.watch, 2);
  watcher.stop();
  await done;
});

test('410 Expired re-lists, and the re-list removes what was deleted meanwhile', async () => {
  const { cluster, model, watcher } = setup();
  cluster.put('pods', pod('old'));
  const done = watcher.start();
  await waitFor('the watch', () => cluster.activeWatches === 1, soon);
  watcher.stop();
  await done;
  cluster.remove('pods', 'default', 'old');
  cluster.put('pods', pod('new'));
  cluster.compact(); // the version the watcher holds is now too old
  const again = watcher.start();
  await waitFor('re-list and watch', () => cluster.activeWatches === 1 && cluster.calls.list === 2, soon);
  assert.deepEqual([...model.pods.keys()], ['default/new']);
  watcher.stop();
  await again;
});

test('stopping and starting again resumes from the resourceVersion (no re-list)', async () => {
  const { cluster, model, watcher } = setup();
  const done = watcher.start();
  await waitFor('the watch', () => cluster.activeWatches === 1, soon);
  watcher.stop();
  await done;
  cluster.put('pods', pod('hidden-time'));
  assert.ok(!model.pods.has('default/hidden-time'), 'nothing is applied while stopped');
  const again = watcher.start();
  await waitFor('the resumed watch', () => model.pods.has('default/hidden-time'), soon);
  assert.equal(cluster.calls.list, 1);
  watcher.stop();
  await again;
});

test('unreachable: the failure is reported, retried with backoff, and cleared once the server is back', async () => {
  const { cluster, model, sink, watcher } = setup();
  cluster.fail(
    'list',
    'pods',
    () => new ClusterError('unreachable', 'pods', 'default', 'connect ECONNREFUSED', 'retry'),
    3,
  );
  cluster.put('pods', pod('a'));
  const done = watcher.start();
  await waitFor('recovery', () => cluster.activeWatches === 1, soon);
  assert.equal(cluster.calls.list, 4);
  assert.equal(sink.failures.filter(Boolean).length, 3);
  assert.equal(sink.failures.at(-1), undefined, 'the failure is cleared');
  assert.equal(model.failures.size, 0);
  assert.ok(model.pods.has('default/a'));
  watcher.stop();
  await done;
});

test('a watch that fails (server restarted) re-lists when it comes back', async () => {
  const { cluster, model, watcher } = setup();
  const done = watcher.start();
  await waitFor('the watch', () => cluster.activeWatches === 1, soon);
  cluster.fail('list', 'pods', () => new ClusterError('unreachable', 'pods', 'default', 'ECONNREFUSED', ''), 1);
  cluster.endWatches(new ClusterError('unreachable', 'pods', 'default', 'socket hang up', ''));
  cluster.put('pods', pod('after-restart'));
  await waitFor('recovery', () => cluster.activeWatches === 1 && model.pods.has('default/after-restart'), soon);
  assert.equal(cluster.calls.list, 3);
  watcher.stop();
  await done;
});

test('forbidden waits the slow interval; Retry wakes it at once', async () => {
  const { cluster, model, watcher } = setup();
  cluster.fail(
    'list',
    'pods',
    () =>
      new ClusterError(
        'forbidden',
        'pods',
        'default',
        'cannot list pods in namespace default: forbidden for user bob',
        'ask',
      ),
  );
  const done = watcher.start();
  await waitFor('the failure', () => model.failures.has('pods'), soon);
  assert.equal(model.failures.get('pods')?.kind, 'forbidden');
  assert.equal(cluster.calls.list, 1);
  cluster.heal('list', 'pods');
  watcher.retryNow();
  await waitFor('the watch after Retry', () => cluster.activeWatches === 1, soon);
  assert.equal(model.failures.size, 0);
  watcher.stop();
  await done;
});

test('list allowed but watch forbidden: falls back to polling lists', async () => {
  const { cluster, model, watcher } = setup({ ...FAST, pollMs: 5 });
  cluster.fail('watch', 'pods', () => new ClusterError('forbidden', 'pods', 'default', 'cannot watch pods', ''));
  const done = watcher.start();
  await waitFor('a second list', () => cluster.calls.list >= 2, soon);
  cluster.put('pods', pod('polled'));
  await waitFor('the polled pod', () => model.pods.has('default/polled'), soon);
  assert.equal(model.failures.size, 0, 'polling is not a failure');
  watcher.stop();
  await done;
});

test('a server that ends every watch at once does not make the loop spin', async () => {
  const { cluster, watcher } = setup({ ...FAST, minBackoffMs: 50 });
  const done = watcher.start();
  const until = Date.now() + 300;
  while (Date.now() < until) {
    cluster.endWatches();
    await new Promise((r) => setImmediate(r));
  }
  assert.ok(cluster.calls.watch < 40, `${cluster.calls.watch} watches in 300 ms`);
  watcher.stop();
  await done;
});
