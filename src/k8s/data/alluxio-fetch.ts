/**
 * What the explorer asks an Alluxio release, through the master pod: its status from the REST API
 * over a port-forward (the shell by exec when the port cannot be reached), its read counters, a
 * path's cache state, and which warm-up command it has. Typed results or typed errors.
 */
import { browsePath, parseBrowse, type BrowsePage } from '../../core/data/alluxio-browse';
import { parseDu, parseLs } from '../../core/data/alluxio-listing';
import { hasSubmitLoad, isUnknownCommand, type WarmUpMethod } from '../../core/data/alluxio-load';
import {
  metricsFromInfo,
  parseMetricsJson,
  parseReportMetrics,
  type ClusterMetrics,
} from '../../core/data/alluxio-metrics';
import { parseReportCapacity, parseReportSummary } from '../../core/data/alluxio-report';
import { parseMasterInfo, type AlluxioMasterInfo } from '../../core/data/alluxio-rest';
import { cacheStateOf, filesFromDu, filesFromLs, type CacheState } from '../../core/data/cache-state';
import { AnswerError, failed, succeeded, type Outcome } from '../../core/data/outcome';
import type { ClusterClient } from '../cluster-client';
import { runInPod, type PodContainer } from './pod-exec';
import { PodHttp, type GetOptions } from './pod-http';

export const MASTER_WEB_PORT = 19999;

export interface AlluxioMaster extends PodContainer {
  /** the master's web port (alluxio.master.web.port), 19999 unless configured */
  webPort?: number;
}

export interface AlluxioStatus extends AlluxioMasterInfo {
  /** where the numbers came from */
  source: 'rest' | 'shell';
  /** why REST was not used, when the shell answered instead */
  restError?: string;
}

/** Runs a parser, turning its AnswerError into a 'badAnswer' outcome. */
export function parsed<T>(what: string, parse: () => T): Outcome<T> {
  try {
    return succeeded(parse());
  } catch (e) {
    const message = e instanceof AnswerError ? e.message : (e as Error).message;
    return failed(
      'badAnswer',
      what,
      message,
      'This Alluxio or HDFS release answers in a shape this version does not know.',
    );
  }
}

function webPort(m: AlluxioMaster) {
  return { namespace: m.namespace, pod: m.pod, port: m.webPort ?? MASTER_WEB_PORT };
}

/** Status from `/api/v1/master/info`; when the forward or endpoint fails, from `fsadmin report` by exec. */
export async function fetchAlluxioStatus(
  client: ClusterClient,
  master: AlluxioMaster,
  options: GetOptions = {},
): Promise<Outcome<AlluxioStatus>> {
  const what = `Alluxio master ${master.namespace}/${master.pod}`;
  const opened = await PodHttp.open(client, webPort(master), what);
  let restError: string;
  if (opened.ok) {
    try {
      const body = await opened.value.get('/api/v1/master/info', what, options);
      if (body.ok) {
        const info = parsed(what, () => parseMasterInfo(body.value));
        return info.ok ? succeeded({ ...info.value, source: 'rest' }) : info;
      }
      if (body.error.kind === 'aborted') return body;
      restError = body.error.message;
    } finally {
      opened.value.dispose();
    }
  } else {
    if (opened.error.kind === 'aborted') return opened;
    restError = opened.error.message;
  }
  return statusFromShell(client, master, restError, options.signal);
}

async function statusFromShell(
  client: ClusterClient,
  master: AlluxioMaster,
  restError: string,
  signal?: AbortSignal,
): Promise<Outcome<AlluxioStatus>> {
  const what = `Alluxio master ${master.namespace}/${master.pod} (shell)`;
  const summary = await runInPod(client, master, ['alluxio', 'fsadmin', 'report'], what, { signal });
  if (!summary.ok) return summary;
  if (summary.value.exitCode !== 0) {
    return failed(
      'failed',
      what,
      `alluxio fsadmin report exited ${summary.value.exitCode}`,
      `REST failed too: ${restError}`,
    );
  }
  const capacity = await runInPod(client, master, ['alluxio', 'fsadmin', 'report', 'capacity'], what, { signal });
  const s = parseReportSummary(summary.value.stdout);
  const c = capacity.ok && capacity.value.exitCode === 0 ? parseReportCapacity(capacity.value.stdout) : undefined;
  const workers = c?.workers ?? [];
  return succeeded({
    source: 'shell',
    restError,
    version: s.version,
    capacity: s.capacity,
    used: s.used,
    tiers: s.tiers,
    workers: workers.filter((w) => w.state !== 'lost'),
    lostWorkers: workers.filter((w) => w.state === 'lost'),
    mounts: [],
    metrics: {},
  });
}

