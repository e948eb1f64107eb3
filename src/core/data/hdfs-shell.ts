/**
 * The HDFS shell's text, the fallback when the namenode's HTTP port cannot be reached: `hdfs dfsadmin
 * -report`, `hdfs dfs -count [-q]` and `hdfs dfs -ls [-R]`. Hadoop 2 and 3 print the same columns;
 * Hadoop 2's older report says "Datanodes available: N (M total, D dead)". No vscode import.
 */
import type { Listing } from './alluxio-listing';
import { forEachLine } from './lines';
import type { HdfsDatanode, HdfsSummary } from './hdfs-rest';
import { nonNegative } from './numbers';

const MAX_LINES = 2_000_000;

/** "Configured Capacity: 1082212696064 (1007.89 GB)" → 1082212696064. */
function bytesField(line: string, name: string): number | undefined | null {
  const m = new RegExp(`^\\s*${name}:\\s*(-?\\d+)`).exec(line);
  return m ? (nonNegative(m[1]) ?? undefined) : null;
}

/** `hdfs dfsadmin -report`: the cluster totals, then one block per datanode. */
export function parseDfsadminReport(text: string): HdfsSummary {
  const out: HdfsSummary = { datanodes: [] };
  let section: 'live' | 'dead' | 'decommissioned' | undefined;
  let node: HdfsDatanode | undefined;
  forEachLine(text, MAX_LINES, (line) => {
    const heading = /^(Live|Dead|Decommissioning) datanodes \((\d+)\):/.exec(line);
    if (heading) {
      section = heading[1] === 'Live' ? 'live' : heading[1] === 'Dead' ? 'dead' : 'decommissioned';
      if (section === 'live') out.liveDatanodes = Number(heading[2]);
      if (section === 'dead') out.deadDatanodes = Number(heading[2]);
      return;
    }
    const old = /^Datanodes available:\s*(\d+)\s*\((\d+) total,\s*(\d+) dead\)/.exec(line);
    if (old) {
      out.liveDatanodes = Number(old[1]);
      out.deadDatanodes = Number(old[3]);
      section = 'live';
      return;
    }
    const name = /^Name:\s*(\S+)/.exec(line);
    if (name && section) {
      node = { name: name[1], state: section };
      out.datanodes.push(node);
      return;
    }
    if (/^Decommission Status\s*:\s*Decommissioned/.test(line) && node) node.state = 'decommissioned';
    const target = node ?? undefined;
    const capacity = bytesField(line, 'Configured Capacity');
    const used = bytesField(line, 'DFS Used');
    const remaining = bytesField(line, 'DFS Remaining');
    if (target) {
      if (capacity !== null) target.capacity = capacity;
      if (used !== null) target.used = used;
      if (remaining !== null) target.remaining = remaining;
    } else {
      if (capacity !== null) out.capacity = capacity;
      if (used !== null) out.used = used;
      if (remaining !== null) out.remaining = remaining;
      if (/^Safe mode is ON/i.test(line)) out.safeMode = true;
    }
  });
  return out;
}

export interface HdfsCount {
  path: string;
  directories?: number;
  files?: number;
  bytes?: number;
  /** with -q: undefined when "none"/"inf" */
  quota?: number;
  spaceQuota?: number;
}

/** `hdfs dfs -count [-q] PATH…` (sizes in bytes: without -h). */
export function parseDfsCount(text: string): Listing<HdfsCount> {
  const entries: HdfsCount[] = [];
  let skipped = 0;
  const truncated = forEachLine(text, MAX_LINES, (line) => {
    const t = line.trim();
    if (!t || t.startsWith('$ ') || /^exit \d+$/.test(t)) return;
    const cols = t.split(/\s+/);
    const path = /\s(\/\S.*|hdfs:\/\/\S.*)$/.exec(t)?.[1];
    const counts = path
      ? t
          .slice(0, t.length - path.length)
          .trim()
          .split(/\s+/)
      : [];
    if (!path || (counts.length !== 3 && counts.length !== 7) || cols.length < 4) {
      skipped++;
      return;
    }
    const n = (s: string) => (/^\d+$/.test(s) ? Number(s) : undefined);
    const q = counts.length === 7;
    entries.push({
      path,
      directories: n(counts[q ? 4 : 0]),
      files: n(counts[q ? 5 : 1]),
      bytes: n(counts[q ? 6 : 2]),
      quota: q ? n(counts[0]) : undefined,
      spaceQuota: q ? n(counts[2]) : undefined,
    });
  });
  return { entries, skipped, truncated };
}

export interface HdfsLsEntry {
  path: string;
  isDir: boolean;
  size?: number;
  replication?: number;
  owner?: string;
  group?: string;
  permissions: string;
  modified?: string;
}

/** "-rw-r--r--   3 root supergroup    1648877 2026-12-02 08:13 /data/MNIST/raw/t10k…" */
const LS_LINE = /^([dl-][rwxsStT-]{9}[+]?)\s+(-|\d+)\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2})\s+(.+)$/;

/** `hdfs dfs -ls [-R] PATH` ("Found N items" headers are skipped). */
export function parseDfsLs(text: string): Listing<HdfsLsEntry> {
  const entries: HdfsLsEntry[] = [];
  let skipped = 0;
  const truncated = forEachLine(text, MAX_LINES, (line) => {
    const m = LS_LINE.exec(line);
    if (!m) {
      if (line.trim() && !/^Found \d+ items/.test(line) && !/^(\$ |exit \d+$)/.test(line)) skipped++;
      return;
    }
    entries.push({
      permissions: m[1],
      isDir: m[1].startsWith('d'),
      replication: m[2] === '-' ? undefined : Number(m[2]),
      owner: m[3],
      group: m[4],
      size: Number(m[5]),
      modified: m[6],
      path: m[7],
    });
  });
  return { entries, skipped, truncated };
}
