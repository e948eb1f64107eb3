/**
 * The cluster facts data readiness needs, read from listed Kubernetes objects: the Alluxio masters
 * (one per release), the nodes with their GPUs free, the FUSE pods, and the HDFS path behind an
 * Alluxio path. No client here, no vscode import.
 */
import type { AlluxioMount } from './alluxio-rest';
import { hdfsUriPath, type FusePod, type NodeFacts } from './readiness';
import type { KubeObject } from '../model/kinds';

export const GPU_RESOURCE = 'nvidia.com/gpu';
/** The master container of the Alluxio charts (2.2-era and 2.9). */
export const MASTER_CONTAINER = 'alluxio-master';
/** Most objects read from one list: far above any cluster this runs against. */
const MAX_OBJECTS = 200_000;

export interface AlluxioMasterRef {
  namespace: string;
  release: string;
  pod: string;
  container?: string;
  /** the pod is Running */
  running: boolean;
}

/** The Alluxio master pods (role=alluxio-master, or app=alluxio with a master component), one per release. */
export function findAlluxioMasters(pods: readonly KubeObject[]): AlluxioMasterRef[] {
  const byRelease = new Map<string, AlluxioMasterRef>();
  for (const p of pods.slice(0, MAX_OBJECTS)) {
    const l = p.metadata?.labels ?? {};
    const master = l.role === 'alluxio-master' || (l.app === 'alluxio' && l.component === 'master');
    if (!master) continue;
    const namespace = p.metadata.namespace ?? 'default';
    const release = l.release ?? l['app.kubernetes.io/instance'] ?? p.metadata.name;
    const names: string[] = (p.spec?.containers ?? []).map((c: { name?: string }) => c?.name ?? '');
    const ref: AlluxioMasterRef = {
      namespace,
      release,
      pod: p.metadata.name,
      container: names.includes(MASTER_CONTAINER) ? MASTER_CONTAINER : names[0] || undefined,
      running: p.status?.phase === 'Running',
    };
    const key = `${namespace}/${release}`;
    const had = byRelease.get(key);
    // Several masters (HA): keep a Running one, the lowest name first (alluxio-master-0).
    if (!had || (!had.running && ref.running) || (had.running === ref.running && ref.pod < had.pod))
      byRelease.set(key, ref);
  }
  return [...byRelease.values()].sort((a, b) =>
    `${a.namespace}/${a.release}`.localeCompare(`${b.namespace}/${b.release}`),
  );
}

function quantity(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function podGpus(p: KubeObject): number {
  let sum = 0;
  for (const c of p.spec?.containers ?? [])
    sum += quantity(c?.resources?.limits?.[GPU_RESOURCE] ?? c?.resources?.requests?.[GPU_RESOURCE]) ?? 0;
  return sum;
}

/**
 * Each node with the GPUs it offers and those asked for by pods not finished there. `ignorePod`
 * leaves out pods that should not count (the job's own, when checking a job already submitted).
 */
export function nodeFactsOf(
  nodes: readonly KubeObject[],
  pods: readonly KubeObject[],
  ignorePod: (p: KubeObject) => boolean = () => false,
): NodeFacts[] {
  const requested = new Map<string, number>();
  for (const p of pods.slice(0, MAX_OBJECTS)) {
    const node = p.spec?.nodeName;
    const phase = p.status?.phase;
    if (!node || phase === 'Succeeded' || phase === 'Failed' || ignorePod(p)) continue;
    requested.set(node, (requested.get(node) ?? 0) + podGpus(p));
  }
  return nodes.slice(0, MAX_OBJECTS).map((n) => {
    const allocatable = quantity(n.status?.allocatable?.[GPU_RESOURCE]);
    const ready = (n.status?.conditions ?? []).find((c: { type?: string }) => c?.type === 'Ready');
    return {
      name: n.metadata.name,
      labels: n.metadata.labels ?? {},
      gpuAllocatable: allocatable,
      gpuRequested: allocatable === undefined ? undefined : (requested.get(n.metadata.name) ?? 0),
      ready: ready ? ready.status === 'True' : undefined,
      unschedulable: !!n.spec?.unschedulable,
    };
  });
}

/** Alluxio FUSE pods (role=alluxio-fuse, or app=alluxio with a fuse role/component). */
export function fusePodsOf(pods: readonly KubeObject[]): FusePod[] {
  const out: FusePod[] = [];
  for (const p of pods.slice(0, MAX_OBJECTS)) {
    const l = p.metadata?.labels ?? {};
    const fuse = l.role === 'alluxio-fuse' || (l.app === 'alluxio' && /fuse/.test(l.role ?? l.component ?? ''));
    if (!fuse) continue;
    const statuses: { ready?: boolean }[] = p.status?.containerStatuses ?? [];
    out.push({
      name: p.metadata.name,
      node: p.spec?.nodeName,
      phase: p.status?.phase ?? 'Unknown',
      ready: statuses.length ? statuses.every((s) => s?.ready) : undefined,
    });
  }
  return out;
}

/**
 * The HDFS path behind an Alluxio path, through the mount that holds it ("/data/MNIST" with "/" →
 * hdfs://nn:8020 is "/data/MNIST"; with "/data" → hdfs://nn/data it is also "/data/MNIST").
 * Undefined when no mount holds it or the mount is not HDFS.
 */
export function hdfsPathFor(mounts: readonly AlluxioMount[], alluxioPath: string): string | undefined {
  let best: AlluxioMount | undefined;
  let bestLen = -1;
  for (const m of mounts.slice(0, MAX_OBJECTS)) {
    const p = m.alluxioPath.replace(/\/+$/, '');
    const under = p === '' || alluxioPath === p || alluxioPath.startsWith(`${p}/`);
    if (under && p.length > bestLen) {
      best = m;
      bestLen = p.length;
    }
  }
  if (!best) return undefined;
  const ufsPath = hdfsUriPath(best.ufsUri);
  if (ufsPath === undefined) return undefined;
  const rest = alluxioPath.slice(bestLen).replace(/^\/+/, '');
  const base = ufsPath === '/' ? '' : ufsPath;
  return rest ? `${base}/${rest}` : base || '/';
}

/**
 * `alluxio fs mount` with no arguments (the mount table, when the REST API cannot be reached):
 * "hdfs://nn:8020/data  on  /data  (hdfs, capacity=…, used=…, not read-only, not shared, properties={})".
 */
export function parseMountList(text: string): AlluxioMount[] {
  const out: AlluxioMount[] = [];
  for (const line of text.split('\n').slice(0, 10_000)) {
    const m = /^\s*(\S+)\s+on\s+(\/\S*)\s+\((\w+)[^)]*?(not )?read-only/.exec(line);
    if (m) out.push({ ufsUri: m[1], alluxioPath: m[2], ufsType: m[3], readOnly: !m[4] });
  }
  return out;
}
