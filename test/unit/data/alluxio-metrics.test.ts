import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  metricsFromInfo,
  parseMetricsJson,
  parseReportMetrics,
  parseWebuiMetrics,
} from '../../../src/core/data/alluxio-metrics';
import { parseMasterInfo } from '../../../src/core/data/alluxio-rest';
import { alluxio, alluxioShell } from './fixtures';

const MB = 1024 * 1024;

test('/metrics/json/: read counters and cache gauges after the reads', () => {
  const m = parseMetricsJson(alluxio('3-read.metrics-json.json'));
  assert.deepEqual(m.counters, { local: 19949907, remote: 25165824, ufs: 25165824, domain: 0 });
  assert.equal(m.gauges.capacityTotal, 256 * MB);
  assert.deepEqual(
    m.gauges.tiers.map((t) => t.alias),
    ['MEM'],
  );
  assert.equal(m.gauges.workers, 1);
  assert.equal(m.gauges.lostWorkers, 0);
  // 2.9.6 publishes CacheHitRate as a fraction here (0.44), not a percentage
  assert.ok((m.gauges.cacheHitRate ?? -1) >= 0);
});

test('the three sources of counters agree (JSON, info, fsadmin report metrics)', () => {
  const json = parseMetricsJson(alluxio('4-free-then-read.metrics-json.json')).counters;
  const info = metricsFromInfo(parseMasterInfo(alluxio('4-free-then-read.info.json')).metrics).counters;
  const report = parseReportMetrics(alluxioShell('report-metrics.free-then-read.txt')).counters;
  assert.deepEqual(info, json);
  // the report prints rounded human sizes ("28.48MB")
  for (const k of ['local', 'remote', 'ufs'] as const) {
    assert.ok(Math.abs((report[k] ?? -1) - (json[k] ?? 0)) < 0.01 * MB, `${k}: ${report[k]} vs ${json[k]}`);
  }
});

test('report metrics reads comma-grouped gauges', () => {
  const m = parseReportMetrics(alluxioShell('report-metrics.mounted.txt'));
  assert.equal(m.gauges.capacityTotal, 268435456);
  assert.equal(m.gauges.capacityFree, 268435456);
});

test('2.2-era counter name: Cluster.BytesReadAlluxio stands for remote reads', () => {
  const j = JSON.parse(alluxio('3-read.metrics-json.json'));
  j.counters['Cluster.BytesReadAlluxio'] = j.counters['Cluster.BytesReadRemote'];
  delete j.counters['Cluster.BytesReadRemote'];
  assert.equal(parseMetricsJson(JSON.stringify(j)).counters.remote, 25165824);
});

test('negative counters and hit rates (2.9 after free-then-read) become unknown', () => {
  const j = JSON.parse(alluxio('4-free-then-read.metrics-json.json'));
  j.counters['Cluster.BytesReadLocal'] = { count: -36 };
  j.gauges['Cluster.CacheHitRate'] = { value: -100 };
  const m = parseMetricsJson(JSON.stringify(j));
  assert.equal(m.counters.local, undefined);
  assert.equal(m.gauges.cacheHitRate, undefined);
  const w = JSON.parse(alluxio('4-free-then-read.webui_metrics.json'));
  w.cacheHitRemote = '-36.83';
  const webui = parseWebuiMetrics(JSON.stringify(w));
  assert.equal(webui.cacheHitRemote, undefined);
  assert.equal(webui.cacheHitLocal, 45.98);
});

test('webui_metrics: percentages and byte totals as the web UI shows them', () => {
  const w = parseWebuiMetrics(alluxio('3-read.webui_metrics.json'));
  assert.deepEqual([w.cacheHitLocal, w.cacheHitRemote, w.cacheMiss], [44.22, 0, 55.78]);
  assert.equal(w.bytesReadRemote, 24 * MB);
});
