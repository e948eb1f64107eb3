/**
 * Data readiness before a training job: the dataset exists in HDFS, Alluxio mounts it, how much of
 * it is cached, FUSE pods Running on every node the job's selector picks, and GPUs free there. Each
 * check gives a verdict and, when it is not a pass, the fix to offer. Pure: the caller gathers the
 * inputs (undefined = could not be read, which is 'unknown', never 'pass'). No vscode import.
 */
import { mountOf, type AlluxioMount } from './alluxio-rest';
import type { CacheState } from './cache-state';
import { formatPercent } from './cache-state';
import { formatBytes } from './numbers';

export type Verdict = 'pass' | 'warn' | 'fail' | 'unknown';
/** 'dataset' and 'runtime' are the checks of a job that mounts a Fluid dataset (./fluid-readiness). */
export type CheckId = 'hdfs' | 'mounted' | 'cached' | 'nodes' | 'fuse' | 'gpus' | 'dataset' | 'runtime';
export type FixKind =
  | 'upload'
  | 'mount'
  | 'warmUp'
  | 'labelNodes'
  | 'installFuse'
  | 'freeGpus'
  | 'applyFluid'
  | 'fluidWarmUp'
  | 'editRuntime';

export interface Check {
  id: CheckId;
  verdict: Verdict;
  title: string;
  detail: string;
  fix?: { kind: FixKind; label: string };
}

export interface NodeFacts {
  name: string;
  labels: Readonly<Record<string, string>>;
  /** allocatable GPUs (nvidia.com/gpu); undefined when the node reports none */
  gpuAllocatable?: number;
  /** GPUs requested by pods already running or pending there */
  gpuRequested?: number;
  ready?: boolean;
  unschedulable?: boolean;
}

export interface FusePod {
  name: string;
  node?: string;
  /** Pending | Running | Succeeded | Failed | Unknown */
  phase: string;
  ready?: boolean;
}

export interface ReadinessInput {
  /** the dataset in HDFS, e.g. "/data/MNIST" */
  hdfsPath: string;
  /** what HDFS says of it: undefined when HDFS could not be asked */
  hdfs?: { exists: boolean; files?: number; bytes?: number };
  /** Alluxio's mount table: undefined when the master could not be asked */
  mounts?: readonly AlluxioMount[];
  /** the dataset's cache state in Alluxio, when it could be computed */
  cache?: CacheState;
  /** the job's node selector (`--selector dataset=mnist`) */
  selector: Readonly<Record<string, string>>;
  /** every node, or undefined when nodes cannot be listed */
  nodes?: readonly NodeFacts[];
  /** the Alluxio FUSE pods (role=alluxio-fuse), or undefined when pods cannot be listed */
  fusePods?: readonly FusePod[];
  workers: number;
  gpusPerWorker: number;
  /** below this cached percentage the cache check warns (default 100) */
  cachedTarget?: number;
}

const MAX_NODES = 20_000;

/** Whether a node's labels satisfy an equality selector. */
export function matches(labels: Readonly<Record<string, string>>, selector: Readonly<Record<string, string>>): boolean {
  for (const k of Object.keys(selector)) if (labels[k] !== selector[k]) return false;
  return true;
}

/** "hdfs://nn:8020/data" → "/data"; "hdfs://nn:8020" → "/"; other schemes → undefined. */
export function hdfsUriPath(uri: string): string | undefined {
  const m = /^(?:hdfs|webhdfs|viewfs):\/\/[^/]*(\/.*)?$/.exec(uri.trim());
  if (!m) return undefined;
  return (m[1] ?? '/').replace(/\/+$/, '') || '/';
}

/** Where Alluxio shows an HDFS path, through the mount whose under-store path covers it. */
export function alluxioPathFor(mounts: readonly AlluxioMount[], hdfsPath: string): string | undefined {
  let best: { mount: AlluxioMount; ufsPath: string } | undefined;
  for (const m of mounts.slice(0, MAX_NODES)) {
    const ufsPath = hdfsUriPath(m.ufsUri);
    if (ufsPath === undefined) continue;
    const covers = ufsPath === '/' || hdfsPath === ufsPath || hdfsPath.startsWith(`${ufsPath}/`);
    if (covers && (!best || ufsPath.length > best.ufsPath.length)) best = { mount: m, ufsPath };
  }
  if (!best) return undefined;
  const rest = best.ufsPath === '/' ? hdfsPath : hdfsPath.slice(best.ufsPath.length);
  const base = best.mount.alluxioPath.replace(/\/+$/, '');
  return `${base}${rest.startsWith('/') ? rest : `/${rest}`}`.replace(/\/+$/, '') || '/';
}

