/** Kubernetes objects → slim records, and the label rules that place them in the tree. */
import type { KubeObject } from './kinds';
import { count, time } from './format';
import { groupKey, jobGroupKey } from './node-id';
import type { ArenaRec, GroupKey, JobKind, JobRec, NodeRec, PodRec, ServiceRec, WorkloadRec } from './types';

export const GPU = 'nvidia.com/gpu';
export const DATASET_LABEL = 'dataset';
/** Longer scheduler messages are cut: a pod record stays small. */
const MAX_MESSAGE = 1000;

const HDFS_APPS: Record<string, string> = {
  'hdfs-namenode': 'namenode',
  'hdfs-journalnode': 'journalnode',
  'hdfs-datanode': 'datanode',
  'hdfs-client': 'client',
};
const ALLUXIO_ROLES: Record<string, string> = {
  'alluxio-master': 'master',
  'alluxio-worker': 'worker',
  'alluxio-fuse': 'fuse',
};
const JOB_KINDS: Record<string, 'tfjobs' | 'pytorchjobs'> = {
  TFJob: 'tfjobs',
  PyTorchJob: 'pytorchjobs',
  tfjob: 'tfjobs',
  pytorchjob: 'pytorchjobs',
};

/** The group of an HDFS or Alluxio object from its chart labels, or undefined. */
export function chartGroup(namespace: string, labels: Record<string, string> | undefined): GroupKey | undefined {
  if (!labels) return undefined;
  const release = labels.release;
  if (!release) return undefined;
  const hdfs = HDFS_APPS[labels.app];
  if (hdfs) return groupKey({ type: 'component', product: 'hdfs', namespace, release, role: hdfs });
  if (labels.app === 'alluxio') {
    const role = ALLUXIO_ROLES[labels.role];
    if (role) return groupKey({ type: 'component', product: 'alluxio', namespace, release, role });
  }
  return undefined;
}

export function jobKey(kind: JobKind, namespace: string, name: string): GroupKey {
  return jobGroupKey(kind, namespace, name);
}

/** The training job a pod belongs to: owner reference first, then the operators' and Arena's labels. */
export function trainingGroup(o: KubeObject): GroupKey | undefined {
  const ns = o.metadata.namespace ?? '';
  for (const ref of o.metadata.ownerReferences ?? []) {
    const kind = JOB_KINDS[ref.kind];
    if (kind) return jobKey(kind, ns, ref.name);
  }
  const l = o.metadata.labels;
  if (!l) return undefined;
  const op = l['training.kubeflow.org/operator-name'];
  const name = l['training.kubeflow.org/job-name'];
  if (name) return jobKey(op?.startsWith('pytorch') ? 'pytorchjobs' : 'tfjobs', ns, name);
  if (l['tf-job-name']) return jobKey('tfjobs', ns, l['tf-job-name']);
  if (l['pytorch-job-name']) return jobKey('pytorchjobs', ns, l['pytorch-job-name']);
  if (l.group_name === 'kubeflow.org' && l.job_name) return jobKey('tfjobs', ns, l.job_name);
  const byArena = JOB_KINDS[l.createdBy] ?? JOB_KINDS[l.app];
  if (byArena && l.release) return jobKey(byArena, ns, l.release);
  return undefined;
}

function replicaTypeOf(l: Record<string, string> | undefined): string {
  if (!l) return '';
  return (
    l['training.kubeflow.org/replica-type'] ??
    l['tf-replica-type'] ??
    l['pytorch-replica-type'] ??
    l['replica-type'] ??
    ''
  );
}

function podGpus(spec: any): number {
  let n = 0;
  for (const c of spec?.containers ?? []) {
    const r = c.resources ?? {};
    n += count(r.limits?.[GPU] ?? r.requests?.[GPU]);
  }
  return n;
}

export function podRec(o: KubeObject): PodRec {
  const ns = o.metadata.namespace ?? '';
  const statuses: any[] = o.status?.containerStatuses ?? [];
  let reason = '';
  let ready = 0;
  let restarts = 0;
  for (const s of statuses) {
    if (s.ready) ready++;
    restarts += s.restartCount ?? 0;
    const r = s.state?.waiting?.reason ?? s.state?.terminated?.reason;
    if (r && !reason && r !== 'Completed') reason = r;
  }
  if (!reason && o.status?.reason) reason = o.status.reason;
  const phase = o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? 'Pending');
  const unsched =
    phase === 'Pending'
      ? (o.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled' && c.status === 'False')
      : undefined;
  if (!reason && unsched) reason = unsched.reason ?? 'Unschedulable';
  const containers = o.spec?.containers?.length ?? statuses.length;
  return {
    key: `${ns}/${o.metadata.name}`,
    namespace: ns,
    name: o.metadata.name,
    phase,
    reason,
    readyContainers: ready,
    containers,
    restarts,
    node: o.spec?.nodeName ?? '',
    created: time(o.metadata.creationTimestamp),
    gpus: podGpus(o.spec),
    group: chartGroup(ns, o.metadata.labels) ?? trainingGroup(o),
    image: o.spec?.containers?.[0]?.image ?? '',
    replicaType: replicaTypeOf(o.metadata.labels),
    unschedulable: unsched ? String(unsched.message || unsched.reason || 'Unschedulable').slice(0, MAX_MESSAGE) : '',
  };
}

