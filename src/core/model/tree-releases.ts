/** Tree nodes for HDFS and Alluxio releases, their components and the Alluxio cache / UFS facts. */
import type { ClusterModel } from './cluster-model';
import { hostMatchesService, uriHost } from './extract';
import { code, md } from './format';
import {
  groupKey,
  nodeId,
  parseReleaseKey,
  releaseKey,
  type ComponentKey,
  type InfoName,
  type Product,
  type ReleaseKey,
} from './node-id';
import { podState, STATE_ICONS, webUiPort } from './tree-pods';
import type { NodeState, PodRec, TreeNodeData, WorkloadRec } from './types';

export const HDFS_ROLES = ['namenode', 'journalnode', 'datanode', 'client'];
export const ALLUXIO_ROLES = ['master', 'worker', 'fuse'];

const ORDER: NodeState[] = ['error', 'warning', 'progress', 'ok', 'idle', 'info'];
export function worst(states: NodeState[]): NodeState {
  for (const s of ORDER) if (states.includes(s)) return s;
  return 'idle';
}

/** The release keys of a product, sorted (namespace, name). */
export function releaseIds(model: ClusterModel, product: Product): string[] {
  const keys = new Set<string>();
  for (const k of model.releases.keys()) if (parseReleaseKey(k)?.product === product) keys.add(k);
  if (product === 'alluxio') for (const k of model.alluxio.keys()) keys.add(k);
  return [...keys]
    .sort()
    .map((k) => parseReleaseKey(k))
    .filter((r): r is ReleaseKey => !!r)
    .map((release) => nodeId({ kind: 'release', release }));
}

function componentKey(release: ReleaseKey, role: string): string {
  return groupKey({ type: 'component', ...release, role });
}

function groupPods(model: ClusterModel, group: string): PodRec[] {
  const g = model.groups.get(group);
  if (!g) return [];
  return [...g.pods].map((k) => model.pods.get(k)).filter((p): p is PodRec => !!p);
}

interface ComponentSummary {
  ready: number;
  desired: number;
  state: NodeState;
  pods: PodRec[];
  workloads: WorkloadRec[];
}

export function summarise(model: ClusterModel, group: string): ComponentSummary {
  const pods = groupPods(model, group);
  const workloads = [...(model.groups.get(group)?.workloads.values() ?? [])];
  let ready: number;
  let desired: number;
  if (workloads.length) {
    ready = workloads.reduce((a, w) => a + w.ready, 0);
    desired = workloads.reduce((a, w) => a + w.desired, 0);
  } else {
    ready = pods.filter((p) => podState(p) === 'ok').length;
    desired = pods.length;
  }
  const podStates = pods.map(podState);
  let state: NodeState =
    desired === 0 ? 'idle' : ready >= desired ? 'ok' : podStates.includes('progress') ? 'progress' : 'warning';
  if (podStates.includes('error')) state = 'error';
  return { ready, desired, state, pods, workloads };
}

export function componentIds(model: ClusterModel, release: ReleaseKey): string[] {
  const roles = release.product === 'hdfs' ? HDFS_ROLES : ALLUXIO_ROLES;
  const ids = roles
    .filter((role) => model.groups.has(componentKey(release, role)))
    .map((role) => nodeId({ kind: 'component', component: { ...release, role } }));
  if (release.product === 'alluxio' && model.alluxio.has(releaseKey(release)))
    return [nodeId({ kind: 'info', release, what: 'cache' }), nodeId({ kind: 'info', release, what: 'ufs' }), ...ids];
  return ids;
}

function webUiOf(pods: PodRec[]): TreeNodeData['webUi'] {
  const p = pods.find((x) => podState(x) === 'ok' && webUiPort(x)) ?? pods.find((x) => x.node && webUiPort(x));
  const port = p && webUiPort(p);
  return p && port ? { namespace: p.namespace, pod: p.name, port } : undefined;
}

