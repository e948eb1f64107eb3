/**
 * A dataset path's cache state, named as Fluid names its Dataset `status.cacheStates` (`cached`,
 * `cacheCapacity`, `cachedPercentage`) so Fluid users feel at home. Computed from the files under the
 * path: exact bytes from `alluxio fs du`, or estimated from the per-file "% in Alluxio" of
 * `alluxio fs ls -R` / the web UI's browse page. Unknown stays unknown. No vscode import.
 */
import type { AlluxioEntry, DuEntry } from './alluxio-listing';

/** One file under the path, from whichever answer listed it. */
export interface FileCache {
  path: string;
  size?: number;
  /** exact bytes in Alluxio (du) */
  inAlluxio?: number;
  /** 0–100 as listed (ls, browse): Alluxio rounds it down */
  inAlluxioPercent?: number;
}

export interface CacheState {
  path: string;
  files: number;
  /** bytes of the files under the path (Fluid's ufsTotal) */
  total?: number;
  /** bytes of them in Alluxio */
  cached?: number;
  /** the whole cache's capacity (all workers, all tiers), when known */
  cacheCapacity?: number;
  /** 0–100; undefined when the total or the cached bytes are unknown, or the path holds no bytes */
  cachedPercentage?: number;
  fullyCached: number;
  partlyCached: number;
  notCached: number;
  /** files whose size or cached share is unknown (left out of total and cached) */
  unknownFiles: number;
  /** true when every file's cached bytes were exact (du); false when estimated from percentages */
  exact: boolean;
}

/** Most files summed for one path: a bound on the work, far above any folder a view lists. */
export const MAX_FILES = 5_000_000;

/** Whether `file` is `dir` itself or lies under it ("/data" holds "/data/x", not "/database"). */
export function isUnder(dir: string, file: string): boolean {
  const d = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  return d === '/' || file === d || file.startsWith(`${d}/`);
}

/** Sums the files under `path` (folders in the input are ignored). */
export function cacheStateOf(path: string, files: Iterable<FileCache>, cacheCapacity?: number): CacheState {
  const s: CacheState = {
    path,
    files: 0,
    total: 0,
    cached: 0,
    cacheCapacity,
    fullyCached: 0,
    partlyCached: 0,
    notCached: 0,
    unknownFiles: 0,
    exact: true,
  };
  let total = 0;
  let cached = 0;
  let n = 0;
  for (const f of files) {
    if (n++ >= MAX_FILES) break;
    if (!isUnder(path, f.path)) continue;
    s.files++;
    const size = f.size;
    let bytes = f.inAlluxio;
    if (bytes === undefined && f.inAlluxioPercent !== undefined && size !== undefined) {
      bytes = Math.floor((size * f.inAlluxioPercent) / 100);
      s.exact = false;
    }
    if (size === undefined || bytes === undefined) {
      s.unknownFiles++;
      continue;
    }
    bytes = Math.min(bytes, size);
    total += size;
    cached += bytes;
    if (bytes >= size) s.fullyCached++;
    else if (bytes > 0) s.partlyCached++;
    else s.notCached++;
  }
  s.total = total;
  s.cached = cached;
  // With unknown files the sums are lower bounds: the percentage would be a guess.
  s.cachedPercentage = s.unknownFiles === 0 && total > 0 ? (cached / total) * 100 : undefined;
  return s;
}

/** Files of an `alluxio fs ls -R` listing. */
export function filesFromLs(entries: readonly AlluxioEntry[]): FileCache[] {
  const out: FileCache[] = [];
  for (const e of entries) {
    if (!e.isDir) out.push({ path: e.path, size: e.size, inAlluxioPercent: e.inAlluxioPercent });
  }
  return out;
}

/** Files of an `alluxio fs du` listing (exact bytes). */
export function filesFromDu(entries: readonly DuEntry[]): FileCache[] {
  return entries.map((e) => ({ path: e.path, size: e.size, inAlluxio: e.inAlluxio }));
}

/** Fluid's format for percentages: one decimal and a % sign ("45.3%"); "unknown" when undefined. */
export function formatPercent(p: number | undefined): string {
  return p === undefined ? 'unknown' : `${p.toFixed(1)}%`;
}
