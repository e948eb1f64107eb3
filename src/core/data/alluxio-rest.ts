/**
 * The Alluxio master's REST answers (web port 19999) as typed values: `/api/v1/master/info`,
 * `webui_overview`, `webui_workers` and `webui_mounttable`. Tolerant of the 2.2-era and 2.9 shapes
 * (worker state "In Service" vs "ACTIVE"; human sizes vs byte counts). Every field that is missing,
 * negative or of the wrong type is undefined, never a made-up number. No vscode import.
 */
import { arr, bool, entries, obj, parseObject, str, type Json } from './json';
import { nonNegative, parseByteSize } from './numbers';

export interface TierUsage {
  /** MEM, SSD, HDD or a custom alias */
  alias: string;
  capacity?: number;
  used?: number;
}

export type WorkerState = 'live' | 'lost' | 'decommissioned' | 'unknown';

export interface AlluxioWorker {
  /** host as the master knows it (pod IP or hostname) */
  host: string;
  id?: string;
  state: WorkerState;
  /** the state as the release wrote it ("ACTIVE", "In Service", "LOST", …) */
  rawState?: string;
  capacity?: number;
  used?: number;
  tiers: TierUsage[];
  /** seconds since its last heartbeat */
  lastContactSec?: number;
  blockCount?: number;
  version?: string;
}

export interface AlluxioMount {
  /** where it is mounted in Alluxio's namespace, e.g. "/" or "/data" */
  alluxioPath: string;
  /** the under store, e.g. "hdfs://namenode:8020/data" */
  ufsUri: string;
  ufsType?: string;
  readOnly?: boolean;
  shared?: boolean;
  ufsCapacity?: number;
  ufsUsed?: number;
}

export interface AlluxioMasterInfo {
  version?: string;
  capacity?: number;
  used?: number;
  tiers: TierUsage[];
  ufsCapacity?: number;
  ufsUsed?: number;
  workers: AlluxioWorker[];
  lostWorkers: AlluxioWorker[];
  mounts: AlluxioMount[];
  /** the Cluster.* counters the master embeds (BytesReadLocal, …); see alluxio-metrics.ts */
  metrics: Record<string, number>;
  uptimeMs?: number;
}

/** Most workers, tiers and mount points read from one answer. */
const MAX_WORKERS = 20_000;
const MAX_TIERS = 16;
const MAX_MOUNTS = 10_000;
const MAX_METRICS = 20_000;

/** "ACTIVE" (2.9), "In Service" (2.2), "LOST"/"Out of Service", "DECOMMISSIONED". */
export function workerState(raw: string | undefined, lostList: boolean): WorkerState {
  if (lostList) return 'lost';
  const s = (raw ?? '').toLowerCase().replace(/[\s_-]+/g, '');
  if (s === 'active' || s === 'inservice' || s === 'live') return 'live';
  if (s === 'lost' || s === 'outofservice') return 'lost';
  if (s.startsWith('decommission')) return 'decommissioned';
  return raw === undefined ? 'live' : 'unknown';
}

/** A size that may be a byte count (info) or a human size ("256.00MB", webui_*). */
function size(v: unknown): number | undefined {
  return typeof v === 'string' && /[a-z]/i.test(v) ? parseByteSize(v) : nonNegative(v);
}

function tiersFrom(capacity: unknown, used: unknown): TierUsage[] {
  const out = new Map<string, TierUsage>();
  for (const [alias, v] of entries(capacity, MAX_TIERS)) out.set(alias, { alias, capacity: size(v) });
  for (const [alias, v] of entries(used, MAX_TIERS)) {
    const t = out.get(alias) ?? { alias };
    t.used = size(v);
    out.set(alias, t);
  }
  return [...out.values()];
}

function infoWorker(v: unknown, lostList: boolean): AlluxioWorker | undefined {
  const w = obj(v);
  if (!w) return undefined;
  const address = obj(w.address);
  const host = str(address?.host) ?? str(w.host);
  if (!host) return undefined;
  const rawState = str(w.state);
  return {
    host,
    id: str(w.id),
    state: workerState(rawState, lostList),
    rawState,
    capacity: size(w.capacityBytes),
    used: size(w.usedBytes),
    tiers: tiersFrom(w.capacityBytesOnTiers, w.usedBytesOnTiers),
    lastContactSec: nonNegative(w.lastContactSec),
    blockCount: nonNegative(w.blockCount),
    version: str(w.version),
  };
}

function infoMounts(v: unknown): AlluxioMount[] {
  const out: AlluxioMount[] = [];
  for (const [alluxioPath, m] of entries(v, MAX_MOUNTS)) {
    const o = obj(m);
    const ufsUri = str(o?.ufsUri);
    if (!o || ufsUri === undefined) continue;
    out.push({
      alluxioPath,
      ufsUri,
      ufsType: str(o.ufsType),
      readOnly: bool(o.readOnly),
      shared: bool(o.shared),
      ufsCapacity: size(o.ufsCapacityBytes),
      ufsUsed: size(o.ufsUsedBytes),
    });
  }
  return out;
}

function numericMap(v: unknown, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of entries(v, MAX_METRICS)) {
    if (k.startsWith(prefix) && typeof n === 'number' && Number.isFinite(n)) out[k] = n;
  }
  return out;
}

