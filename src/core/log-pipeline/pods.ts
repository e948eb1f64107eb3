/**
 * Which pods belong to a training job, and how their lines are labelled. Labels from the
 * training-operator (training.kubeflow.org/*), the older tf-operator and pytorch-operator, and Arena
 * (release=NAME). No vscode import.
 */

export type JobKind = 'TFJob' | 'PyTorchJob' | 'Pod' | string;

export interface JobRef {
  namespace: string;
  kind: JobKind;
  name: string;
}

/**
 * The label selectors whose union is the job's pods (a selector cannot OR different keys).
 * For a Pod: a field selector on its name, so a pod deleted and recreated is seen again.
 */
export function jobPodSelectors(job: JobRef): { labelSelector?: string; fieldSelector?: string }[] {
  if (job.kind === 'Pod') return [{ fieldSelector: `metadata.name=${job.name}` }];
  const sel: { labelSelector: string }[] = [{ labelSelector: `training.kubeflow.org/job-name=${job.name}` }];
  if (job.kind === 'TFJob') sel.push({ labelSelector: `tf-job-name=${job.name}` });
  else if (job.kind === 'PyTorchJob') sel.push({ labelSelector: `pytorch-job-name=${job.name}` });
  // Arena labels the job's pods release=NAME (and app=tfjob|pytorchjob|...): it is not a Helm release.
  sel.push({ labelSelector: `release=${job.name},createdBy` });
  return sel;
}

/** Human form of the selectors, for "waiting for pods" messages. */
export function describeSelectors(job: JobRef): string {
  return jobPodSelectors(job)
    .map((s) => s.labelSelector ?? s.fieldSelector)
    .join(' or ');
}

const TYPE_LABELS = ['training.kubeflow.org/replica-type', 'tf-replica-type', 'pytorch-replica-type', 'replica-type'];
const INDEX_LABELS = [
  'training.kubeflow.org/replica-index',
  'tf-replica-index',
  'pytorch-replica-index',
  'replica-index',
];

/** `worker-1`, `master-0`, `ps-0` from the replica labels; else the pod name without the job's name. */
export function replicaName(podName: string, labels: Record<string, string> | undefined, jobName: string): string {
  const l = labels ?? {};
  const type = TYPE_LABELS.map((k) => l[k]).find((v) => v);
  if (type) {
    const index = INDEX_LABELS.map((k) => l[k]).find((v) => v !== undefined && v !== '') ?? '0';
    return `${type.toLowerCase()}-${index}`;
  }
  if (jobName && podName.startsWith(`${jobName}-`) && podName.length > jobName.length + 1)
    return podName.slice(jobName.length + 1);
  return podName;
}

/**
 * The prefix of a line: `[worker-1] `, `[worker-1/sidecar] ` when the pod has several containers
 * being followed, nothing when one container of one pod is followed.
 */
export function linePrefix(
  replica: string,
  container: string,
  opts: { multiPod: boolean; multiContainer: boolean },
): string {
  if (!opts.multiPod && !opts.multiContainer) return '';
  if (!opts.multiContainer) return `[${replica}] `;
  return opts.multiPod ? `[${replica}/${container}] ` : `[${container}] `;
}

/** Whether labels satisfy a selector of `k=v`, `k!=v`, `k` and `!k` terms joined by commas. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: string): boolean {
  const l = labels ?? {};
  return selector
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .every((term) => {
      const ne = term.indexOf('!=');
      if (ne > 0) return l[term.slice(0, ne).trim()] !== term.slice(ne + 2).trim();
      const eq = term.indexOf('=');
      if (eq > 0)
        return (
          l[term.slice(0, eq).replace(/=$/, '').trim()] ===
          term
            .slice(eq + 1)
            .replace(/^=/, '')
            .trim()
        );
      if (term.startsWith('!')) return !(term.slice(1) in l);
      return term in l;
    });
}

/** Whether a pod belongs to the job (the union of its selectors). */
export function podBelongsTo(
  job: JobRef,
  pod: { name: string; namespace?: string; labels?: Record<string, string> },
): boolean {
  if (pod.namespace && pod.namespace !== job.namespace) return false;
  return jobPodSelectors(job).some((s) =>
    s.fieldSelector
      ? s.fieldSelector === `metadata.name=${pod.name}`
      : matchesSelector(pod.labels, s.labelSelector ?? ''),
  );
}

