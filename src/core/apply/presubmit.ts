/**
 * Checks before a training job is submitted, from the objects the cluster lists (no client here):
 * no node matches the selector; no Alluxio FUSE pod on those nodes; the data path is not under the FUSE
 * mount; not enough free GPUs. Each finding is a warning the user may submit past.
 */
import type { KubeObject } from '../model/kinds';

export const GPU_RESOURCE = 'nvidia.com/gpu';
/** The FUSE mount on the host of the 2.2-era chart (the PyTorch-on-HDFS guide's --data-dir=/alluxio-fuse/data:/data). */
export const DEFAULT_FUSE_MOUNT = '/alluxio-fuse';

export interface PresubmitInput {
  selector: Record<string, string>;
  /** GPUs per replica × replicas */
  gpusPerReplica: number;
  replicas: number;
  /** host side of the data mount, if any */
  dataHostPath?: string;
  nodes: KubeObject[];
  pods: KubeObject[];
  daemonsets: KubeObject[];
}

export interface PresubmitWarning {
  code: 'noNode' | 'noFuse' | 'dataPath' | 'gpus';
  message: string;
}

export function matchesSelector(labels: Record<string, string> | undefined, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function isFusePod(p: KubeObject): boolean {
  const l = p.metadata.labels ?? {};
  return l.role === 'alluxio-fuse' || (l.app === 'alluxio' && /fuse/.test(l.role ?? l.component ?? ''));
}

function isFuseDaemonSet(d: KubeObject): boolean {
  const l = d.metadata.labels ?? {};
  return l.role === 'alluxio-fuse' || /-fuse$/.test(d.metadata.name);
}

/** The FUSE mount's host path: the hostPath volume of the FUSE DaemonSet that mounts "alluxio-fuse". */
export function fuseMountPath(daemonsets: KubeObject[]): string | undefined {
  for (const d of daemonsets.filter(isFuseDaemonSet)) {
    const vols: any[] = d.spec?.template?.spec?.volumes ?? [];
    const v = vols.find((x) => x?.hostPath?.path && /alluxio-fuse/.test(x.hostPath.path));
    if (v) return String(v.hostPath.path).replace(/\/+$/, '');
  }
  return undefined;
}

/** The node selector of the Alluxio release (its FUSE or worker DaemonSet's pod template): the job's default. */
export function alluxioNodeSelector(daemonsets: KubeObject[]): Record<string, string> | undefined {
  const ds = daemonsets.find(isFuseDaemonSet) ?? daemonsets.find((d) => d.metadata.labels?.role === 'alluxio-worker');
  const sel = ds?.spec?.template?.spec?.nodeSelector;
  return sel && typeof sel === 'object' && Object.keys(sel).length ? { ...sel } : undefined;
}

function quantity(v: unknown): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

function podGpus(p: KubeObject): number {
  const cs: any[] = [...(p.spec?.containers ?? [])];
  return cs.reduce(
    (sum, c) => sum + quantity(c?.resources?.limits?.[GPU_RESOURCE] ?? c?.resources?.requests?.[GPU_RESOURCE]),
    0,
  );
}

function finished(p: KubeObject): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

export function underPath(p: string, dir: string): boolean {
  const norm = (s: string) => s.replace(/\/+$/, '') || '/';
  const a = norm(p);
  const b = norm(dir);
  return a === b || a.startsWith(b === '/' ? '/' : `${b}/`);
}

export function presubmitChecks(i: PresubmitInput): PresubmitWarning[] {
  const warnings: PresubmitWarning[] = [];
  const sel =
    Object.entries(i.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || '(none)';
  const nodes = i.nodes.filter((n) => matchesSelector(n.metadata.labels, i.selector) && !n.spec?.unschedulable);
  if (nodes.length === 0) {
    warnings.push({
      code: 'noNode',
      message: `No schedulable node matches the node selector ${sel}: the job's pods would stay Pending. Label nodes with "Label Nodes for Dataset", or change the selector.`,
    });
  }
  const names = new Set(nodes.map((n) => n.metadata.name));
  const fusePods = i.pods.filter(
    (p) => isFusePod(p) && p.spec?.nodeName && names.has(p.spec.nodeName) && p.status?.phase === 'Running',
  );
  const mount = fuseMountPath(i.daemonsets) ?? DEFAULT_FUSE_MOUNT;
  if (nodes.length > 0 && i.dataHostPath && underPath(i.dataHostPath, mount)) {
    const without = nodes
      .filter((n) => !fusePods.some((p) => p.spec.nodeName === n.metadata.name))
      .map((n) => n.metadata.name);
    if (without.length === nodes.length) {
      warnings.push({
        code: 'noFuse',
        message: `No running Alluxio FUSE pod on the nodes that match ${sel} (${without.join(', ')}): ${i.dataHostPath} would be an empty host folder there. Install Alluxio with FUSE on those nodes (nodeSelector ${sel}).`,
      });
    } else if (without.length) {
      warnings.push({
        code: 'noFuse',
        message: `No running Alluxio FUSE pod on ${without.join(', ')} (they match ${sel}): pods placed there would read an empty ${i.dataHostPath}.`,
      });
    }
  }
  if (i.dataHostPath && !underPath(i.dataHostPath, mount)) {
    warnings.push({
      code: 'dataPath',
      message: `The data path ${i.dataHostPath} is not under the Alluxio FUSE mount ${mount}: the job would not read through the Alluxio cache. Use ${mount}/... (e.g. ${mount}/data).`,
    });
  }
  const needed = i.gpusPerReplica * i.replicas;
  if (needed > 0 && nodes.length > 0) {
    const capacity = nodes.reduce((s, n) => s + quantity(n.status?.allocatable?.[GPU_RESOURCE]), 0);
    const used = i.pods
      .filter((p) => p.spec?.nodeName && names.has(p.spec.nodeName) && !finished(p))
      .reduce((s, p) => s + podGpus(p), 0);
    const free = Math.max(0, capacity - used);
    if (free < needed) {
      warnings.push({
        code: 'gpus',
        message: `Not enough free GPUs on the nodes that match ${sel}: the job asks for ${needed} (${i.replicas} × ${i.gpusPerReplica}), ${free} of ${capacity} are free. Some pods would stay Pending.`,
      });
    }
  }
  return warnings;
}