/** `GET /api/v1/master/info` (2.2-era and 2.9: same keys; `tierCapacity` may be absent or empty). */
export function parseMasterInfo(text: string): AlluxioMasterInfo {
  const j = parseObject(text, 'Alluxio master info');
  const capacity = obj(j.capacity);
  const ufs = obj(j.ufsCapacity);
  const tiers: TierUsage[] = [];
  for (const [alias, t] of entries(j.tierCapacity, MAX_TIERS)) {
    const tier = { alias, capacity: size(obj(t)?.total), used: size(obj(t)?.used) };
    // 2.9 lists MEM, SSD and HDD whether or not a worker has them: an empty tier is not shown
    if (tier.capacity !== 0 || (tier.used ?? 0) > 0) tiers.push(tier);
  }
  const workers = arr(j.workers, MAX_WORKERS)
    .map((w) => infoWorker(w, false))
    .filter((w): w is AlluxioWorker => w !== undefined);
  const lostWorkers = arr(j.lostWorkers, MAX_WORKERS)
    .map((w) => infoWorker(w, true))
    .filter((w): w is AlluxioWorker => w !== undefined);
  return {
    version: str(j.version),
    capacity: size(capacity?.total),
    used: size(capacity?.used),
    tiers: tiers.length ? tiers : tiersFromWorkers(workers),
    ufsCapacity: size(ufs?.total),
    ufsUsed: size(ufs?.used),
    workers,
    lostWorkers,
    mounts: infoMounts(j.mountPoints),
    metrics: numericMap(j.metrics, 'Cluster.'),
    uptimeMs: nonNegative(j.uptimeMs),
  };
}

/** Per-tier totals summed over the live workers, for releases whose info has no tierCapacity. */
function tiersFromWorkers(workers: AlluxioWorker[]): TierUsage[] {
  const out = new Map<string, TierUsage>();
  for (const w of workers) {
    for (const t of w.tiers) {
      const sum = out.get(t.alias) ?? { alias: t.alias, capacity: 0, used: 0 };
      sum.capacity = sum.capacity === undefined || t.capacity === undefined ? undefined : sum.capacity + t.capacity;
      sum.used = sum.used === undefined || t.used === undefined ? undefined : sum.used + t.used;
      out.set(t.alias, sum);
    }
  }
  return [...out.values()];
}

export interface AlluxioOverview {
  version?: string;
  capacity?: number;
  used?: number;
  free?: number;
  liveWorkers?: number;
  tiers: TierUsage[];
  uptime?: string;
  masterAddress?: string;
}

/** `GET /api/v1/master/webui_overview` (sizes are human: "256.00MB"). */
export function parseOverview(text: string): AlluxioOverview {
  const j = parseObject(text, 'Alluxio web UI overview');
  const tiers = arr(j.storageTierInfos, MAX_TIERS)
    .map(obj)
    .filter((t): t is Json => t !== undefined)
    .map((t) => ({ alias: str(t.storageTierAlias) ?? '?', capacity: size(t.capacity), used: size(t.usedCapacity) }));
  return {
    version: str(j.version),
    capacity: size(j.capacity),
    used: size(j.usedCapacity),
    free: size(j.freeCapacity),
    liveWorkers: nonNegative(j.liveWorkerNodes),
    tiers,
    uptime: str(j.uptime),
    masterAddress: str(j.masterNodeAddress),
  };
}

function webuiWorker(v: unknown, lostList: boolean): AlluxioWorker | undefined {
  const w = obj(v);
  const hostText = str(w?.host);
  if (!w || !hostText) return undefined;
  const rawState = str(w.state);
  return {
    // "127.0.0.1 (127.0.0.1)" in 2.9: the host, then its address
    host: hostText.replace(/\s*\(.*\)\s*$/, ''),
    id: str(w.workerId),
    state: workerState(rawState, lostList),
    rawState,
    capacity: size(w.capacity),
    used: size(w.usedMemory),
    tiers: [],
    lastContactSec: nonNegative(w.lastHeartbeat),
    blockCount: nonNegative(w.blockCount),
    version: str(w.version),
  };
}

/** `GET /api/v1/master/webui_workers`: live workers (normalNodeInfos) and lost ones (failedNodeInfos). */
export function parseWebuiWorkers(text: string): { workers: AlluxioWorker[]; lostWorkers: AlluxioWorker[] } {
  const j = parseObject(text, 'Alluxio web UI workers');
  const pick = (v: unknown, lost: boolean) =>
    arr(v, MAX_WORKERS)
      .map((w) => webuiWorker(w, lost))
      .filter((w): w is AlluxioWorker => w !== undefined);
  return { workers: pick(j.normalNodeInfos, false), lostWorkers: pick(j.failedNodeInfos, true) };
}

/** `GET /api/v1/master/webui_mounttable` (sizes human). */
export function parseMountTable(text: string): AlluxioMount[] {
  const j = parseObject(text, 'Alluxio web UI mount table');
  const out: AlluxioMount[] = [];
  for (const v of arr(j.mountPointInfos, MAX_MOUNTS)) {
    const m = obj(v);
    const alluxioPath = str(m?.mountPoint);
    const ufsUri = str(m?.ufsUri);
    if (!m || alluxioPath === undefined || ufsUri === undefined) continue;
    out.push({
      alluxioPath,
      ufsUri,
      ufsType: str(m.ufsType),
      readOnly: bool(m.readOnly),
      shared: bool(m.shared),
      ufsCapacity: size(m.ufsCapacityBytes),
      ufsUsed: size(m.ufsUsedBytes),
    });
  }
  return out;
}

/** The mount whose Alluxio path is the longest prefix of `path` ("/" mounts everything). */
export function mountOf(mounts: readonly AlluxioMount[], path: string): AlluxioMount | undefined {
  let best: AlluxioMount | undefined;
  for (const m of mounts) {
    const p = m.alluxioPath.replace(/\/+$/, '');
    const under = p === '' || path === p || path.startsWith(`${p}/`);
    if (under && (!best || p.length > best.alluxioPath.replace(/\/+$/, '').length)) best = m;
  }
  return best;
}
