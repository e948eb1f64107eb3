/** Tree nodes for pods and cluster nodes. */
import type { ClusterModel } from './cluster-model';
import { nodeId, parseGroupKey, podNodeId, type PodId, type PodParentId } from './node-id';
import { age, code, md, naturalCompare, plural, utc } from './format';
import type { NodeState, PodRec, TreeNodeData } from './types';

const BAD_REASONS = /BackOff|Err|Error|OOMKilled|Invalid|Failed|Evicted/;

export function podState(p: PodRec): NodeState {
  if (p.phase === 'Failed' || BAD_REASONS.test(p.reason)) return 'error';
  if (p.phase === 'Terminating') return 'warning';
  if (p.phase === 'Succeeded') return 'idle';
  if (p.phase === 'Running' && p.readyContainers === p.containers) return 'ok';
  return 'progress';
}

/** The codicon of each node state (pods, components, releases). */
export const STATE_ICONS: Record<NodeState, string> = {
  ok: 'pass',
  progress: 'loading',
  warning: 'warning',
  error: 'error',
  idle: 'circle-outline',
  info: 'info',
};

/** Web UI port of a pod, from its group: Alluxio master 19999, namenode 50070 (Hadoop 2) or 9870. */
export function webUiPort(p: PodRec): number | undefined {
  const g = p.group ? parseGroupKey(p.group) : undefined;
  if (g?.type !== 'component') return undefined;
  if (g.product === 'alluxio' && g.role === 'master') return 19999;
  if (g.product === 'hdfs' && g.role === 'namenode') {
    const tag = /:([^/:]+)$/.exec(p.image)?.[1] ?? '';
    return /^v?3/.test(tag) ? 9870 : 50070;
  }
  return undefined;
}

/**
 * The scheduler's reason in a few words: its first sentence without the "0/4 nodes are available:"
 * preamble (e.g. "1 Insufficient nvidia.com/gpu, 3 node(s) didn't match Pod's node affinity/selector").
 */
export function schedulingReason(message: string): string {
  const first = message.split(/\.\s+(?=preemption:|[A-Z])/)[0].replace(/\.$/, '');
  const reasons = first.replace(/^\d+\/\d+ nodes are available:\s*/, '');
  return reasons.length > 120 ? `${reasons.slice(0, 119)}…` : reasons;
}

export function podNode(at: PodId, p: PodRec, now: number): TreeNodeData {
  const state = podState(p);
  const status = p.reason || p.phase;
  const parts = [status, `${p.readyContainers}/${p.containers}`];
  const underNode = at.parent.kind === 'clusterNode';
  if (!underNode && p.node) parts.push(p.node);
  if (p.gpus) parts.push(`${p.gpus} GPU`);
  if (p.restarts) parts.push(plural(p.restarts, 'restart'));
  if (p.unschedulable) parts.push(schedulingReason(p.unschedulable));
  parts.push(age(p.created, now));
  // A pod never scheduled has no web UI to open.
  const port = p.node ? webUiPort(p) : undefined;
  const tokens = ['pod', 'describe', 'events', 'logs', 'delete', 'copy'];
  if (port) tokens.push('webui');
  const tooltip = [
    `**Pod** ${code(`${p.namespace}/${p.name}`)}`,
    '',
    `- Status: ${md(status)}${p.reason && p.reason !== p.phase ? ` (phase ${p.phase})` : ''}`,
    `- Ready: ${p.readyContainers}/${p.containers} containers`,
    `- Node: ${p.node ? md(p.node) : '_not scheduled_'}`,
    p.unschedulable ? `- Scheduler: ${md(p.unschedulable)}` : '',
    `- Restarts: ${p.restarts}`,
    p.gpus ? `- GPUs requested: ${p.gpus}` : '',
    p.replicaType ? `- Replica: ${md(p.replicaType)}` : '',
    `- Age: ${age(p.created, now)} (created ${utc(p.created)})`,
  ]
    .filter((l) => l !== '')
    .join('\n');
  return {
    id: nodeId(at),
    kind: 'pod',
    label: p.name,
    description: parts.filter(Boolean).join(' · '),
    tooltip,
    state,
    icon: STATE_ICONS[state],
    expandable: false,
    contextValue: tokens.join(' '),
    ref: { kind: 'pods', namespace: p.namespace, name: p.name },
    since: p.created || undefined,
    webUi: port ? { namespace: p.namespace, pod: p.name, port } : undefined,
    logs: { namespace: p.namespace, kind: 'pod', name: p.name },
  };
}

