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
const INDEX_LABELS = ['training.kubeflow.org/replica-index', 'tf-replica-index', 'pytorch-replica-index', 'replica-index'];

/** `worker-1`, `master-0`, `ps-0` from the replica labels; else the pod name without the job's name. */
export function replicaName(podName: string, labels: Record<string, string> | undefined, jobName: string): string {
  const l = labels ?? {};
  const type = TYPE_LABELS.map((k) => l[k]).find((v) => v);
  if (type) {
    const index = INDEX_LABELS.map((k) => l[k]).find((v) => v !== undefined && v !== '') ?? '0';
    return `${type.toLowerCase()}-${index}`;
  }
  if (jobName && podName.startsWith(`${jobName}-`) && podName.length > jobName.length + 1) return podName.slice(jobName.length + 1);
  return podName;
}

/**
 * The prefix of a line: `[worker-1] `, `[worker-1/sidecar] ` when the pod has several containers
 * being followed, nothing when one container of one pod is followed.
 */
export function linePrefix(replica: string, container: string, opts: { multiPod: boolean; multiContainer: boolean }): string {
  if (!opts.multiPod && !opts.multiContainer) return '';
  if (!opts.multiContainer) return `[${replica}] `;
  return opts.multiPod ? `[${replica}/${container}] ` : `[${container}] `;
}
