/**
 * Alluxio's cluster read counters and cache gauges, from the three places a release publishes them:
 * `/metrics/json/` (counters `{count}`, gauges `{value}`), the `metrics` map of `/api/v1/master/info`,
 * and `alluxio fsadmin report metrics` ("Cluster.BytesReadLocal  (Type: COUNTER, Value: 19.37MB)").
 * Also `webui_metrics` (percentages as strings). Negative or missing values are undefined: 2.9 reports
 * negative hit rates after free-then-read, which must show as unknown. No vscode import.
 */
import { forEachLine } from './lines';
import { entries, obj, parseObject, str } from './json';
import { nonNegative, parseByteSize, percentage } from './numbers';

/** The cumulative byte counters Fluid's hit ratio is computed from. */
export interface ReadCounters {
  /** Cluster.BytesReadLocal: short-circuit reads on the worker's own node */
  local?: number;
  /** Cluster.BytesReadRemote (2.9), Cluster.BytesReadAlluxio (2.2-era): reads served by a worker over the network */
  remote?: number;
  /** Cluster.BytesReadUfsAll: reads that went to the under store (misses) */
  ufs?: number;
  /** Cluster.BytesReadDomain: domain-socket reads (not part of Fluid's ratio) */
  domain?: number;
}

export interface ClusterGauges {
  capacityTotal?: number;
  capacityUsed?: number;
  capacityFree?: number;
  /** per tier alias (MEM, SSD, HDD): only tiers with a non-zero total */
  tiers: { alias: string; capacity?: number; used?: number }[];
  workers?: number;
  lostWorkers?: number;
  /** Cluster.CacheHitRate, 0–100; undefined when negative (2.9 quirk) or absent */
  cacheHitRate?: number;
}

export interface ClusterMetrics {
  counters: ReadCounters;
  gauges: ClusterGauges;
}

const MAX_METRICS = 50_000;

/** Reads counters and gauges from a flat `name → number` map. */
export function metricsFromMap(values: ReadonlyMap<string, number>): ClusterMetrics {
  const get = (k: string) => nonNegative(values.get(k));
  const tiers: ClusterGauges['tiers'] = [];
  for (const [k, v] of values) {
    const m = /^Cluster\.CapacityTotalTier(.+)$/.exec(k);
    if (m && v > 0) tiers.push({ alias: m[1], capacity: nonNegative(v), used: get(`Cluster.CapacityUsedTier${m[1]}`) });
  }
  return {
    counters: {
      local: get('Cluster.BytesReadLocal'),
      remote: values.has('Cluster.BytesReadRemote') ? get('Cluster.BytesReadRemote') : get('Cluster.BytesReadAlluxio'),
      ufs: get('Cluster.BytesReadUfsAll'),
      domain: get('Cluster.BytesReadDomain'),
    },
    gauges: {
      capacityTotal: get('Cluster.CapacityTotal'),
      capacityUsed: get('Cluster.CapacityUsed'),
      capacityFree: get('Cluster.CapacityFree'),
      tiers,
      workers: get('Cluster.Workers'),
      lostWorkers: get('Cluster.LostWorkers'),
      cacheHitRate: percentage(values.get('Cluster.CacheHitRate')),
    },
  };
}

/** `GET /metrics/json/` on the master's web port. */
export function parseMetricsJson(text: string): ClusterMetrics {
  const j = parseObject(text, 'Alluxio metrics (/metrics/json/)');
  const values = new Map<string, number>();
  for (const [group, field] of [
    ['gauges', 'value'],
    ['counters', 'count'],
  ] as const) {
    for (const [k, v] of entries(j[group], MAX_METRICS)) {
      const n = obj(v)?.[field];
      if (k.startsWith('Cluster.') && typeof n === 'number') values.set(k, n);
    }
  }
  return metricsFromMap(values);
}

/** The `metrics` map already read from `/api/v1/master/info` (see parseMasterInfo). */
export function metricsFromInfo(metrics: Readonly<Record<string, number>>): ClusterMetrics {
  return metricsFromMap(new Map(Object.entries(metrics)));
}

const REPORT_LINE = /^\s*(Cluster\.\S+)\s+\(Type:\s*(\w+),\s*Value:\s*(.*)\)\s*$/;

/** `alluxio fsadmin report metrics`: values are "19.37MB", "0B/MIN" or "268,435,456". */
export function parseReportMetrics(text: string): ClusterMetrics {
  const values = new Map<string, number>();
  forEachLine(text, MAX_METRICS * 4, (line) => {
    const m = REPORT_LINE.exec(line);
    if (!m) return;
    const raw = m[3].replace(/\/MIN$/, '').replace(/,/g, '');
    const n = /^-\d/.test(raw) ? Number(raw) : parseByteSize(raw);
    if (n !== undefined && Number.isFinite(n)) values.set(m[1], n);
  });
  return metricsFromMap(values);
}

export interface WebuiMetrics {
  /** percentages 0–100 as the web UI computes them; undefined when negative or unreadable */
  cacheHitLocal?: number;
  cacheHitRemote?: number;
  cacheMiss?: number;
  bytesReadLocal?: number;
  bytesReadRemote?: number;
  bytesReadUfs?: number;
}

/** `GET /api/v1/master/webui_metrics`. */
export function parseWebuiMetrics(text: string): WebuiMetrics {
  const j = parseObject(text, 'Alluxio web UI metrics');
  const pct = (v: unknown) => percentage(str(v));
  return {
    cacheHitLocal: pct(j.cacheHitLocal),
    cacheHitRemote: pct(j.cacheHitRemote),
    cacheMiss: pct(j.cacheMiss),
    bytesReadLocal: parseByteSize(str(j.totalBytesReadLocal)),
    bytesReadRemote: parseByteSize(str(j.totalBytesReadRemote)),
    bytesReadUfs: parseByteSize(str(j.totalBytesReadUfs)),
  };
}