export function componentNode(model: ClusterModel, component: ComponentKey): TreeNodeData | undefined {
  const group = groupKey({ type: 'component', ...component });
  if (!model.groups.has(group)) return undefined;
  const { product, namespace: ns, release, role } = component;
  const s = summarise(model, group);
  const w = s.workloads[0];
  const webUi = role === 'master' || role === 'namenode' ? webUiOf(s.pods) : undefined;
  const nodes = [...new Set(s.pods.map((p) => p.node).filter(Boolean))];
  const tokens = ['component', 'copy'];
  if (w) tokens.push('describe', 'events');
  if (webUi) tokens.push('webui');
  const label = s.desired === 1 || role === 'fuse' || role === 'client' ? role : `${role}s`;
  const kindName = w ? { statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', deployments: 'Deployment' }[w.kind] : '';
  return {
    id: nodeId({ kind: 'component', component }),
    kind: 'component',
    label,
    description: `${s.ready}/${s.desired} ready${nodes.length === 1 ? ` · ${nodes[0]}` : nodes.length > 1 ? ` · ${nodes.length} nodes` : ''}`,
    tooltip: [
      `**${product === 'hdfs' ? 'HDFS' : 'Alluxio'} ${role}** of release ${code(release)} in ${code(ns)}`,
      '',
      `- Ready: ${s.ready}/${s.desired}`,
      w ? `- ${kindName}: ${code(w.name)}` : '- No workload visible (pods only)',
      `- Pods: ${s.pods.length}`,
      nodes.length ? `- Nodes: ${nodes.slice(0, 10).map(md).join(', ')}${nodes.length > 10 ? ', …' : ''}` : '',
      webUi ? `- Web UI: port ${webUi.port} of ${code(webUi.pod)} (Open Web UI)` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    state: s.state,
    icon: STATE_ICONS[s.state],
    expandable: s.pods.length > 0,
    contextValue: tokens.join(' '),
    ref: w ? { kind: w.kind, namespace: w.namespace, name: w.name } : undefined,
    webUi,
  };
}

export function releaseNode(model: ClusterModel, key: ReleaseKey): TreeNodeData | undefined {
  const { product, namespace: ns, release } = key;
  const groups = [...(model.releases.get(releaseKey(key)) ?? [])];
  const values = product === 'alluxio' ? model.alluxio.get(releaseKey(key)) : undefined;
  if (!groups.length && !values) return undefined;
  const roles = product === 'hdfs' ? HDFS_ROLES : ALLUXIO_ROLES;
  const summaries = roles
    .filter((r) => model.groups.has(componentKey(key, r)))
    .map((r) => [r, summarise(model, componentKey(key, r))] as const);
  const state = summaries.length ? worst(summaries.map(([, s]) => s.state)) : 'idle';
  const main = summaries.find(([r]) => r === 'master' || r === 'namenode');
  const webUi = main ? webUiOf(main[1].pods) : undefined;
  const description = summaries.map(([r, s]) => `${r} ${s.ready}/${s.desired}`).join(' · ') || 'no pods';
  return {
    id: nodeId({ kind: 'release', release: key }),
    kind: product === 'hdfs' ? 'hdfsRelease' : 'alluxioRelease',
    label: release,
    description: `${ns} · ${description}`,
    tooltip: [
      `**${product === 'hdfs' ? 'HDFS' : 'Alluxio'} release** ${code(release)} in namespace ${code(ns)}`,
      values ? `\nChart ${md(values.chartVersion)}, revision ${values.revision}` : '',
      '',
      ...summaries.map(([r, s]) => `- ${r}: ${s.ready}/${s.desired} ready`),
    ].join('\n'),
    state,
    icon: product === 'hdfs' ? 'files' : 'layers',
    expandable: true,
    contextValue: [
      'release',
      ...(product === 'hdfs' ? ['hdfsRelease'] : []),
      'copy',
      ...(webUi ? ['webui'] : []),
      ...(product === 'alluxio' ? ['warmUp'] : []),
    ].join(' '),
    webUi,
  };
}

/** The HDFS release whose namenode Service an Alluxio release's root UFS names. */
export function ufsLink(model: ClusterModel, rootUfs: string, fromNamespace: string): ReleaseKey | undefined {
  const host = uriHost(rootUfs);
  if (!host || !rootUfs.startsWith('hdfs://')) return undefined;
  for (const svc of model.services.values()) {
    if (hostMatchesService(host, svc, fromNamespace))
      return { product: 'hdfs', namespace: svc.namespace, release: svc.release };
  }
  return undefined;
}

export function infoNode(model: ClusterModel, release: ReleaseKey, what: InfoName): TreeNodeData | undefined {
  const v = model.alluxio.get(releaseKey(release));
  if (!v) return undefined;
  const id = nodeId({ kind: 'info', release, what });
  if (what === 'cache') {
    const levels = v.levels.map((l) => `${l.alias || '?'} ${l.quota || '?'}${l.path ? ` on ${l.path}` : ''}`);
    return {
      id,
      kind: 'info',
      label: 'Cache',
      description: levels.join(', ') || 'no tiered store levels',
      tooltip: [
        '**Alluxio tiered store** (from the release values)',
        '',
        ...v.levels.map(
          (l) => `- level ${l.level}: ${md(l.alias)}, quota ${md(l.quota)}, path ${code(l.path)}, ${md(l.type)}`,
        ),
      ].join('\n'),
      state: 'info',
      icon: 'database',
      expandable: false,
      contextValue: 'info',
    };
  }
  const link = v.rootUfs ? ufsLink(model, v.rootUfs, release.namespace) : undefined;
  return {
    id,
    kind: 'info',
    label: 'Root UFS',
    description: `${v.rootUfs || 'not set (Alluxio default)'}${link ? ` → HDFS ${link.release}` : ''}`,
    tooltip: `**Root under file system** (alluxio.master.mount.table.root.ufs)\n\n${v.rootUfs ? code(v.rootUfs) : '_not set_'}${link ? `\n\nServed by the HDFS release ${code(link.release)} in this cluster: click to reveal it.` : v.rootUfs.startsWith('hdfs://') ? '\n\nNo namenode Service of this cluster matches its host.' : ''}`,
    state: 'info',
    icon: link ? 'link' : 'cloud',
    expandable: false,
    contextValue: link ? 'info link' : 'info',
    linkTo: link && nodeId({ kind: 'release', release: link }),
  };
}
