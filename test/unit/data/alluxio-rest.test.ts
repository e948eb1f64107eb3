import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  mountOf,
  parseMasterInfo,
  parseMountTable,
  parseOverview,
  parseWebuiWorkers,
  workerState,
} from '../../../src/core/data/alluxio-rest';
import { AnswerError } from '../../../src/core/data/outcome';
import { alluxio } from './fixtures';

const MB = 1024 * 1024;

test('master info (2.9.6): version, capacity per tier, the live worker, mount points, cluster counters', () => {
  const info = parseMasterInfo(alluxio('3-read.info.json'));
  assert.equal(info.version, '2.9.6');
  assert.equal(info.capacity, 256 * MB);
  assert.deepEqual(
    info.tiers.map((t) => t.alias),
    ['MEM'],
  );
  assert.equal(info.tiers[0].capacity, 256 * MB);
  assert.equal(info.used, info.tiers[0].used);
  assert.ok((info.used ?? 0) > 20 * MB, `used ${info.used}`);
  assert.equal(info.workers.length, 1);
  assert.equal(info.workers[0].host, '127.0.0.1');
  assert.equal(info.workers[0].state, 'live');
  assert.equal(info.workers[0].rawState, 'ACTIVE');
  assert.equal(info.workers[0].tiers[0].capacity, 256 * MB);
  assert.deepEqual(info.lostWorkers, []);
  assert.deepEqual(info.mounts.map((m) => [m.alluxioPath, m.ufsType]).sort(), [
    ['/', 'local'],
    ['/data', 'local'],
  ]);
  assert.equal(info.metrics['Cluster.BytesReadLocal'], 19949907);
});

test('a fresh cluster: nothing used, no /data mount yet', () => {
  const info = parseMasterInfo(alluxio('0-empty.info.json'));
  assert.equal(info.used, 0);
  assert.deepEqual(
    info.mounts.map((m) => m.alluxioPath),
    ['/'],
  );
});

test('the web UI answers agree with the info answer', () => {
  const info = parseMasterInfo(alluxio('2-loaded.info.json'));
  const overview = parseOverview(alluxio('2-loaded.webui_overview.json'));
  assert.equal(overview.version, '2.9.6');
  assert.equal(overview.capacity, info.capacity);
  assert.equal(overview.liveWorkers, 1);
  assert.equal(overview.tiers[0].alias, 'MEM');
  // webui sizes are rounded human text ("23.83MB"): within 0.01 MB of the byte count
  assert.ok(Math.abs((overview.used ?? 0) - (info.used ?? 0)) < 0.01 * MB);
  const workers = parseWebuiWorkers(alluxio('2-loaded.webui_workers.json'));
  assert.equal(workers.workers.length, 1);
  assert.equal(workers.workers[0].host, '127.0.0.1');
  assert.equal(workers.workers[0].capacity, 256 * MB);
  assert.deepEqual(workers.lostWorkers, []);
  const mounts = parseMountTable(alluxio('2-loaded.webui_mounttable.json'));
  const data = mounts.find((m) => m.alluxioPath === '/data');
  assert.match(data?.ufsUri ?? '', /ufs-data$/);
});

test('2.2-era worker states and lost workers are told apart', () => {
  assert.equal(workerState('In Service', false), 'live');
  assert.equal(workerState('ACTIVE', false), 'live');
  assert.equal(workerState('Out of Service', false), 'lost');
  assert.equal(workerState('ACTIVE', true), 'lost');
  assert.equal(workerState('DECOMMISSIONED', false), 'decommissioned');
  assert.equal(workerState('something new', false), 'unknown');
});

test('2.2-era info shape: state "In Service", tierCapacity present, sizes as numbers', () => {
  // The 2.9.6 answer with its worker rewritten the way 2.2 named the state and with a lost worker.
  const j = JSON.parse(alluxio('2-loaded.info.json'));
  j.workers[0].state = 'In Service';
  j.lostWorkers = [{ ...j.workers[0], id: 7, state: 'Out of Service', address: { host: '10.0.0.9' } }];
  const info = parseMasterInfo(JSON.stringify(j));
  assert.equal(info.workers[0].state, 'live');
  assert.equal(info.lostWorkers[0].host, '10.0.0.9');
  assert.equal(info.lostWorkers[0].state, 'lost');
});

test('negative or wrong-typed numbers are unknown, never shown', () => {
  const j = JSON.parse(alluxio('2-loaded.info.json'));
  j.capacity = { total: -1, used: 'lots' };
  j.workers[0].usedBytes = -5;
  const info = parseMasterInfo(JSON.stringify(j));
  assert.equal(info.capacity, undefined);
  assert.equal(info.used, undefined);
  assert.equal(info.workers[0].used, undefined);
});

test('an HTML page or an array is a clear AnswerError naming the endpoint', () => {
  assert.throws(
    () => parseMasterInfo('<html><body>404 Not Found</body></html>'),
    (e: unknown) => e instanceof AnswerError && /Alluxio master info: not JSON/.test(e.message),
  );
  assert.throws(() => parseOverview('[1,2]'), /expected a JSON object, got an array/);
});

test('a hostile answer: 100,000 workers are cut at the bound; over 64 MB is refused unparsed', () => {
  const worker = { address: { host: 'h' }, state: 'ACTIVE', capacityBytes: 1 };
  const many = JSON.stringify({ workers: Array.from({ length: 100_000 }, () => worker) });
  assert.equal(parseMasterInfo(many).workers.length, 20_000);
  const huge = `{"version":"${'x'.repeat(64 * 1024 * 1024)}"}`;
  assert.throws(() => parseMasterInfo(huge), /over the 67108864-byte limit/);
});

test('mountOf picks the longest mount prefix, not a sibling with the same start', () => {
  const mounts = parseMasterInfo(alluxio('2-loaded.info.json')).mounts;
  assert.equal(mountOf(mounts, '/data/MNIST/raw')?.alluxioPath, '/data');
  assert.equal(mountOf(mounts, '/database')?.alluxioPath, '/');
});