export type ContainerPhase = 'waiting' | 'running' | 'terminated' | 'unknown';

export interface ContainerView {
  name: string;
  phase: ContainerPhase;
  restartCount: number;
  /** identifies one run of the container: containerID, else the restart count */
  instance: string;
  reason?: string;
}

export interface PodView {
  uid: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  phase: string;
  deleting: boolean;
  containers: ContainerView[];
}

/** The parts of a Pod object the follower needs. */
export function podView(o: { metadata: any; spec?: any; status?: any }): PodView {
  const statuses: any[] = o.status?.containerStatuses ?? [];
  const names: string[] = (o.spec?.containers ?? []).map((c: any) => String(c.name));
  return {
    uid: o.metadata.uid ?? `${o.metadata.namespace}/${o.metadata.name}`,
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    labels: o.metadata.labels ?? {},
    phase: o.status?.phase ?? 'Pending',
    deleting: !!o.metadata.deletionTimestamp,
    containers: names.map((name) => {
      const s = statuses.find((x) => x.name === name);
      const state = s?.state ?? {};
      const phase: ContainerPhase = state.running
        ? 'running'
        : state.terminated
          ? 'terminated'
          : state.waiting
            ? 'waiting'
            : 'unknown';
      const restartCount = Number(s?.restartCount ?? 0);
      return {
        name,
        phase,
        restartCount,
        instance: s?.containerID || `restart-${restartCount}`,
        reason: state.waiting?.reason ?? state.terminated?.reason,
      };
    }),
  };
}

/** Replicas a TFJob / PyTorchJob declares (sum over its replica specs); undefined for other objects. */
export function declaredReplicas(obj: { spec?: any } | undefined): number | undefined {
  const specs = obj?.spec?.tfReplicaSpecs ?? obj?.spec?.pytorchReplicaSpecs;
  if (!specs || typeof specs !== 'object') return undefined;
  return Object.values(specs).reduce<number>((n, s: any) => n + (Number.isInteger(s?.replicas) ? s.replicas : 1), 0);
}

const KIND_OF: Record<string, string> = {
  arenajob: 'ArenaJob',
  tfjob: 'TFJob',
  tfjobs: 'TFJob',
  pytorchjob: 'PyTorchJob',
  pytorchjobs: 'PyTorchJob',
  pod: 'Pod',
  pods: 'Pod',
};

/**
 * A job from a command argument: `{namespace, kind, name}`, a Kubernetes object, or an explorer node
 * carrying one of those under `logs`, `job`, `node`, `ref`, `resource` or `object`.
 */
export function jobRefFrom(arg: unknown): (JobRef & { replicas?: number }) | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as any;
  if (typeof a.name === 'string' && typeof a.kind === 'string') {
    const kind = KIND_OF[a.kind.toLowerCase()] ?? a.kind;
    return {
      namespace: typeof a.namespace === 'string' && a.namespace ? a.namespace : 'default',
      kind,
      name: a.name,
      replicas: typeof a.replicas === 'number' ? a.replicas : undefined,
    };
  }
  if (a.metadata && typeof a.metadata.name === 'string') {
    const kind = KIND_OF[String(a.kind ?? '').toLowerCase()] ?? a.kind;
    if (!kind) return undefined;
    return { namespace: a.metadata.namespace || 'default', kind, name: a.metadata.name, replicas: declaredReplicas(a) };
  }
  for (const k of ['logs', 'job', 'node', 'ref', 'resource', 'object']) {
    if (a[k] && a[k] !== arg) {
      const r = jobRefFrom(a[k]);
      if (r) return r;
    }
  }
  return undefined;
}
