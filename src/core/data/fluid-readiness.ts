/**
 * Data readiness for a training job that mounts a Fluid dataset (its PVC): the Dataset is bound, its
 * AlluxioRuntime's master and workers are ready, how much of it is cached (`cachedPercentage`, as Fluid
 * writes it), and whether the runtime's FUSE may run on the nodes the job selects (Fluid starts a
 * FUSE pod on each node where a pod mounts the PVC, but only among nodes its `fuse.nodeSelector`
 * allows). Each check gives a verdict and, when it is not a pass, the fix to offer. Pure: the caller
 * gathers the inputs; undefined means "could not be read", which is 'unknown', never 'pass'.
 */
import type { Verdict } from './readiness';

export type FluidCheckId = 'dataset' | 'runtime' | 'cached' | 'fuse';
export type FluidFixKind = 'applyFluid' | 'fluidWarmUp' | 'editRuntime' | 'labelNodes';

export interface FluidCheck {
  id: FluidCheckId;
  verdict: Verdict;
  title: string;
  detail: string;
  fix?: { kind: FluidFixKind; label: string };
}

export interface FluidComponentFacts {
  phase: string;
  ready: number;
  desired: number;
}

export interface FluidReadinessInput {
  /** namespace/name of the Dataset the job mounts */
  dataset: { namespace: string; name: string };
  /** the Dataset's status: undefined when it could not be read, null when it does not exist */
  status?: { phase: string; cachedPercentage?: string; cached?: string; ufsTotal?: string } | null;
  /** its AlluxioRuntime (same name): undefined when unread, null when absent */
  runtime?: {
    master: FluidComponentFacts;
    worker: FluidComponentFacts;
    fuse: FluidComponentFacts;
    fuseNodeSelector: Readonly<Record<string, string>>;
  } | null;
  /** the job's node selector */
  selector: Readonly<Record<string, string>>;
  /** every node's labels, or undefined when nodes cannot be listed */
  nodes?: readonly { name: string; labels: Readonly<Record<string, string>> }[];
  /** below this cached percentage the cache check warns (default 100) */
  minCachedPercent?: number;
}

/** At most this many node names are named in a detail. */
const MAX_NAMED = 5;

