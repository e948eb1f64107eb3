/**
 * Alluxio's shell listings as typed entries: `alluxio fs ls -R` (its "% in Alluxio" column, as the
 * Browse page shows it) and `alluxio fs du` (bytes in Alluxio). Lines that do not parse are counted,
 * not guessed at. Bounded: at most MAX_LINES lines and MAX_LINE characters per line. No vscode import.
 */
import { forEachLine } from './lines';
import { parseByteSize } from './numbers';

export const MAX_LINES = 2_000_000;

export interface AlluxioEntry {
  path: string;
  isDir: boolean;
  /** bytes for a file; for a folder `ls` prints its number of children, kept in `children` */
  size?: number;
  children?: number;
  /** 0–100 for a file (as printed, rounded down by Alluxio); undefined for a folder */
  inAlluxioPercent?: number;
  /** PERSISTED, NOT_PERSISTED, TO_BE_PERSISTED, LOST */
  persistence?: string;
  permissions?: string;
}

export interface Listing<T> {
  entries: T[];
  /** lines that were neither an entry nor a known header (warnings, log lines) */
  skipped: number;
  /** true when the input had more than MAX_LINES lines or entries and the rest was not read */
  truncated: boolean;
}

const PERSISTENCE = new Set(['PERSISTED', 'NOT_PERSISTED', 'TO_BE_PERSISTED', 'LOST']);
/** "  0% /path", "100% /path", " DIR /path" at the end of an ls line. */
const PERCENT_COLUMN = /\s(DIR|\d{1,3}%)\s+(\/.*)$/;
const PERMISSIONS = /^[dl-][rwxsStT-]{9}[+.]?$/;

/** One `alluxio fs ls` line, or undefined. Sizes may be bytes or human (`ls -h`). */
export function parseLsLine(line: string): AlluxioEntry | undefined {
  const m = PERCENT_COLUMN.exec(line);
  if (!m) return undefined;
  const head = line.slice(0, m.index).trim().split(/\s+/);
  if (!PERMISSIONS.test(head[0] ?? '')) return undefined;
  const isDir = m[1] === 'DIR';
  // The size is the column before the persistence state; owner or group may be blank.
  const stateAt = head.findIndex((t, i) => i > 0 && PERSISTENCE.has(t));
  const sizeText = stateAt > 0 ? head[stateAt - 1] : head[3];
  const n = parseByteSize(sizeText);
  const pct = isDir ? undefined : Number(m[1].slice(0, -1));
  return {
    path: m[2],
    isDir,
    size: isDir ? undefined : n,
    children: isDir ? n : undefined,
    inAlluxioPercent: pct !== undefined && pct <= 100 ? pct : undefined,
    persistence: stateAt > 0 ? head[stateAt] : undefined,
    permissions: head[0],
  };
}

/** `alluxio fs ls [-R] PATH` output (a "$ command" echo line and an "exit N" line are tolerated). */
export function parseLs(text: string, maxEntries = MAX_LINES): Listing<AlluxioEntry> {
  const entries: AlluxioEntry[] = [];
  let skipped = 0;
  let full = false;
  const truncated = forEachLine(text, MAX_LINES, (line) => {
    if (full) return;
    const e = parseLsLine(line);
    if (e) {
      entries.push(e);
      full = entries.length >= maxEntries;
    } else if (line.trim()) skipped++;
  });
  return { entries, skipped, truncated: truncated || full };
}

export interface DuEntry {
  path: string;
  size?: number;
  inAlluxio?: number;
  /** as printed: "(0%)" */
  inAlluxioPercent?: number;
  /** `du` prints a worker column with `-g`; kept when present */
  worker?: string;
}

/** "9912422   0 (0%)   /path", "11.06MB   0B (0%)   /data/MNIST". */
const DU_LINE = /^\s*(\S+)\s+(\S+)\s+\((\d{1,3})%\)\s+(.*?)\s*$/;

/** `alluxio fs du [-h] [-s] PATH` output. */
export function parseDu(text: string): Listing<DuEntry> {
  const entries: DuEntry[] = [];
  let skipped = 0;
  const truncated = forEachLine(text, MAX_LINES, (line) => {
    const m = DU_LINE.exec(line);
    if (!m) {
      if (line.trim() && !/^\s*File Size\s+In Alluxio/.test(line)) skipped++;
      return;
    }
    const rest = m[4];
    const slash = rest.lastIndexOf(' /');
    const [path, worker] = rest.startsWith('/') ? [rest, undefined] : [rest.slice(slash + 1), rest.slice(0, slash)];
    const pct = Number(m[3]);
    entries.push({
      path,
      size: parseByteSize(m[1]),
      inAlluxio: parseByteSize(m[2]),
      inAlluxioPercent: pct <= 100 ? pct : undefined,
      worker: worker?.trim() || undefined,
    });
  });
  return { entries, skipped, truncated };
}
