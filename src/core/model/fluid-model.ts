/**
 * Fluid's objects as the explorer keeps them: slim records of Datasets, AlluxioRuntimes and DataLoads
 * (data.fluid.io/v1alpha1) read from their status as Fluid's controllers write it, and the tree ids
 * each change touches. Owned by ClusterModel; rendering lives in ./tree-fluid.
 */
import { objectKey, type KubeObject } from './kinds';
import { time } from './format';
import { fluidNodeId, type FluidWhat } from './node-id';

export type FluidKind = 'datasets' | 'alluxioruntimes' | 'dataloads';
export const FLUID_KINDS: readonly FluidKind[] = ['datasets', 'alluxioruntimes', 'dataloads'];

/** The cacheStates keys Fluid writes for Alluxio (all strings: "1.2GiB", "42.0%"). */
export const CACHE_STATE_KEYS = [
  'cached',
  'cacheCapacity',
  'cachedPercentage',
  'cacheHitRatio',
  'localHitRatio',
  'remoteHitRatio',
  'cacheThroughputRatio',
  'localThroughputRatio',
  'remoteThroughputRatio',
] as const;
export type CacheStates = Partial<Record<(typeof CACHE_STATE_KEYS)[number], string>>;

/** Text from status fields is cut to this length (a status is the controller's, but bound it anyway). */
const MAX_TEXT = 200;
/** At most this many mounts, runtimes, tiers or targets are kept per object. */
const MAX_ITEMS = 32;

export interface DatasetRec {
  key: string; // ns/name
  namespace: string;
  name: string;
  phase: string; // Pending | Bound | NotBound | Failed | Updating | ''
  cache: CacheStates;
  ufsTotal: string;
  fileNum: string;
  runtimes: { name: string; namespace: string; type: string }[];
  mounts: string[];
  created: number;
}

export interface ComponentStatus {
  phase: string; // Ready | PartialReady | NotReady | ''
  ready: number;
  desired: number;
  reason: string;
}

export interface RuntimeTier {
  mediumtype: string;
  path: string;
  quota: string;
}

export interface RuntimeRec {
  key: string;
  namespace: string;
  name: string;
  master: ComponentStatus;
  worker: ComponentStatus;
  fuse: ComponentStatus;
  replicas: number;
  tiers: RuntimeTier[];
  /** spec.fuse.nodeSelector: where FUSE may run ({} = wherever a dataset's pod lands). */
  fuseNodeSelector: Record<string, string>;
  setupDuration: string;
  cache: CacheStates;
  created: number;
}

export interface DataLoadRec {
  key: string;
  namespace: string;
  name: string;
  dataset: { name: string; namespace: string };
  phase: string; // Pending | Executing | Complete | Failed | ''
  duration: string;
  targets: string[];
  /** The last condition's message, if any. */
  message: string;
  created: number;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const list = (v: unknown): any[] => (Array.isArray(v) ? v.slice(0, MAX_ITEMS) : []);

function cacheStates(v: unknown): CacheStates {
  const out: CacheStates = {};
  if (!v || typeof v !== 'object') return out;
  for (const k of CACHE_STATE_KEYS) {
    const s = text((v as Record<string, unknown>)[k]);
    if (s) out[k] = s;
  }
  return out;
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v || typeof v !== 'object') return out;
  for (const [k, x] of Object.entries(v).slice(0, MAX_ITEMS)) out[k.slice(0, MAX_TEXT)] = text(x);
  return out;
}

export function datasetRec(o: KubeObject): DatasetRec {
  const s = o.status ?? {};
  return {
    key: objectKey(o),
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    phase: text(s.phase),
    cache: cacheStates(s.cacheStates),
    ufsTotal: text(s.ufsTotal),
    fileNum: text(s.fileNum),
    runtimes: list(s.runtimes).map((r) => ({
      name: text(r?.name),
      namespace: text(r?.namespace),
      type: text(r?.type),
    })),
    mounts: list(o.spec?.mounts).map((m) => text(m?.mountPoint)),
    created: time(o.metadata.creationTimestamp),
  };
}

