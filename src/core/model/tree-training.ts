/** Tree nodes for training jobs: TFJobs, PyTorchJobs and Arena-submitted jobs. */
import type { ClusterModel } from './cluster-model';
import { age, code, md, naturalCompare, plural, utc } from './format';
import { groupKey, isJobGroup, nodeId, parseGroupKey, type JobKey } from './node-id';
import { podState, schedulingReason } from './tree-pods';
import type { ArenaRec, JobKind, NodeState, PodRec, TreeNodeData } from './types';

const KIND_LABEL: Record<string, string> = { tfjobs: 'TFJob', pytorchjobs: 'PyTorchJob', arena: 'Arena job' };
const JOB_STATE: Record<string, NodeState> = {
  Succeeded: 'ok',
  Running: 'progress',
  Failed: 'error',
  Restarting: 'warning',
  Created: 'progress',
  Pending: 'progress',
};
const JOB_ICON: Record<string, string> = {
  Succeeded: 'pass',
  Running: 'sync',
  Failed: 'error',
  Restarting: 'debug-restart',
  Created: 'clock',
  Pending: 'clock',
};

/** Job keys shown under Training: the CRs, Arena's ConfigMaps and pods of jobs whose CR is not visible. */
export function jobIds(model: ClusterModel): string[] {
  const keys = new Set<string>(model.jobs.keys());
  for (const k of model.arena.keys()) keys.add(k);
  for (const k of model.groups.keys()) if (isJobGroup(k)) keys.add(k);
  const jobs: JobKey[] = [];
  for (const k of keys) {
    const g = parseGroupKey(k);
    if (g?.type === 'job') jobs.push({ jobKind: g.jobKind, namespace: g.namespace, name: g.name });
  }
  // Sorted by namespace, then name (then kind, for a stable order).
  return jobs
    .sort((a, b) => naturalCompare(`${a.namespace}|${a.name}`, `${b.namespace}|${b.name}`))
    .map((job) => nodeId({ kind: 'job', job }));
}

/** Status of a job without a visible CR, from its pods (there is at least one). */
function statusFromPods(pods: PodRec[]): string {
  if (pods.some((p) => p.phase === 'Failed')) return 'Failed';
  if (pods.every((p) => p.phase === 'Succeeded')) return 'Succeeded';
  if (pods.some((p) => p.phase === 'Running')) return 'Running';
  return 'Pending';
}

/** When a job was created: its object, else Arena's ConfigMap, else its oldest pod (0 when unknown). */
export function jobCreated(model: ClusterModel, key: string): number {
  const own = model.jobs.get(key)?.created || model.arena.get(key)?.created;
  if (own) return own;
  let oldest = 0;
  for (const k of model.groups.get(key)?.pods ?? []) {
    const t = model.pods.get(k)?.created ?? 0;
    if (t && (!oldest || t < oldest)) oldest = t;
  }
  return oldest;
}

/** Why a job's own object is not in the model, from what the model knows of its kind. */
function missingObject(model: ClusterModel, kind: JobKind, arena: ArenaRec | undefined): string {
  if (kind === 'arena') return `no ${arena?.type || 'job'} object is visible: the explorer does not watch its kind`;
  const label = KIND_LABEL[kind];
  const f = model.failures.get(kind);
  const why =
    f?.kind === 'crdMissing'
      ? `the ${label} CRD is not installed`
      : f?.kind === 'forbidden'
        ? `${label}s cannot be listed`
        : !model.loaded.has(kind)
          ? `${label}s are still loading`
          : 'it was deleted, or never created';
  return `no ${label} object is visible: ${why}`;
}