/** The cluster read counters and cache gauges: `/metrics/json/`, else the info's metrics, else the shell. */
export async function fetchClusterMetrics(
  client: ClusterClient,
  master: AlluxioMaster,
  options: GetOptions = {},
): Promise<Outcome<ClusterMetrics>> {
  const what = `Alluxio metrics of ${master.namespace}/${master.pod}`;
  const opened = await PodHttp.open(client, webPort(master), what);
  if (opened.ok) {
    try {
      const json = await opened.value.get('/metrics/json/', what, options);
      if (json.ok) return parsed(what, () => parseMetricsJson(json.value));
      if (json.error.kind === 'aborted' || json.error.kind === 'timeout') return json;
      const info = await opened.value.get('/api/v1/master/info', what, options);
      if (info.ok) return parsed(what, () => metricsFromInfo(parseMasterInfo(info.value).metrics));
    } finally {
      opened.value.dispose();
    }
  } else if (opened.error.kind === 'aborted') return opened;
  const report = await runInPod(client, master, ['alluxio', 'fsadmin', 'report', 'metrics'], what, {
    signal: options.signal,
  });
  if (!report.ok) return report;
  return parsed(what, () => parseReportMetrics(report.value.stdout));
}

/**
 * A path's cache state by exec in the master pod: `alluxio fs du PATH` (exact bytes per file), else
 * `alluxio fs ls -R PATH` (per-file percentages).
 */
export async function fetchCacheState(
  client: ClusterClient,
  master: AlluxioMaster,
  path: string,
  options: { signal?: AbortSignal; timeoutMs?: number; cacheCapacity?: number } = {},
): Promise<Outcome<CacheState>> {
  const what = `cache state of ${path}`;
  const du = await runInPod(client, master, ['alluxio', 'fs', 'du', path], what, options);
  if (!du.ok) return du;
  if (du.ok && du.value.exitCode === 0) {
    const listing = parseDu(du.value.stdout);
    if (listing.entries.length > 0 || listing.skipped === 0) {
      return succeeded(cacheStateOf(path, filesFromDu(listing.entries), options.cacheCapacity));
    }
  }
  const ls = await runInPod(client, master, ['alluxio', 'fs', 'ls', '-R', path], what, options);
  if (!ls.ok) return ls;
  if (ls.value.exitCode !== 0) {
    const text = `${ls.value.stdout}\n${ls.value.stderr}`;
    const missing = /does not exist/i.test(text);
    return failed(
      missing ? 'missing' : 'failed',
      what,
      missing ? `${path} does not exist in Alluxio` : `alluxio fs ls exited ${ls.value.exitCode}`,
      missing ? 'Check the path, or mount the HDFS folder in Alluxio.' : '',
    );
  }
  return succeeded(cacheStateOf(path, filesFromLs(parseLs(ls.value.stdout).entries), options.cacheCapacity));
}

/** Which warm-up this release has, from the shell's usage text (`alluxio fs` with no command). */
export async function detectWarmUp(
  client: ClusterClient,
  master: AlluxioMaster,
  signal?: AbortSignal,
): Promise<Outcome<WarmUpMethod>> {
  const what = `warm-up command of ${master.namespace}/${master.pod}`;
  const usage = await runInPod(client, master, ['alluxio', 'fs'], what, { signal, timeoutMs: 60_000 });
  if (!usage.ok) return usage;
  const text = `${usage.value.stdout}\n${usage.value.stderr}`;
  if (hasSubmitLoad(text)) return succeeded('submit');
  if (/\[distributedLoad\b/.test(text) && !isUnknownCommand(text, 'distributedLoad'))
    return succeeded('distributedLoad');
  return succeeded('load');
}

/** One page of an Alluxio folder with each file's % in Alluxio (the web UI's browse answer). */
export async function browseAlluxio(
  client: ClusterClient,
  master: AlluxioMaster,
  path: string,
  page: { offset: number; limit: number },
  options: GetOptions = {},
): Promise<Outcome<BrowsePage>> {
  const what = `Alluxio folder ${path}`;
  const opened = await PodHttp.open(client, webPort(master), what);
  if (!opened.ok) return opened;
  try {
    const body = await opened.value.get(browsePath(path, page.offset, page.limit), what, options);
    if (!body.ok) return body;
    return parsed(what, () => parseBrowse(body.value, path));
  } finally {
    opened.value.dispose();
  }
}
