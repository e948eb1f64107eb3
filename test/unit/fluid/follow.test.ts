import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followDataLoad } from '../../../src/k8s/fluid';
import type { DataLoadRec } from '../../../src/core/model/fluid-model';
import { MemoryClusterClient } from '../../doubles/memory-cluster-client';
import { dataLoad } from './objects';

test('followDataLoad reports each phase and resolves at Complete', async () => {
  const client = new MemoryClusterClient();
  client.put('dataloads', dataLoad('w', 'mnist'));
  const seen: string[] = [];
  const done = followDataLoad(
    client,
    'default',
    'w',
    (d: DataLoadRec) => seen.push(d.phase || 'new'),
    new AbortController().signal,
  );
  // Fluid's writes, after the follower listed: wait for its watch, then change the status.
  while (client.activeWatches === 0) await new Promise((r) => setImmediate(r));
  client.put('dataloads', dataLoad('other', 'mnist', { phase: 'Failed' }));
  client.put('dataloads', dataLoad('w', 'mnist', { phase: 'Executing', duration: 'Unfinished' }));
  client.put('dataloads', dataLoad('w', 'mnist', { phase: 'Complete', duration: '12s' }));
  const last = await done;
  assert.equal(last.phase, 'Complete');
  assert.equal(last.duration, '12s');
  assert.deepEqual(seen, ['new', 'Executing', 'Complete']);
  assert.equal(client.activeWatches, 0);
});

test('followDataLoad resolves at once for a finished DataLoad, rejects when it is deleted or missing, and stops on abort', async () => {
  const client = new MemoryClusterClient();
  client.put('dataloads', dataLoad('done', 'mnist', { phase: 'Failed', duration: '1s' }));
  const none = new AbortController().signal;
  assert.equal((await followDataLoad(client, 'default', 'done', () => undefined, none)).phase, 'Failed');
  await assert.rejects(
    followDataLoad(client, 'default', 'missing', () => undefined, none),
    /is gone/,
  );

  client.put('dataloads', dataLoad('w', 'mnist', { phase: 'Executing' }));
  const deleted = followDataLoad(client, 'default', 'w', () => undefined, none);
  while (client.activeWatches === 0) await new Promise((r) => setImmediate(r));
  client.remove('dataloads', 'default', 'w');
  await assert.rejects(deleted, /was deleted before it finished/);

  client.put('dataloads', dataLoad('v', 'mnist', { phase: 'Executing' }));
  const abort = new AbortController();
  const stopped = followDataLoad(client, 'default', 'v', () => undefined, abort.signal);
  while (client.activeWatches === 0) await new Promise((r) => setImmediate(r));
  abort.abort();
  await assert.rejects(stopped, (e: Error) => e.name === 'AbortError');
  assert.equal(client.activeWatches, 0);
});
