/**
 * The HDFS namenode's HTTP answers (port 9870 on Hadoop 3, 50070 on Hadoop 2) as typed values: JMX
 * beans FSNamesystemState and NameNodeInfo, and WebHDFS LISTSTATUS / GETFILESTATUS /
 * GETCONTENTSUMMARY and its RemoteException errors. No vscode import.
 */
import { arr, entries, obj, parseJson, parseObject, str, type Json } from './json';
import { nonNegative } from './numbers';
import { AnswerError } from './outcome';

/** The namenode's HTTP port per Hadoop major version, newest first: what to try when none is configured. */
export const NAMENODE_HTTP_PORTS = [9870, 50070] as const;

export interface HdfsDatanode {
  /** "127.0.0.1:46555" (the transfer address, as the namenode names it) */
  name: string;
  state: 'live' | 'dead' | 'decommissioned';
  capacity?: number;
  used?: number;
  remaining?: number;
  /** seconds since its last heartbeat */
  lastContactSec?: number;
  version?: string;
}

export interface HdfsSummary {
  /** "3.3.6" (NameNodeInfo SoftwareVersion, else the first word of Version) */
  version?: string;
  capacity?: number;
  used?: number;
  remaining?: number;
  liveDatanodes?: number;
  deadDatanodes?: number;
  /** "Operational" or "safeMode" (FSState); NameNodeInfo's Safemode text when not empty */
  state?: string;
  safeMode?: boolean;
  datanodes: HdfsDatanode[];
  files?: number;
  blocks?: number;
  missingBlocks?: number;
}

const MAX_NODES = 20_000;

function bean(j: Json, name: string): Json | undefined {
  return arr(j.beans)
    .map(obj)
    .find((b) => typeof b?.name === 'string' && b.name.endsWith(`name=${name}`));
}

/** LiveNodes / DeadNodes are JSON objects encoded as strings inside the bean. */
function nodes(encoded: unknown, state: HdfsDatanode['state']): HdfsDatanode[] {
  if (typeof encoded !== 'string' || encoded.length === 0) return [];
  let decoded: unknown;
  try {
    decoded = parseJson(encoded, 'NameNodeInfo nodes');
  } catch {
    return [];
  }
  return entries(decoded, MAX_NODES).map(([name, v]) => {
    const n = obj(v) ?? {};
    const decommissioned = n.decommissioned === true || /decommissioned/i.test(str(n.adminState) ?? '');
    return {
      name: str(n.xferaddr) ?? name,
      state: decommissioned ? 'decommissioned' : state,
      capacity: nonNegative(n.capacity),
      used: nonNegative(n.used ?? n.usedSpace),
      remaining: nonNegative(n.remaining),
      lastContactSec: nonNegative(n.lastContact),
      version: str(n.version),
    };
  });
}

/**
 * One or both JMX answers (`/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState` and
 * `…name=NameNodeInfo`, or the whole `/jmx`), merged. A bean that is absent leaves its fields undefined.
 */
export function parseNamenodeJmx(...texts: string[]): HdfsSummary {
  const out: HdfsSummary = { datanodes: [] };
  for (const text of texts) {
    const j = parseObject(text, 'HDFS namenode JMX');
    const fs = bean(j, 'FSNamesystemState');
    if (fs) {
      out.capacity ??= nonNegative(fs.CapacityTotal);
      out.used ??= nonNegative(fs.CapacityUsed);
      out.remaining ??= nonNegative(fs.CapacityRemaining);
      out.liveDatanodes = nonNegative(fs.NumLiveDataNodes);
      out.deadDatanodes = nonNegative(fs.NumDeadDataNodes);
      out.state = str(fs.FSState);
      if (out.state) out.safeMode = out.state.toLowerCase() === 'safemode';
      out.files = nonNegative(fs.FilesTotal);
      out.blocks = nonNegative(fs.BlocksTotal);
    }
    const info = bean(j, 'NameNodeInfo');
    if (info) {
      out.version = str(info.SoftwareVersion) ?? str(info.Version)?.split(/[,\s]/)[0];
      out.capacity ??= nonNegative(info.Total);
      out.used ??= nonNegative(info.Used);
      out.remaining ??= nonNegative(info.Free);
      out.missingBlocks = nonNegative(info.NumberOfMissingBlocks);
      const safemode = str(info.Safemode);
      if (safemode) out.safeMode = true;
      else out.safeMode ??= safemode === '' ? false : undefined;
      out.datanodes = [...nodes(info.LiveNodes, 'live'), ...nodes(info.DeadNodes, 'dead')];
      out.liveDatanodes ??= out.datanodes.filter((d) => d.state === 'live').length;
      out.deadDatanodes ??= out.datanodes.filter((d) => d.state === 'dead').length;
    }
  }
  return out;
}

