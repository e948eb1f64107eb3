/**
 * The explorer's ids, built and parsed here and nowhere else: the model's group and release keys
 * (`hdfs|NS|REL|ROLE`, `job|KIND|NS|NAME`) and the tree's node ids. The strings are stable (the view
 * keeps expansion state by id), and Kubernetes names cannot hold `|`, `>` or `/`, so they split
 * cleanly. Everything else handles the typed values.
 *
 * Tree ids: `s:SECTION` sections; `r:PRODUCT|NS|REL` releases; `c:PRODUCT|NS|REL|ROLE` components;
 * `j:job|KIND|NS|NAME` jobs; `n:NODE` cluster nodes; `PARENT>pod:NS/NAME` pods; `r:…>info:cache|ufs`
 * release facts; `f:KEY` failures, `f:forbidden` the limited-access group, `f:forbidden>f:KIND` and
 * `s:training>f:KIND` failures under it and under Training; `x:dataset|NS|NAME`, `x:runtime|…`,
 * `x:dataload|…` Fluid's Datasets, AlluxioRuntimes and DataLoads (under `s:fluid`).
 */
import type { JobKind } from './types';

export type Product = 'hdfs' | 'alluxio';
export type SectionName = 'hdfs' | 'alluxio' | 'training' | 'nodes' | 'fluid';
export type FluidWhat = 'dataset' | 'runtime' | 'dataload';
export type InfoName = 'cache' | 'ufs';

export interface ReleaseKey {
  product: Product;
  namespace: string;
  release: string;
}

export interface ComponentKey extends ReleaseKey {
  role: string;
}

export interface JobKey {
  jobKind: JobKind;
  namespace: string;
  name: string;
}

/** What a group key names: a release's component or a training job. */
export type GroupRef = ({ type: 'component' } & ComponentKey) | ({ type: 'job' } & JobKey);

export type SectionId = { kind: 'section'; section: SectionName };
export type ReleaseId = { kind: 'release'; release: ReleaseKey };
export type ComponentId = { kind: 'component'; component: ComponentKey };
export type JobId = { kind: 'job'; job: JobKey };
export type ClusterNodeId = { kind: 'clusterNode'; name: string };
/** The nodes that list pods. */
export type PodParentId = ComponentId | JobId | ClusterNodeId;
export type PodId = { kind: 'pod'; parent: PodParentId; namespace: string; name: string };
export type InfoId = { kind: 'info'; release: ReleaseKey; what: InfoName };
/** A failure of one kind (or of the connection: `unreachable`, `unauthorized`), at the root or under a node. */
export type FailureId = { kind: 'failure'; key: string; under?: 'forbidden' | 'training' };
export type ForbiddenGroupId = { kind: 'forbiddenGroup' };
/** A Fluid object: a Dataset, an AlluxioRuntime or a DataLoad. */
export type FluidId = { kind: 'fluid'; what: FluidWhat; namespace: string; name: string };

export type NodeId =
  SectionId | ReleaseId | ComponentId | JobId | ClusterNodeId | PodId | InfoId | FailureId | ForbiddenGroupId | FluidId;

const SECTION_NAMES: readonly string[] = ['hdfs', 'alluxio', 'training', 'nodes', 'fluid'];
const FLUID_WHATS: readonly string[] = ['dataset', 'runtime', 'dataload'];
const PRODUCTS: readonly string[] = ['hdfs', 'alluxio'];
const JOB_KINDS: readonly string[] = ['tfjobs', 'pytorchjobs', 'arena'];

// ---- model keys ----------------------------------------------------------------------------------

export function releaseKey(r: ReleaseKey): string {
  return `${r.product}|${r.namespace}|${r.release}`;
}

export function parseReleaseKey(key: string): ReleaseKey | undefined {
  const [product, namespace, release, ...rest] = key.split('|');
  if (rest.length || release === undefined || !PRODUCTS.includes(product)) return undefined;
  return { product: product as Product, namespace, release };
}

export function groupKey(g: GroupRef): string {
  return g.type === 'job'
    ? `job|${g.jobKind}|${g.namespace}|${g.name}`
    : `${g.product}|${g.namespace}|${g.release}|${g.role}`;
}

export function jobGroupKey(jobKind: JobKind, namespace: string, name: string): string {
  return groupKey({ type: 'job', jobKind, namespace, name });
}

export function parseGroupKey(key: string): GroupRef | undefined {
  const [head, a, b, c, ...rest] = key.split('|');
  if (rest.length || c === undefined) return undefined;
  if (head === 'job')
    return JOB_KINDS.includes(a) ? { type: 'job', jobKind: a as JobKind, namespace: b, name: c } : undefined;
  if (!PRODUCTS.includes(head)) return undefined;
  return { type: 'component', product: head as Product, namespace: a, release: b, role: c };
}

/** Whether a group key names a training job (cheap: called per watch event). */
export function isJobGroup(key: string): boolean {
  return key.startsWith('job|');
}

/** The release key of a component's group key (`hdfs|ns|rel|role` → `hdfs|ns|rel`). */
export function releaseKeyOfGroup(key: string): string {
  return key.slice(0, key.lastIndexOf('|'));
}

// ---- tree ids -----------------------------------------------------------------------------------

