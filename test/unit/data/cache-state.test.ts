import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDu, parseLs } from '../../../src/core/data/alluxio-listing';
import { parseMetricsJson } from '../../../src/core/data/alluxio-metrics';
import { cacheStateOf, filesFromDu, filesFromLs, formatPercent, isUnder } from '../../../src/core/data/cache-state';
import { formulaFor, hitRatio, HitRatioWindow, type CounterSample } from '../../../src/core/data/hit-ratio';
import { alluxio, alluxioShell } from './fixtures';

test('cached percentage of /data/MNIST goes from 0 to 100 across the real warm-up', () => {
  const before = cacheStateOf('/data/MNIST', filesFromLs(parseLs(alluxioShell('ls-R.mounted.txt')).entries));
  assert.deepEqual([before.files, before.total, before.cached, before.cachedPercentage], [4, 11594722, 0, 0]);
  assert.equal(before.notCached, 4);
  const after = cacheStateOf('/data/MNIST', filesFromLs(parseLs(alluxioShell('ls-R.loaded.txt')).entries));
  assert.deepEqual([after.cached, after.cachedPercentage, after.fullyCached], [11594722, 100, 4]);
});

test('a partly cached file: ls gives an estimate (40% of 20 MB), marked not exact', () => {
  const s = cacheStateOf('/data/big', filesFromLs(parseLs(alluxioShell('ls-R.loaded.txt')).entries), 256 * 1024 * 1024);
  assert.equal(s.files, 1);
  assert.equal(s.partlyCached, 1);
  assert.equal(s.cached, Math.floor(20971520 * 0.4));
  assert.equal(s.cachedPercentage, 40);
  assert.equal(s.exact, false);
  assert.equal(s.cacheCapacity, 256 * 1024 * 1024);
  assert.equal(formatPercent(s.cachedPercentage), '40.0%');
});

test('du gives exact bytes; the whole mount sums every file under it', () => {
  const s = cacheStateOf('/data/MNIST/raw', filesFromDu(parseDu(alluxioShell('du-files.loaded.txt')).entries));
  assert.deepEqual([s.exact, s.cachedPercentage, s.files], [true, 100, 4]);
  const all = cacheStateOf('/data', filesFromLs(parseLs(alluxioShell('ls-R.loaded.txt')).entries));
  assert.equal(all.files, 6);
  assert.equal(all.total, 11594722 + 20971520 + 5000000);
});

test('unknown sizes make the percentage unknown, not a lower number; empty folders have none', () => {
  const s = cacheStateOf('/d', [
    { path: '/d/a', size: 100, inAlluxioPercent: 100 },
    { path: '/d/b', inAlluxioPercent: 0 },
  ]);
  assert.equal(s.unknownFiles, 1);
  assert.equal(s.cachedPercentage, undefined);
  assert.equal(cacheStateOf('/empty', []).cachedPercentage, undefined);
  assert.equal(formatPercent(undefined), 'unknown');
});

test('isUnder does not confuse /data with /database', () => {
  assert.equal(isUnder('/data', '/data/x'), true);
  assert.equal(isUnder('/data/', '/data/x'), true);
  assert.equal(isUnder('/data', '/database/x'), false);
  assert.equal(isUnder('/', '/anything'), true);
});

function sample(atMs: number, name: string): CounterSample {
  return { atMs, counters: parseMetricsJson(alluxio(name)).counters };
}

test('hit ratio over the real reads: Fluid’s formula and the one 2.9’s web UI uses', () => {
  const older = sample(0, '1-mounted.metrics-json.json');
  const newer = sample(60_000, '3-read.metrics-json.json');
  const fluid = hitRatio(older, newer, 'fluid');
  // (local + remote) / (local + remote + ufs) = (19949907 + 25165824) / (19949907 + 2 × 25165824)
  assert.equal(fluid.cacheHitRatio?.toFixed(1), '64.2');
  assert.equal(fluid.bytesRead, 19949907 + 2 * 25165824);
  const ui = hitRatio(older, newer, 'remoteIncludesUfs');
  // the web UI's own numbers for the same counters: cacheHitLocal 44.22, cacheMiss 55.78
  assert.equal(ui.cacheHitRatio?.toFixed(2), '44.22');
  assert.equal(ui.localHitRatio?.toFixed(2), '44.22');
  assert.equal(ui.remoteHitRatio, 0);
  assert.equal(formulaFor('2.9.6'), 'remoteIncludesUfs');
  assert.equal(formulaFor('2.2.0'), 'fluid');
  assert.equal(formulaFor(undefined), 'fluid');
});

test('nothing read in the window: 0% as Fluid shows it, with bytesRead 0 to say why', () => {
  const r = hitRatio(sample(0, '3-read.metrics-json.json'), sample(60_000, '3-read.metrics-json.json'));
  assert.deepEqual([r.cacheHitRatio, r.bytesRead], [0, 0]);
});

test('missing, negative or backwards counters give an unknown ratio, never a wrong one', () => {
  const ok = sample(0, '1-mounted.metrics-json.json');
  const later = sample(60_000, '3-read.metrics-json.json');
  assert.equal(
    hitRatio(ok, { atMs: 60_000, counters: { ...later.counters, local: undefined } }).cacheHitRatio,
    undefined,
  );
  const backwards = hitRatio(later, { atMs: 120_000, counters: ok.counters });
  assert.equal(backwards.cacheHitRatio, undefined);
  assert.match(backwards.unknownBecause ?? '', /backwards/);
  const disagree = hitRatio(ok, { atMs: 60_000, counters: { local: 0, remote: 10, ufs: 20 } }, 'remoteIncludesUfs');
  assert.equal(disagree.cacheHitRatio, undefined);
});

test('the window compares with the newest sample at least a minute old, and stays bounded', () => {
  const w = new HitRatioWindow('fluid', 60_000, 8);
  assert.equal(w.current(), undefined);
  for (let i = 0; i <= 100; i++) w.add({ atMs: i * 10_000, counters: { local: i * 100, remote: 0, ufs: i * 100 } });
  const r = w.current();
  assert.equal(r?.windowMs, 60_000);
  assert.equal(r?.cacheHitRatio, 50);
  assert.ok(((w as unknown as { samples: unknown[] }).samples.length ?? 0) <= 8);
});
