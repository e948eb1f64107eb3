/**
 * The cache hit ratio the way Fluid computes it for an AlluxioRuntime: the change over one minute of
 * the cluster counters Cluster.BytesReadLocal, Cluster.BytesReadRemote and Cluster.BytesReadUfsAll;
 * cacheHitRatio = (Δlocal + Δremote) / (Δlocal + Δremote + Δufs), with the local and remote shares
 * beside it. Where Fluid would print a wrong number (a counter missing, negative, or going backwards
 * after a master restart) the ratio here is unknown. When nothing was read in the window Fluid shows
 * 0.0%; so does this, with `bytesRead: 0` so a view can say why.
 *
 * Alluxio 2.9 counts in BytesReadRemote the bytes a worker fetched from the under store for a remote
 * client too (captured: after reads, Remote = UfsAll), and its own web UI computes
 * hit = (local + remote − ufs) / (local + remote). On such a release Fluid's formula overstates the
 * hit ratio (64% where the web UI says 44% on the same counters); `formulaFor` picks the web UI's
 * for 2.9. No vscode import.
 */
import type { ReadCounters } from './alluxio-metrics';

export const HIT_RATIO_WINDOW_MS = 60_000;

/**
 * 'fluid': hits = local + remote, reads = local + remote + ufs (Fluid, and Alluxio before 2.9).
 * 'remoteIncludesUfs': hits = local + remote − ufs, reads = local + remote (Alluxio 2.9's web UI).
 */
export type HitFormula = 'fluid' | 'remoteIncludesUfs';

/** The formula that gives the true ratio for a release ("2.9.6" → remoteIncludesUfs). */
export function formulaFor(version: string | undefined): HitFormula {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return 'fluid';
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 2 || (major === 2 && minor >= 9) ? 'remoteIncludesUfs' : 'fluid';
}

export interface CounterSample {
  /** when the counters were read (ms since the epoch, or any monotonic clock) */
  atMs: number;
  counters: ReadCounters;
}

export interface HitRatio {
  /** 0–100, or undefined when unknown */
  cacheHitRatio?: number;
  localHitRatio?: number;
  remoteHitRatio?: number;
  /** bytes read in the window, split as Fluid splits them */
  local?: number;
  remote?: number;
  ufs?: number;
  bytesRead?: number;
  /** the window actually measured */
  windowMs: number;
  /** why the ratio is unknown, for a tooltip */
  unknownBecause?: string;
}

/** The ratio between two samples (older first). */
export function hitRatio(older: CounterSample, newer: CounterSample, formula: HitFormula = 'fluid'): HitRatio {
  const windowMs = newer.atMs - older.atMs;
  const delta = (k: keyof ReadCounters): number | undefined => {
    const a = older.counters[k];
    const b = newer.counters[k];
    return a === undefined || b === undefined ? undefined : b - a;
  };
  const local = delta('local');
  const remote = delta('remote');
  const ufs = delta('ufs');
  if (local === undefined || remote === undefined || ufs === undefined) {
    return { windowMs, unknownBecause: 'a read counter is missing or negative in the master’s metrics' };
  }
  if (local < 0 || remote < 0 || ufs < 0 || windowMs <= 0) {
    return { windowMs, unknownBecause: 'the read counters went backwards (the master restarted?)' };
  }
  const total = formula === 'fluid' ? local + remote + ufs : local + remote;
  const remoteHits = formula === 'fluid' ? remote : remote - ufs;
  if (remoteHits < 0) {
    // What 2.9 shows as a negative cacheHitRemote: the counters disagree, so no ratio is true.
    return { windowMs, unknownBecause: 'the master’s read counters disagree (UFS reads exceed remote reads)' };
  }
  const pct = (n: number) => (total === 0 ? 0 : (n * 100) / total);
  return {
    cacheHitRatio: pct(local + remoteHits),
    localHitRatio: pct(local),
    remoteHitRatio: pct(remoteHits),
    local,
    remote: remoteHits,
    ufs,
    bytesRead: total,
    windowMs,
  };
}

/**
 * Keeps recent samples (bounded) and answers the ratio over the last `windowMs`: between the newest
 * sample and the newest one at least `windowMs` older; until such a sample exists, over the span
 * it has (marked by a shorter `windowMs` in the result).
 */
export class HitRatioWindow {
  private readonly samples: CounterSample[] = [];

  constructor(
    private readonly formula: HitFormula = 'fluid',
    private readonly windowMs = HIT_RATIO_WINDOW_MS,
    private readonly maxSamples = 64,
  ) {}

  add(sample: CounterSample): void {
    const last = this.samples[this.samples.length - 1];
    if (last && sample.atMs < last.atMs) this.samples.length = 0; // the clock went back: start over
    this.samples.push(sample);
    // Drop samples no longer needed: keep the newest one that is at least a window old.
    const cutoff = sample.atMs - this.windowMs;
    let firstNeeded = 0;
    for (let i = 0; i < this.samples.length; i++) if (this.samples[i].atMs <= cutoff) firstNeeded = i;
    if (firstNeeded > 0) this.samples.splice(0, firstNeeded);
    if (this.samples.length > this.maxSamples) this.samples.splice(0, this.samples.length - this.maxSamples);
  }

  /** Undefined until two samples exist. */
  current(): HitRatio | undefined {
    if (this.samples.length < 2) return undefined;
    const newer = this.samples[this.samples.length - 1];
    return hitRatio(this.samples[0], newer, this.formula);
  }
}