function component(s: any, prefix: 'master' | 'worker' | 'fuse'): ComponentStatus {
  const cap = prefix[0].toUpperCase() + prefix.slice(1);
  return {
    phase: text(s[`${prefix}Phase`]),
    ready: num(s[`${prefix}NumberReady`]),
    desired: num(s[`desired${cap}NumberScheduled`]),
    reason: text(s[`${prefix}Reason`]),
  };
}

export function runtimeRec(o: KubeObject): RuntimeRec {
  const s = o.status ?? {};
  const spec = o.spec ?? {};
  return {
    key: objectKey(o),
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    master: component(s, 'master'),
    worker: component(s, 'worker'),
    fuse: component(s, 'fuse'),
    replicas: num(spec.replicas),
    tiers: list(spec.tieredstore?.levels).map((l) => ({
      mediumtype: text(l?.mediumtype),
      path: text(l?.path),
      quota: typeof l?.quota === 'number' ? String(l.quota) : text(l?.quota),
    })),
    fuseNodeSelector: stringMap(spec.fuse?.nodeSelector),
    setupDuration: text(s.setupDuration),
    cache: cacheStates(s.cacheStates),
    created: time(o.metadata.creationTimestamp),
  };
}

export function dataLoadRec(o: KubeObject): DataLoadRec {
  const s = o.status ?? {};
  const spec = o.spec ?? {};
  const conditions = list(s.conditions);
  const ns = o.metadata.namespace ?? '';
  return {
    key: objectKey(o),
    namespace: ns,
    name: o.metadata.name,
    dataset: { name: text(spec.dataset?.name), namespace: text(spec.dataset?.namespace) || ns },
    phase: text(s.phase),
    duration: text(s.duration),
    targets: list(spec.target).map((t) => text(t?.path)),
    message: text(conditions[conditions.length - 1]?.message),
    created: time(o.metadata.creationTimestamp),
  };
}

/** The Fluid part of the explorer's model. Each setter adds the tree ids it changed to `changes`. */
export class FluidModel {
  readonly datasets = new Map<string, DatasetRec>();
  readonly runtimes = new Map<string, RuntimeRec>();
  readonly dataloads = new Map<string, DataLoadRec>();

  constructor(private readonly sectionId: string) {}

  apply(kind: FluidKind, o: KubeObject, gone: boolean, changes: Set<string>): void {
    const key = objectKey(o);
    if (kind === 'datasets') this.set(this.datasets, 'dataset', key, gone ? undefined : datasetRec(o), changes);
    else if (kind === 'alluxioruntimes')
      this.set(this.runtimes, 'runtime', key, gone ? undefined : runtimeRec(o), changes);
    else this.set(this.dataloads, 'dataload', key, gone ? undefined : dataLoadRec(o), changes);
  }

  keys(kind: FluidKind): string[] {
    return [...this.mapOf(kind).keys()];
  }

  remove(kind: FluidKind, key: string, changes: Set<string>): void {
    const what: FluidWhat = kind === 'datasets' ? 'dataset' : kind === 'alluxioruntimes' ? 'runtime' : 'dataload';
    this.set(this.mapOf(kind) as Map<string, unknown>, what, key, undefined, changes);
  }

  clear(): void {
    this.datasets.clear();
    this.runtimes.clear();
    this.dataloads.clear();
  }

  private mapOf(kind: FluidKind): Map<string, unknown> {
    return kind === 'datasets' ? this.datasets : kind === 'alluxioruntimes' ? this.runtimes : this.dataloads;
  }

  private set<T>(map: Map<string, T>, what: FluidWhat, key: string, rec: T | undefined, changes: Set<string>): void {
    const old = map.get(key);
    const had = old !== undefined;
    if (!had && !rec) return;
    if (rec) map.set(key, rec);
    else map.delete(key);
    if (had !== !!rec) changes.add(this.sectionId);
    const [namespace, name] = key.split('/');
    changes.add(fluidNodeId(what, namespace, name));
    // A Dataset's row names its runtime's state and its DataLoads; a runtime's shares the dataset's name.
    if (what === 'runtime') changes.add(fluidNodeId('dataset', namespace, name));
    if (what === 'dataload')
      for (const d of [old, rec] as (DataLoadRec | undefined)[])
        if (d) changes.add(fluidNodeId('dataset', d.dataset.namespace, d.dataset.name));
  }
}
