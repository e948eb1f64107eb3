import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDu, parseLs, parseLsLine } from '../../../src/core/data/alluxio-listing';
import {
  describeMethod,
  hasSubmitLoad,
  isUnknownCommand,
  parseLoadProgress,
  parseLoadProgressJson,
  parseSubmitted,
  warmUpCommand,
} from '../../../src/core/data/alluxio-load';
import { parseReportCapacity, parseReportSummary } from '../../../src/core/data/alluxio-report';
import { alluxio, alluxioShell } from './fixtures';

const MB = 1024 * 1024;

test('ls -R: folders with child counts, files with size and the % in Alluxio column', () => {
  const before = parseLs(alluxioShell('ls-R.mounted.txt'));
  assert.equal(before.skipped, 0);
  assert.equal(before.entries.length, 8);
  const raw = before.entries.find((e) => e.path === '/data/MNIST/raw');
  assert.deepEqual([raw?.isDir, raw?.children], [true, 4]);
  const images = before.entries.find((e) => e.path.endsWith('train-images-idx3-ubyte.gz'));
  assert.deepEqual([images?.size, images?.inAlluxioPercent, images?.persistence], [9912422, 0, 'PERSISTED']);

  const after = parseLs(alluxioShell('ls-R.loaded.txt'));
  const shard = after.entries.find((e) => e.path === '/data/big/shard-0.bin');
  assert.equal(shard?.inAlluxioPercent, 40);
  assert.equal(after.entries.filter((e) => e.inAlluxioPercent === 100).length, 5);
});

test('ls lines with a blank owner, a path with spaces, human sizes, and junk', () => {
  const e = parseLsLine(
    '-rw-r--r--                                  1.5MB       PERSISTED 12-02-2026 08:09:02:152  75% /data/my file.bin',
  );
  assert.deepEqual([e?.path, e?.size, e?.inAlluxioPercent], ['/data/my file.bin', 1572864, 75]);
  assert.equal(parseLsLine('08:10:32.284 [main] ERROR alluxio.cli.AbstractShell - Error running load'), undefined);
  assert.equal(
    parseLsLine('-rw-r--r--  root root 10 PERSISTED 12-02-2026 08:09:02:152 250% /x')?.inAlluxioPercent,
    undefined,
  );
});

test('ls stops at its entry bound and says so', () => {
  const line = '-rw-r--r--  root  root  10  PERSISTED 12-02-2026 08:09:02:152 100% /d/f\n';
  const r = parseLs(line.repeat(50), 20);
  assert.equal(r.entries.length, 20);
  assert.equal(r.truncated, true);
});

test('du: exact bytes in Alluxio per file and for a folder (-h -s)', () => {
  const files = parseDu(alluxioShell('du-files.loaded.txt'));
  assert.equal(files.skipped, 0);
  assert.equal(files.entries.length, 4);
  assert.deepEqual(files.entries[0], {
    path: '/data/MNIST/raw/t10k-images-idx3-ubyte.gz',
    size: 1648877,
    inAlluxio: 1648877,
    inAlluxioPercent: 100,
    worker: undefined,
  });
  const folder = parseDu(alluxioShell('du.mounted.txt')).entries[0];
  assert.deepEqual([folder.path, folder.inAlluxio, folder.inAlluxioPercent], ['/data/MNIST', 0, 0]);
  assert.ok(Math.abs((folder.size ?? 0) - 11.06 * MB) < 0.01 * MB);
});

test('fsadmin report: version, workers live/lost, capacity and used per tier', () => {
  const r = parseReportSummary(alluxioShell('report.loaded.txt'));
  assert.equal(r.version, '2.9.6');
  assert.deepEqual([r.liveWorkers, r.lostWorkers], [1, 0]);
  assert.equal(r.capacity, 256 * MB);
  assert.equal(r.safeMode, false);
  assert.equal(r.tiers[0].alias, 'MEM');
  assert.equal(r.tiers[0].capacity, 256 * MB);
  assert.equal(r.tiers[0].used, r.used);
  assert.ok((r.used ?? 0) > 20 * MB);
});

test('fsadmin report capacity: per-worker capacity and used from the table', () => {
  const before = parseReportCapacity(alluxioShell('report-capacity.mounted.txt'));
  assert.equal(before.workers.length, 1);
  assert.deepEqual(
    [before.workers[0].host, before.workers[0].state, before.workers[0].capacity, before.workers[0].used],
    ['127.0.0.1', 'live', 256 * MB, 0],
  );
  const after = parseReportCapacity(alluxioShell('report-capacity.loaded.txt'));
  assert.equal(after.workers[0].used, after.used);
  assert.equal(after.workers[0].version, '2.9.6');
  assert.ok(Math.abs((after.used ?? 0) - 23.83 * MB) < 0.01 * MB);
});

test('warm-up: 2.9.6 has load --submit and no distributedLoad; progress text and JSON agree', () => {
  const usage = alluxioShell('distributedLoad.raw.txt');
  assert.equal(isUnknownCommand(alluxio('distributedLoad.raw.stderr.txt'), 'distributedLoad'), true);
  assert.equal(isUnknownCommand(alluxioShell('ls-R.loaded.txt'), 'distributedLoad'), false);
  assert.equal(hasSubmitLoad(usage), true);
  assert.equal(parseSubmitted(alluxioShell('load-submit.raw.txt')), '35c5d82f-6760-42dc-b2d6-601656ff4853');
  const text = parseLoadProgress(alluxioShell('load-progress.raw.txt'));
  const json = parseLoadProgressJson(alluxioShell('load-progress-json.raw.txt'));
  assert.equal(text.state, 'succeeded');
  assert.equal(json.state, 'succeeded');
  assert.deepEqual([json.filesProcessed, json.filesFailed, json.bytesLoaded, json.percent], [4, 0, 7400418, 100]);
  assert.equal(text.filesProcessed, 4);
  assert.ok(Math.abs((text.bytesLoaded ?? 0) - 7400418) < 0.01 * MB);
  assert.equal(text.percent, 100);
  assert.deepEqual(warmUpCommand('submit', '/data'), ['alluxio', 'fs', 'load', '/data', '--submit']);
  assert.deepEqual(warmUpCommand('submit', '/data', { bandwidth: '1MB' }), [
    'alluxio',
    'fs',
    'load',
    '/data',
    '--submit',
    '--bandwidth',
    '1MB',
  ]);
  assert.deepEqual(warmUpCommand('load', '/data', { bandwidth: '1MB' }), ['alluxio', 'fs', 'load', '/data']);
  assert.deepEqual(warmUpCommand('distributedLoad', '/data', { replication: 2 }), [
    'alluxio',
    'fs',
    'distributedLoad',
    '--replication',
    '2',
    '/data',
  ]);
  assert.match(describeMethod('load'), /no job service/);
});

test('a failed load (deadline exceeded) is not mistaken for progress', () => {
  const p = parseLoadProgress(alluxioShell('load.deadline-exceeded.txt'));
  assert.equal(p.state, 'unknown');
  assert.equal(p.percent, undefined);
});