export function jobNode(model: ClusterModel, at: JobKey, now: number): TreeNodeData | undefined {
  const { jobKind: kind, namespace: ns, name } = at;
  const key = groupKey({ type: 'job', ...at });
  const job = model.jobs.get(key);
  const arena = model.arena.get(key);
  const group = model.groups.get(key);
  if (!job && !arena && !group) return undefined;
  const pods = [...(group?.pods ?? [])].map((k) => model.pods.get(k)).filter((p): p is PodRec => !!p);
  // Without its object and pods nothing tells how the job runs: say so rather than guess "Created".
  const status = job?.status ?? (pods.length ? statusFromPods(pods) : undefined);
  let state = status ? (JOB_STATE[status] ?? 'progress') : 'idle';
  if (state === 'progress' && pods.some((p) => podState(p) === 'error')) state = 'warning';
  const gpus = pods.reduce((a, p) => a + p.gpus, 0);
  const waiting = pods.filter((p) => p.unschedulable);
  const nodes = [...new Set(pods.map((p) => p.node).filter(Boolean))];
  const replicas = job?.replicas.map((r) => `${r.type} ${r.active + r.succeeded}/${r.desired}`) ?? [];
  const progress = model.progress.get(key);
  const created = jobCreated(model, key);
  const parts = [status ?? 'status unknown', ...replicas];
  if (!job && pods.length) parts.push(plural(pods.length, 'pod'));
  if (gpus) parts.push(`${gpus} GPU`);
  if (progress) parts.push(progress);
  parts.push(age(created, now));
  const isArena = !!arena || !!job?.arena;
  const typeLabel = job ? KIND_LABEL[job.kind] : arena ? `Arena ${arena.type || 'job'}` : KIND_LABEL[kind];
  const ref = job
    ? { kind: job.kind, namespace: ns, name }
    : arena
      ? { kind: 'configmaps' as const, namespace: ns, name: arena.configMap }
      : undefined;
  const tokens = ['job', 'copy', 'logs'];
  if (ref) tokens.push('describe', 'events', 'delete');
  const logKind = job
    ? job.kind === 'tfjobs'
      ? 'tfjob'
      : 'pytorchjob'
    : arena
      ? 'arenajob'
      : kind === 'pytorchjobs'
        ? 'pytorchjob'
        : 'tfjob';
  return {
    id: nodeId({ kind: 'job', job: at }),
    kind: 'job',
    label: name,
    description: parts.filter(Boolean).join(' · '),
    tooltip: [
      `**${typeLabel}** ${code(`${ns}/${name}`)}${isArena ? ' (submitted with Arena)' : ''}`,
      '',
      job
        ? `- Status: ${md(job.status)}${job.statusMessage ? ` — ${md(job.statusMessage)}` : ''}`
        : status
          ? `- Status: ${md(status)} (from its pods; ${md(missingObject(model, kind, arena))})`
          : `- Status: unknown: ${md(missingObject(model, kind, arena).replace(': ', ' ('))})`,
      ...(job?.replicas.map(
        (r) =>
          `- ${md(r.type)}: ${r.desired} desired, ${r.active} active, ${r.succeeded} succeeded, ${r.failed} failed`,
      ) ?? []),
      `- Pods: ${pods.length}${gpus ? `, ${gpus} GPUs requested` : ''}`,
      waiting.length
        ? `- ${plural(waiting.length, 'pod')} unschedulable: ${md(schedulingReason(waiting[0].unschedulable))}`
        : '',
      nodes.length ? `- Nodes: ${nodes.slice(0, 10).map(md).join(', ')}${nodes.length > 10 ? ', …' : ''}` : '',
      arena ? `- Arena ConfigMap ${code(arena.configMap)}${arena.chart ? `, chart ${md(arena.chart)}` : ''}` : '',
      progress ? `- Progress: ${md(progress)}` : '',
      created ? `- Age: ${age(created, now)} (created ${utc(created)})` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    state,
    icon: status ? (JOB_ICON[status] ?? 'circle-outline') : 'question',
    expandable: pods.length > 0,
    contextValue: tokens.join(' '),
    ref,
    logs: { namespace: ns, kind: logKind, name },
    since: created || undefined,
  };
}