/** Pod ids under a parent node, sorted by name. */
export function podChildren(model: ClusterModel, parent: PodParentId, keys: Iterable<string> | undefined): string[] {
  if (!keys) return [];
  const parentId = nodeId(parent);
  return [...keys]
    .sort()
    .map((k) => model.pods.get(k))
    .filter((p): p is PodRec => !!p)
    .map((p) => podNodeId(parentId, p.namespace, p.name));
}

function roleOf(p: PodRec): string {
  const g = p.group ? parseGroupKey(p.group) : undefined;
  if (!g) return '';
  if (g.type === 'job') return 'training';
  return `${g.product === 'hdfs' ? 'HDFS' : 'Alluxio'} ${g.role}`;
}

export function clusterNodeNode(model: ClusterModel, name: string, now: number): TreeNodeData | undefined {
  const n = model.nodes.get(name);
  if (!n) return undefined;
  const pods = [...(model.nodePods.get(name) ?? [])].map((k) => model.pods.get(k)).filter((p): p is PodRec => !!p);
  const roles = new Map<string, number>();
  for (const p of pods) roles.set(roleOf(p), (roles.get(roleOf(p)) ?? 0) + 1);
  const held = model.gpuHeld.get(name) ?? 0;
  const parts: string[] = [];
  if (n.dataset) parts.push(`dataset=${n.dataset}`);
  if (n.gpuCapacity || held) parts.push(`GPU ${held}/${n.gpuCapacity}`);
  for (const [role, c] of [...roles].sort()) parts.push(c > 1 ? `${c}× ${role}` : role);
  if (!n.ready) parts.unshift('NotReady');
  else if (n.unschedulable) parts.unshift('cordoned');
  const state: NodeState = !n.ready ? 'error' : n.unschedulable ? 'warning' : 'ok';
  const interesting = Object.entries(n.labels).filter(
    ([k]) => k === 'dataset' || k.startsWith('hdfs-') || k.includes('gpu') || k.includes('alluxio'),
  );
  const tooltip = [
    `**Node** ${code(n.name)}`,
    '',
    `- Ready: ${n.ready ? 'yes' : '**no**'}${n.unschedulable ? ' (cordoned)' : ''}`,
    `- Dataset label: ${n.dataset ? code(n.dataset) : '_none_'}`,
    `- GPUs: ${held} allocated of ${n.gpuCapacity} (pods visible in the current namespace scope)`,
    ...interesting.map(([k, v]) => `- ${code(`${k}=${v}`)}`),
    `- Explorer pods here: ${pods.length ? [...roles].map(([r, c]) => `${c} ${md(r)}`).join(', ') : 'none'}`,
    `- Age: ${age(n.created, now)} (created ${utc(n.created)})`,
  ].join('\n');
  return {
    id: nodeId({ kind: 'clusterNode', name }),
    kind: 'clusterNode',
    label: name,
    description: parts.join(' · '),
    tooltip,
    state,
    icon: n.dataset ? 'database' : 'server',
    expandable: pods.length > 0,
    contextValue: 'clusterNode describe events copy',
    ref: { kind: 'nodes', name },
  };
}

export function clusterNodeIds(model: ClusterModel): string[] {
  return [...model.nodes.values()]
    .sort((a, b) => (a.dataset ? 0 : 1) - (b.dataset ? 0 : 1) || naturalCompare(a.name, b.name))
    .map((n) => nodeId({ kind: 'clusterNode', name: n.name }));
}