export function nodeId(n: NodeId): string {
  switch (n.kind) {
    case 'section':
      return `s:${n.section}`;
    case 'release':
      return releaseNodeId(releaseKey(n.release));
    case 'component':
      return `c:${groupKey({ type: 'component', ...n.component })}`;
    case 'job':
      return `j:${groupKey({ type: 'job', ...n.job })}`;
    case 'clusterNode':
      return clusterNodeId(n.name);
    case 'pod':
      return podNodeId(nodeId(n.parent), n.namespace, n.name);
    case 'info':
      return infoNodeId(releaseKey(n.release), n.what);
    case 'failure':
      return `${n.under === 'forbidden' ? 'f:forbidden>' : n.under === 'training' ? 's:training>' : ''}f:${n.key}`;
    case 'forbiddenGroup':
      return 'f:forbidden';
    case 'fluid':
      return fluidNodeId(n.what, n.namespace, n.name);
  }
}

/** The node that lists a group's pods. */
export function groupNode(g: GroupRef): ComponentId | JobId {
  if (g.type === 'job') return { kind: 'job', job: { jobKind: g.jobKind, namespace: g.namespace, name: g.name } };
  const { product, namespace, release, role } = g;
  return { kind: 'component', component: { product, namespace, release, role } };
}

/** The tree id of the node that lists a group's pods, from its group key. */
export function groupNodeId(key: string): string {
  return isJobGroup(key) ? `j:${key}` : `c:${key}`;
}

// Builders from the model's string keys: called per watch event, so they stay plain concatenation.

export function releaseNodeId(releaseKey: string): string {
  return `r:${releaseKey}`;
}

export function infoNodeId(releaseKey: string, what: InfoName): string {
  return `r:${releaseKey}>info:${what}`;
}

export function clusterNodeId(name: string): string {
  return `n:${name}`;
}

export function fluidNodeId(what: FluidWhat, namespace: string, name: string): string {
  return `x:${what}|${namespace}|${name}`;
}

export function podNodeId(parentId: string, namespace: string, name: string): string {
  return `${parentId}>pod:${namespace}/${name}`;
}

/** Parses a tree id; undefined for anything this module did not build. */
export function parseNodeId(id: string): NodeId | undefined {
  const cut = id.indexOf('>');
  if (cut >= 0) {
    if (id.indexOf('>', cut + 1) >= 0) return undefined;
    return parseChild(id.slice(0, cut), id.slice(cut + 1));
  }
  const rest = id.slice(2);
  switch (id.slice(0, 2)) {
    case 's:':
      return SECTION_NAMES.includes(rest) ? { kind: 'section', section: rest as SectionName } : undefined;
    case 'r:': {
      const release = parseReleaseKey(rest);
      return release && { kind: 'release', release };
    }
    case 'c:': {
      const g = parseGroupKey(rest);
      return g?.type === 'component' ? groupNode(g) : undefined;
    }
    case 'j:': {
      const g = parseGroupKey(rest);
      return g?.type === 'job' ? groupNode(g) : undefined;
    }
    case 'n:':
      return rest ? { kind: 'clusterNode', name: rest } : undefined;
    case 'f:':
      if (rest === 'forbidden') return { kind: 'forbiddenGroup' };
      return rest ? { kind: 'failure', key: rest } : undefined;
    case 'x:': {
      const [what, namespace, name, ...more] = rest.split('|');
      if (more.length || !name || !FLUID_WHATS.includes(what)) return undefined;
      return { kind: 'fluid', what: what as FluidWhat, namespace, name };
    }
  }
  return undefined;
}

function parseChild(parentId: string, leaf: string): NodeId | undefined {
  const parent = parseNodeId(parentId);
  if (!parent) return undefined;
  if (leaf.startsWith('pod:')) {
    const [namespace, name, ...more] = leaf.slice(4).split('/');
    if (more.length || !name) return undefined;
    if (parent.kind !== 'component' && parent.kind !== 'job' && parent.kind !== 'clusterNode') return undefined;
    return { kind: 'pod', parent, namespace, name };
  }
  if (leaf.startsWith('info:')) {
    const what = leaf.slice(5);
    if (parent.kind !== 'release' || (what !== 'cache' && what !== 'ufs')) return undefined;
    return { kind: 'info', release: parent.release, what };
  }
  if (leaf.startsWith('f:') && leaf.length > 2) {
    if (parent.kind === 'forbiddenGroup') return { kind: 'failure', key: leaf.slice(2), under: 'forbidden' };
    if (parent.kind === 'section' && parent.section === 'training')
      return { kind: 'failure', key: leaf.slice(2), under: 'training' };
  }
  return undefined;
}

/** The parent of a node, as the tree nests them (undefined for the root's children). */
export function parentNode(n: NodeId): NodeId | undefined {
  switch (n.kind) {
    case 'release':
      return { kind: 'section', section: n.release.product };
    case 'component': {
      const { product, namespace, release } = n.component;
      return { kind: 'release', release: { product, namespace, release } };
    }
    case 'job':
      return { kind: 'section', section: 'training' };
    case 'clusterNode':
      return { kind: 'section', section: 'nodes' };
    case 'pod':
      return n.parent;
    case 'info':
      return { kind: 'release', release: n.release };
    case 'fluid':
      return { kind: 'section', section: 'fluid' };
    case 'failure':
      return n.under === 'forbidden'
        ? { kind: 'forbiddenGroup' }
        : n.under === 'training'
          ? { kind: 'section', section: 'training' }
          : undefined;
    default:
      return undefined;
  }
}