/** GPUs a pod holds on its node: only while it is scheduled and not finished. */
export function heldGpus(p: PodRec): number {
  return p.node && p.phase !== 'Succeeded' && p.phase !== 'Failed' ? p.gpus : 0;
}

export function workloadRec(kind: WorkloadRec['kind'], o: KubeObject): WorkloadRec | undefined {
  const ns = o.metadata.namespace ?? '';
  const group = chartGroup(ns, o.metadata.labels);
  if (!group) return undefined;
  const s = o.status ?? {};
  const desired = kind === 'daemonsets' ? (s.desiredNumberScheduled ?? 0) : (o.spec?.replicas ?? 1);
  const ready = kind === 'daemonsets' ? (s.numberReady ?? 0) : (s.readyReplicas ?? 0);
  return { key: `${kind}:${ns}/${o.metadata.name}`, kind, namespace: ns, name: o.metadata.name, group, desired, ready };
}

export function nodeRec(o: KubeObject): NodeRec {
  const labels = o.metadata.labels ?? {};
  const ready = (o.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
  return {
    name: o.metadata.name,
    ready,
    unschedulable: o.spec?.unschedulable === true,
    dataset: labels[DATASET_LABEL] ?? '',
    labels,
    gpuCapacity: count(o.status?.allocatable?.[GPU] ?? o.status?.capacity?.[GPU]),
    created: time(o.metadata.creationTimestamp),
  };
}

const JOB_STATES = ['Created', 'Running', 'Restarting', 'Succeeded', 'Failed'];

export function jobRec(kind: 'tfjobs' | 'pytorchjobs', o: KubeObject): JobRec {
  const ns = o.metadata.namespace ?? '';
  const conds: any[] = (o.status?.conditions ?? []).filter(
    (c: any) => c.status === 'True' && JOB_STATES.includes(c.type),
  );
  // The latest true condition wins; Succeeded/Failed are terminal whatever their order.
  const terminal = conds.find((c) => c.type === 'Failed') ?? conds.find((c) => c.type === 'Succeeded');
  const latest =
    terminal ??
    conds.reduce<any>((a, c) => (!a || time(c.lastTransitionTime) >= time(a.lastTransitionTime) ? c : a), undefined);
  const specs = (kind === 'tfjobs' ? o.spec?.tfReplicaSpecs : o.spec?.pytorchReplicaSpecs) ?? {};
  const statuses = o.status?.replicaStatuses ?? {};
  const replicas = Object.entries<any>(specs).map(([type, s]) => ({
    type,
    desired: s?.replicas ?? 1,
    active: statuses[type]?.active ?? 0,
    succeeded: statuses[type]?.succeeded ?? 0,
    failed: statuses[type]?.failed ?? 0,
  }));
  return {
    key: jobKey(kind, ns, o.metadata.name),
    kind,
    namespace: ns,
    name: o.metadata.name,
    status: latest?.type ?? 'Pending',
    statusMessage: latest?.message ?? '',
    replicas,
    created: time(o.metadata.creationTimestamp),
    arena: !!o.metadata.labels?.createdBy && !!o.metadata.labels?.release,
  };
}

/** Arena's ConfigMap NAME-TYPE (labelled createdBy=arena) → the job it stands for. */
export function arenaRec(o: KubeObject): ArenaRec | undefined {
  const l = o.metadata.labels ?? {};
  if (l.createdBy !== 'arena') return undefined;
  const ns = o.metadata.namespace ?? '';
  const type = o.data?.app ?? l.app ?? '';
  const cm = o.metadata.name;
  const name = l.release ?? (type && cm.endsWith(`-${type}`) ? cm.slice(0, -type.length - 1) : cm);
  const chartKey = Object.keys(o.data ?? {}).find((k) => k !== 'values' && k !== 'app');
  const kind = JOB_KINDS[type] ?? 'arena';
  return {
    key: jobKey(kind, ns, name),
    namespace: ns,
    name,
    configMap: cm,
    type,
    chart: chartKey ? `${chartKey}-${o.data?.[chartKey]}` : '',
    created: time(o.metadata.creationTimestamp),
  };
}

export function serviceRec(o: KubeObject): ServiceRec | undefined {
  const l = o.metadata.labels ?? {};
  if (l.app !== 'hdfs-namenode' || !l.release) return undefined;
  const ns = o.metadata.namespace ?? '';
  return { key: `${ns}/${o.metadata.name}`, namespace: ns, name: o.metadata.name, release: l.release };
}

/**
 * Whether an hdfs:// URI's host names a namenode Service: SVC (same namespace), SVC.NS,
 * SVC.NS.svc[.cluster.local] or POD.SVC.NS.svc[...].
 */
export function hostMatchesService(host: string, svc: ServiceRec, fromNamespace: string): boolean {
  const parts = host.toLowerCase().split('.');
  if (parts.length === 1) return parts[0] === svc.name && svc.namespace === fromNamespace;
  if (parts[0] === svc.name && parts[1] === svc.namespace) return true;
  return parts.length >= 3 && parts[1] === svc.name && parts[2] === svc.namespace;
}

export function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(uri.trim());
  return m?.[1];
}