/** "42.0%" → 42; undefined for "NaN%", "" or anything else. */
export function parsePercent(text: string | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

const matches = (labels: Readonly<Record<string, string>>, selector: Readonly<Record<string, string>>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

const names = (list: string[]) =>
  list.length > MAX_NAMED
    ? `${list.slice(0, MAX_NAMED).join(', ')} and ${list.length - MAX_NAMED} more`
    : list.join(', ');

export function fluidReadiness(input: FluidReadinessInput): FluidCheck[] {
  return [datasetCheck(input), runtimeCheck(input), cachedCheck(input), fuseCheck(input)];
}

function datasetCheck({ dataset, status }: FluidReadinessInput): FluidCheck {
  const title = `Dataset ${dataset.namespace}/${dataset.name}`;
  if (status === undefined) return { id: 'dataset', verdict: 'unknown', title, detail: 'could not read the Dataset' };
  if (status === null)
    return {
      id: 'dataset',
      verdict: 'fail',
      title,
      detail: 'no such Dataset: the job would wait for a PersistentVolumeClaim that never comes',
      fix: { kind: 'applyFluid', label: 'Apply Fluid Dataset' },
    };
  if (status.phase === 'Bound') return { id: 'dataset', verdict: 'pass', title, detail: 'bound to its runtime' };
  if (status.phase === 'Failed')
    return { id: 'dataset', verdict: 'fail', title, detail: 'Fluid marked it Failed: see its events' };
  return {
    id: 'dataset',
    verdict: 'warn',
    title,
    detail: `${status.phase || 'no phase yet'}: Fluid binds it once an AlluxioRuntime of the same name is ready`,
  };
}

function runtimeCheck({ dataset, runtime }: FluidReadinessInput): FluidCheck {
  const title = `AlluxioRuntime ${dataset.namespace}/${dataset.name}`;
  if (runtime === undefined) return { id: 'runtime', verdict: 'unknown', title, detail: 'could not read the runtime' };
  if (runtime === null)
    return {
      id: 'runtime',
      verdict: 'fail',
      title,
      detail: 'no AlluxioRuntime of the same name: nothing caches the dataset',
      fix: { kind: 'applyFluid', label: 'Apply Fluid Dataset' },
    };
  const { master, worker } = runtime;
  const text = `master ${master.ready}/${master.desired} ${master.phase || '—'}, workers ${worker.ready}/${worker.desired} ${worker.phase || '—'}`;
  if (master.phase === 'Ready' && worker.phase === 'Ready')
    return { id: 'runtime', verdict: 'pass', title, detail: text };
  if (master.phase === 'Ready' && worker.ready > 0) return { id: 'runtime', verdict: 'warn', title, detail: text };
  return { id: 'runtime', verdict: 'fail', title, detail: `${text}: the cache is not serving yet` };
}

function cachedCheck({ status, minCachedPercent = 100 }: FluidReadinessInput): FluidCheck {
  const title = 'Cached in Alluxio';
  const warmUp = { kind: 'fluidWarmUp' as const, label: 'Warm Up (DataLoad)' };
  if (!status) return { id: 'cached', verdict: 'unknown', title, detail: 'no Dataset status to read' };
  const pct = parsePercent(status.cachedPercentage);
  if (pct === undefined) {
    const empty = status.ufsTotal && /^0(\.0+)?\s*[KMGTP]?i?B$/.test(status.ufsTotal);
    return {
      id: 'cached',
      verdict: 'unknown',
      title,
      detail: empty
        ? `Fluid counts ${status.ufsTotal} under the mount: is the data in the UFS, and is the mount path right?`
        : `no cached percentage yet (${status.cachedPercentage || 'not reported'}): Fluid writes it once the runtime is ready`,
      fix: empty ? undefined : warmUp,
    };
  }
  const of = status.cached ? ` (${status.cached}${status.ufsTotal ? ` of ${status.ufsTotal}` : ''})` : '';
  if (pct >= minCachedPercent) return { id: 'cached', verdict: 'pass', title, detail: `${pct}% cached${of}` };
  return {
    id: 'cached',
    verdict: 'warn',
    title,
    detail: `${pct}% cached${of}: the first epoch reads the rest from the UFS`,
    fix: warmUp,
  };
}

function fuseCheck({ runtime, selector, nodes }: FluidReadinessInput): FluidCheck {
  const title = 'FUSE on the job’s nodes';
  if (runtime === null) return { id: 'fuse', verdict: 'fail', title, detail: 'no runtime, so no FUSE' };
  if (runtime === undefined || nodes === undefined)
    return { id: 'fuse', verdict: 'unknown', title, detail: 'could not read the runtime or the nodes' };
  const picked = nodes.filter((n) => matches(n.labels, selector));
  if (picked.length === 0)
    return {
      id: 'fuse',
      verdict: 'fail',
      title,
      detail: `no node matches the job's selector ${Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`,
      fix: { kind: 'labelNodes', label: 'Label Nodes' },
    };
  const fuseSel = runtime.fuseNodeSelector;
  const allowed = picked.filter((n) => matches(n.labels, fuseSel));
  const blocked = picked.filter((n) => !matches(n.labels, fuseSel)).map((n) => n.name);
  const where = Object.keys(fuseSel).length
    ? `fuse.nodeSelector ${Object.entries(fuseSel)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`
    : 'no fuse.nodeSelector';
  if (allowed.length === 0)
    return {
      id: 'fuse',
      verdict: 'fail',
      title,
      detail: `${where} excludes every node the job selects (${names(picked.map((n) => n.name))}): its pods could not mount the dataset`,
      fix: { kind: 'editRuntime', label: 'Edit the AlluxioRuntime' },
    };
  if (blocked.length)
    return {
      id: 'fuse',
      verdict: 'warn',
      title,
      detail: `${where} excludes ${names(blocked)}: pods placed there could not mount the dataset`,
      fix: { kind: 'editRuntime', label: 'Edit the AlluxioRuntime' },
    };
  const fuse = runtime.fuse;
  return {
    id: 'fuse',
    verdict: 'pass',
    title,
    detail: `${where}: FUSE may run on all ${picked.length} selected node${picked.length === 1 ? '' : 's'} (Fluid starts it where a pod mounts the dataset; now ${fuse.ready}/${fuse.desired} ready)`,
  };
}
