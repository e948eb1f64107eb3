/**
 * `alluxio fsadmin report` (the cluster summary) and `alluxio fsadmin report capacity` (per worker),
 * the shell fallback when the master's REST port cannot be reached. Fields the release does not print
 * are undefined. Bounded by the line reader. No vscode import.
 */
import { forEachLine } from './lines';
import type { AlluxioWorker, TierUsage } from './alluxio-rest';
import { workerState } from './alluxio-rest';
import { nonNegative, parseByteSize } from './numbers';

export interface ReportSummary {
  version?: string;
  masterAddress?: string;
  liveWorkers?: number;
  lostWorkers?: number;
  capacity?: number;
  used?: number;
  free?: number;
  tiers: TierUsage[];
  safeMode?: boolean;
}

const MAX_REPORT_LINES = 100_000;
const TIER_LINE = /^\s*Tier:\s*(\S+)\s+Size:\s*(\S+)/;

/** Reads "Total Capacity:" / "Used Capacity:" and the "Tier: MEM  Size: …" lines under each. */
function capacityBlock(line: string, state: { section?: 'total' | 'used' }, tiers: Map<string, TierUsage>): boolean {
  if (/^\s*Total Capacity:/.test(line)) state.section = 'total';
  else if (/^\s*Used Capacity:/.test(line)) state.section = 'used';
  else if (/^\s*Free Capacity:/.test(line)) state.section = undefined;
  const t = TIER_LINE.exec(line);
  if (t && state.section) {
    const tier = tiers.get(t[1]) ?? { alias: t[1] };
    if (state.section === 'total') tier.capacity = parseByteSize(t[2]);
    else tier.used = parseByteSize(t[2]);
    tiers.set(t[1], tier);
    return true;
  }
  return false;
}

function field(line: string, name: string): string | undefined {
  const m = new RegExp(`^\\s*${name}:\\s*(.*?)\\s*$`).exec(line);
  return m ? m[1] : undefined;
}

/** `alluxio fsadmin report` (or `report summary`). */
export function parseReportSummary(text: string): ReportSummary {
  const out: ReportSummary = { tiers: [] };
  const tiers = new Map<string, TierUsage>();
  const state: { section?: 'total' | 'used' } = {};
  forEachLine(text, MAX_REPORT_LINES, (line) => {
    if (capacityBlock(line, state, tiers)) return;
    out.version ??= field(line, 'Version');
    out.masterAddress ??= field(line, 'Master Address');
    const live = field(line, 'Live Workers');
    if (live !== undefined) out.liveWorkers = nonNegative(live);
    const lost = field(line, 'Lost Workers');
    if (lost !== undefined) out.lostWorkers = nonNegative(lost);
    const total = field(line, 'Total Capacity');
    if (total !== undefined) out.capacity = parseByteSize(total);
    const used = field(line, 'Used Capacity');
    if (used !== undefined) out.used = parseByteSize(used);
    const free = field(line, 'Free Capacity');
    if (free !== undefined) out.free = parseByteSize(free);
    const safe = field(line, 'Safe Mode');
    if (safe !== undefined) out.safeMode = safe === 'true';
  });
  out.tiers = [...tiers.values()];
  return out;
}

export interface ReportCapacity {
  capacity?: number;
  used?: number;
  tiers: TierUsage[];
  workers: AlluxioWorker[];
}

/**
 * `alluxio fsadmin report capacity`: the totals, then a table whose header names the tiers
 * ("Worker Name  State  Last Heartbeat  Storage  MEM  Version  Revision" in 2.9; 2.2 has no State,
 * Version or Revision) with a "capacity" row and a "used" row per worker.
 */
export function parseReportCapacity(text: string): ReportCapacity {
  const tiers = new Map<string, TierUsage>();
  const state: { section?: 'total' | 'used' } = {};
  const workers: AlluxioWorker[] = [];
  let columns: string[] | undefined;
  let tierColumns: string[] = [];
  let capacity: number | undefined;
  let used: number | undefined;
  let current: AlluxioWorker | undefined;
  forEachLine(text, MAX_REPORT_LINES, (line) => {
    if (capacityBlock(line, state, tiers)) return;
    const total = field(line, 'Total Capacity');
    if (total !== undefined) capacity = parseByteSize(total);
    const u = field(line, 'Used Capacity');
    if (u !== undefined) used = parseByteSize(u);
    if (/^Worker Name\s/.test(line)) {
      columns = line
        .trim()
        .split(/\s{2,}|\s(?=[A-Z])/)
        .filter(Boolean);
      const storage = columns.indexOf('Storage');
      tierColumns = columns.slice(storage + 1).filter((c) => !['Version', 'Revision'].includes(c));
      return;
    }
    if (!columns) return;
    const cells = line.trim().split(/\s+/);
    const storageAt = cells.findIndex((c) => c === 'capacity' || c === 'used');
    if (storageAt < 0) return;
    if (cells[storageAt] === 'capacity' && storageAt > 0) {
      const hasState = columns.includes('State');
      current = {
        host: cells[0],
        state: hasState ? workerState(cells[1], false) : 'live',
        rawState: hasState ? cells[1] : undefined,
        lastContactSec: nonNegative(cells[hasState ? 2 : 1]),
        tiers: [],
        version: columns.includes('Version') ? cells[storageAt + 1 + tierColumns.length] : undefined,
      };
      workers.push(current);
      tierColumns.forEach((alias, i) =>
        current?.tiers.push({ alias, capacity: parseByteSize(cells[storageAt + 1 + i]) }),
      );
      current.capacity = sumKnown(current.tiers.map((t) => t.capacity));
    } else if (cells[storageAt] === 'used' && current) {
      // "used  0B (0%)": a value and its percentage per tier
      const values = cells.slice(storageAt + 1).filter((c) => !/^\(\d+%\)$/.test(c));
      tierColumns.forEach((alias, i) => {
        const t = current?.tiers.find((x) => x.alias === alias);
        if (t) t.used = parseByteSize(values[i]);
      });
      current.used = sumKnown(current.tiers.map((t) => t.used));
      current = undefined;
    }
  });
  return { capacity, used, tiers: [...tiers.values()], workers };
}

function sumKnown(values: (number | undefined)[]): number | undefined {
  let total = 0;
  for (const v of values) {
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}