export interface HdfsEntry {
  /** the name inside its folder (WebHDFS pathSuffix); '' for GETFILESTATUS of the path itself */
  name: string;
  isDir: boolean;
  length?: number;
  /** children of a folder (Hadoop 2.x+ childrenNum) */
  children?: number;
  replication?: number;
  blockSize?: number;
  owner?: string;
  group?: string;
  permission?: string;
  modificationTime?: number;
}

function entry(v: unknown): HdfsEntry | undefined {
  const s = obj(v);
  if (!s) return undefined;
  const type = str(s.type);
  if (type !== 'FILE' && type !== 'DIRECTORY' && type !== 'SYMLINK') return undefined;
  return {
    name: str(s.pathSuffix) ?? '',
    isDir: type === 'DIRECTORY',
    length: nonNegative(s.length),
    children: nonNegative(s.childrenNum),
    replication: nonNegative(s.replication),
    blockSize: nonNegative(s.blockSize),
    owner: str(s.owner),
    group: str(s.group),
    permission: str(s.permission),
    modificationTime: nonNegative(s.modificationTime),
  };
}

/** WebHDFS `{"RemoteException":{exception, message}}`, thrown as an AnswerError by the parsers below. */
export function remoteException(j: Json): { exception: string; message: string } | undefined {
  const r = obj(j.RemoteException);
  if (!r) return undefined;
  return { exception: str(r.exception) ?? 'RemoteException', message: str(r.message) ?? '' };
}

function webhdfs(text: string, what: string): Json {
  const j = parseObject(text, what);
  const r = remoteException(j);
  if (r) throw new AnswerError(what, `${r.exception}: ${r.message}`);
  return j;
}

/** `GET /webhdfs/v1/PATH?op=LISTSTATUS`. */
export function parseListStatus(text: string): HdfsEntry[] {
  const j = webhdfs(text, 'WebHDFS LISTSTATUS');
  const list = obj(j.FileStatuses)?.FileStatus;
  if (!Array.isArray(list)) throw new AnswerError('WebHDFS LISTSTATUS', 'no FileStatuses.FileStatus list');
  return arr(list)
    .map(entry)
    .filter((e): e is HdfsEntry => e !== undefined);
}

/** `GET /webhdfs/v1/PATH?op=GETFILESTATUS`. */
export function parseFileStatus(text: string): HdfsEntry {
  const e = entry(webhdfs(text, 'WebHDFS GETFILESTATUS').FileStatus);
  if (!e) throw new AnswerError('WebHDFS GETFILESTATUS', 'no FileStatus');
  return e;
}

export interface ContentSummary {
  directories?: number;
  files?: number;
  length?: number;
  spaceConsumed?: number;
  /** -1 in the answer means no quota: undefined here */
  quota?: number;
  spaceQuota?: number;
}

/** `GET /webhdfs/v1/PATH?op=GETCONTENTSUMMARY`. */
export function parseContentSummary(text: string): ContentSummary {
  const c = obj(webhdfs(text, 'WebHDFS GETCONTENTSUMMARY').ContentSummary);
  if (!c) throw new AnswerError('WebHDFS GETCONTENTSUMMARY', 'no ContentSummary');
  return {
    directories: nonNegative(c.directoryCount),
    files: nonNegative(c.fileCount),
    length: nonNegative(c.length),
    spaceConsumed: nonNegative(c.spaceConsumed),
    quota: nonNegative(c.quota),
    spaceQuota: nonNegative(c.spaceQuota),
  };
}

/** "/data/MNIST raw" → "/webhdfs/v1/data/MNIST%20raw?op=LISTSTATUS": each segment encoded. */
export function webhdfsPath(path: string, op: 'LISTSTATUS' | 'GETFILESTATUS' | 'GETCONTENTSUMMARY'): string {
  const segments = path.split('/').filter(Boolean).map(encodeURIComponent);
  return `/webhdfs/v1/${segments.join('/')}?op=${op}`;
}