function hdfsCheck(i: ReadinessInput): Check {
  const title = `Dataset ${i.hdfsPath} in HDFS`;
  if (!i.hdfs) return { id: 'hdfs', verdict: 'unknown', title, detail: 'HDFS could not be asked.' };
  if (!i.hdfs.exists) {
    return {
      id: 'hdfs',
      verdict: 'fail',
      title,
      detail: `${i.hdfsPath} does not exist in HDFS.`,
      fix: { kind: 'upload', label: `Upload the dataset to ${i.hdfsPath}` },
    };
  }
  if (i.hdfs.files === 0) {
    return {
      id: 'hdfs',
      verdict: 'fail',
      title,
      detail: `${i.hdfsPath} exists but holds no files.`,
      fix: { kind: 'upload', label: `Upload the dataset to ${i.hdfsPath}` },
    };
  }
  const size = i.hdfs.bytes !== undefined ? `, ${formatBytes(i.hdfs.bytes)}` : '';
  const files = i.hdfs.files !== undefined ? `${i.hdfs.files} files` : 'present';
  return { id: 'hdfs', verdict: 'pass', title, detail: `${files}${size}.` };
}

function mountedCheck(i: ReadinessInput): Check {
  const title = 'Mounted in Alluxio';
  if (!i.mounts) return { id: 'mounted', verdict: 'unknown', title, detail: 'The Alluxio master could not be asked.' };
  const at = alluxioPathFor(i.mounts, i.hdfsPath);
  if (at === undefined) {
    const ufs = i.mounts.map((m) => `${m.alluxioPath} → ${m.ufsUri}`).join(', ') || 'none';
    return {
      id: 'mounted',
      verdict: 'fail',
      title,
      detail: `No Alluxio mount reaches ${i.hdfsPath} in HDFS (mounts: ${ufs}).`,
      fix: { kind: 'mount', label: 'Mount the HDFS path in Alluxio' },
    };
  }
  const m = mountOf(i.mounts, at);
  return {
    id: 'mounted',
    verdict: 'pass',
    title,
    detail: `Alluxio shows it at ${at}${m ? ` (mount ${m.alluxioPath})` : ''}.`,
  };
}

function cachedCheck(i: ReadinessInput): Check {
  const title = 'Cached in Alluxio';
  const c = i.cache;
  if (!c || c.cachedPercentage === undefined) {
    return { id: 'cached', verdict: 'unknown', title, detail: 'The cached percentage could not be computed.' };
  }
  const target = i.cachedTarget ?? 100;
  const detail = `${formatPercent(c.cachedPercentage)} (${formatBytes(c.cached)} of ${formatBytes(c.total)}, ${c.files} files)${c.exact ? '' : ', estimated from per-file percentages'}.`;
  if (c.cacheCapacity !== undefined && c.total !== undefined && c.total > c.cacheCapacity) {
    return {
      id: 'cached',
      verdict: 'warn',
      title,
      detail: `${detail} The dataset (${formatBytes(c.total)}) is larger than the whole cache (${formatBytes(c.cacheCapacity)}): it cannot all stay cached.`,
    };
  }
  if (c.cachedPercentage >= target) return { id: 'cached', verdict: 'pass', title, detail };
  return {
    id: 'cached',
    verdict: 'warn',
    title,
    detail: `${detail} The first epoch will read the rest from HDFS.`,
    fix: { kind: 'warmUp', label: 'Warm up the cache' },
  };
}

function selected(i: ReadinessInput): NodeFacts[] | undefined {
  return i.nodes?.slice(0, MAX_NODES).filter((n) => matches(n.labels, i.selector));
}

function selectorText(selector: Readonly<Record<string, string>>): string {
  return (
    Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || '(none)'
  );
}

function nodesCheck(i: ReadinessInput, picked: NodeFacts[] | undefined): Check {
  const title = `Nodes matching ${selectorText(i.selector)}`;
  if (!picked) return { id: 'nodes', verdict: 'unknown', title, detail: 'Nodes could not be listed.' };
  if (picked.length === 0) {
    return {
      id: 'nodes',
      verdict: 'fail',
      title,
      detail: 'No node carries these labels: the job would stay Pending.',
      fix: { kind: 'labelNodes', label: `Label nodes ${selectorText(i.selector)}` },
    };
  }
  const usable = picked.filter((n) => n.ready !== false && !n.unschedulable);
  const names = picked.map((n) => n.name).join(', ');
  if (usable.length === 0) {
    return { id: 'nodes', verdict: 'fail', title, detail: `${names}: none is Ready and schedulable.` };
  }
  return { id: 'nodes', verdict: 'pass', title, detail: `${usable.length} of ${picked.length} usable: ${names}.` };
}

function fuseCheck(i: ReadinessInput, picked: NodeFacts[] | undefined): Check {
  const title = 'Alluxio FUSE on those nodes';
  if (!picked || !i.fusePods)
    return { id: 'fuse', verdict: 'unknown', title, detail: 'Pods or nodes could not be listed.' };
  if (picked.length === 0) return { id: 'fuse', verdict: 'unknown', title, detail: 'No node is selected.' };
  const running = new Set(
    i.fusePods.filter((p) => p.phase === 'Running' && p.ready !== false && p.node).map((p) => p.node as string),
  );
  const missing = picked.filter((n) => !running.has(n.name)).map((n) => n.name);
  if (missing.length === 0) return { id: 'fuse', verdict: 'pass', title, detail: `Running on all ${picked.length}.` };
  return {
    id: 'fuse',
    verdict: 'fail',
    title,
    detail: `No Running FUSE pod on ${missing.join(', ')}: the job's data folder would be empty there.`,
    fix: { kind: 'installFuse', label: 'Enable Alluxio FUSE on these nodes' },
  };
}

function gpuCheck(i: ReadinessInput, picked: NodeFacts[] | undefined): Check {
  const title = `GPUs: ${i.workers} × ${i.gpusPerWorker}`;
  if (i.gpusPerWorker <= 0) return { id: 'gpus', verdict: 'pass', title, detail: 'The job asks for no GPU.' };
  if (!picked) return { id: 'gpus', verdict: 'unknown', title, detail: 'Nodes could not be listed.' };
  let slots = 0;
  let unknown = 0;
  const free: string[] = [];
  for (const n of picked) {
    if (n.gpuAllocatable === undefined || n.gpuRequested === undefined) {
      unknown++;
      continue;
    }
    const f = Math.max(0, n.gpuAllocatable - n.gpuRequested);
    free.push(`${n.name}: ${f} free`);
    slots += Math.floor(f / i.gpusPerWorker);
  }
  if (slots >= i.workers) return { id: 'gpus', verdict: 'pass', title, detail: `${free.join(', ')}.` };
  if (unknown > 0) {
    return { id: 'gpus', verdict: 'unknown', title, detail: `${unknown} selected node(s) report no GPU counts.` };
  }
  return {
    id: 'gpus',
    verdict: 'fail',
    title,
    detail: `Room for ${slots} of ${i.workers} workers (${free.join(', ') || 'no selected node'}).`,
    fix: { kind: 'freeGpus', label: 'Free GPUs or label more GPU nodes' },
  };
}

/** Every check, in the order a user fixes them. */
export function readinessChecks(input: ReadinessInput): Check[] {
  const picked = selected(input);
  return [
    hdfsCheck(input),
    mountedCheck(input),
    cachedCheck(input),
    nodesCheck(input, picked),
    fuseCheck(input, picked),
    gpuCheck(input, picked),
  ];
}

/** The worst verdict: fail > unknown > warn > pass. */
export function overall(checks: readonly Check[]): Verdict {
  const rank: Record<Verdict, number> = { pass: 0, warn: 1, unknown: 2, fail: 3 };
  return checks.reduce<Verdict>((w, c) => (rank[c.verdict] > rank[w] ? c.verdict : w), 'pass');
}
