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
  for (const k of model.helm.releases()) if (parseReleaseKey(k)?.product === product) keys.add(k);
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

/** Helm's word on a release when it is not a plain success: failed, pending-install, … (undefined: deployed). */
function helmTrouble(model: ClusterModel, key: ReleaseKey) {
  const s = model.helm.get(releaseKey(key));
  return s && s.status !== 'deployed' && s.status !== 'superseded' ? s : undefined;
}

/** Roles the release's newest manifest declares that have no workload or pod in the cluster. */
function missingRoles(model: ClusterModel, key: ReleaseKey): string[] {
  const expected = model.helm.get(releaseKey(key))?.expected ?? [];
  return expected.filter((r) => !model.groups.has(componentKey(key, r)));
}

export function componentIds(model: ClusterModel, release: ReleaseKey): string[] {
  const roles = release.product === 'hdfs' ? HDFS_ROLES : ALLUXIO_ROLES;
  const missing = new Set(missingRoles(model, release));
  const ids = roles
    .filter((role) => model.groups.has(componentKey(release, role)) || missing.has(role))
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

/** A component the release's manifest declares but the cluster does not have (a half-installed release). */
function missingComponentNode(model: ClusterModel, component: ComponentKey): TreeNodeData | undefined {
  const { product, namespace, release, role } = component;
  const status = model.helm.get(releaseKey({ product, namespace, release }));
  if (!status?.expected.includes(role)) return undefined;
  return {
    id: nodeId({ kind: 'component', component }),
    kind: 'component',
    label: role,
    description: `${/^pending-/.test(status.status) ? 'not there yet' : 'missing'} · Helm: ${status.status || 'unknown'}`,
    tooltip: [
      `**${product === 'hdfs' ? 'HDFS' : 'Alluxio'} ${role}** of release ${code(release)} in ${code(namespace)}`,
      '',
      `Revision ${status.revision} of the release declares this component, but no workload or pod of it is in the cluster.`,
      status.description ? `\nHelm: ${md(status.description)}` : '',
      '\nSee Release History, or install again.',
    ].join('\n'),
    state: /^pending-/.test(status.status) ? 'progress' : 'error',
    icon: STATE_ICONS[/^pending-/.test(status.status) ? 'progress' : 'error'],
    expandable: false,
    contextValue: 'missingComponent',
  };
}

export function componentNode(model: ClusterModel, component: ComponentKey): TreeNodeData | undefined {
  const group = groupKey({ type: 'component', ...component });
  if (!model.groups.has(group)) return missingComponentNode(model, component);
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
  const trouble = helmTrouble(model, key);
  if (!groups.length && !values && !trouble) return undefined;
  const roles = product === 'hdfs' ? HDFS_ROLES : ALLUXIO_ROLES;
  const summaries = roles
    .filter((r) => model.groups.has(componentKey(key, r)))
    .map((r) => [r, summarise(model, componentKey(key, r))] as const);
  const missing = missingRoles(model, key);
  const helmState: NodeState | undefined = trouble
    ? /^pending-|^uninstalling$/.test(trouble.status)
      ? 'progress'
      : 'error'
    : undefined;
  const state = worst([
    ...summaries.map(([, s]) => s.state),
    ...(helmState ? [helmState] : []),
    // While Helm is still installing, a component not there yet is progress; after that it is an error.
    ...(missing.length ? [helmState === 'progress' ? 'progress' : ('error' as NodeState)] : []),
    ...(summaries.length ? [] : (['idle'] as NodeState[])),
  ]);
  const main = summaries.find(([r]) => r === 'master' || r === 'namenode');
  const webUi = main ? webUiOf(main[1].pods) : undefined;
  const description =
    [
      ...(trouble ? [trouble.status] : []),
      ...summaries.map(([r, s]) => `${r} ${s.ready}/${s.desired}`),
      ...missing.map((r) => `${r} missing`),
    ].join(' · ') || 'no pods';
  return {
    id: nodeId({ kind: 'release', release: key }),
    kind: product === 'hdfs' ? 'hdfsRelease' : 'alluxioRelease',
    label: release,
    description: `${ns} · ${description}`,
    tooltip: [
      `**${product === 'hdfs' ? 'HDFS' : 'Alluxio'} release** ${code(release)} in namespace ${code(ns)}`,
      values ? `\nChart ${md(values.chartVersion)}, revision ${values.revision}` : '',
      trouble
        ? `\nHelm: revision ${trouble.revision} is **${md(trouble.status)}**${trouble.description ? `: ${md(trouble.description)}` : ''}`
        : '',
      '',
      ...summaries.map(([r, s]) => `- ${r}: ${s.ready}/${s.desired} ready`),
      ...missing.map((r) => `- ${r}: missing (the release declares it; it is not in the cluster)`),
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
    // The 2.2 chart writes the quotas into a ConfigMap from a pre-install hook that an upgrade does not re-run.
    const inCluster = model.helm.clusterQuotas(releaseKey(release));
    const quotaOf = (l: { level: number; quota: string }) => inCluster?.get(l.level) ?? l.quota;
    const stale = v.levels.filter((l) => inCluster?.has(l.level) && inCluster.get(l.level) !== l.quota);
    const levels = v.levels.map((l) => `${l.alias || '?'} ${quotaOf(l) || '?'}${l.path ? ` on ${l.path}` : ''}`);
    return {
      id,
      kind: 'info',
      label: 'Cache',
      description: levels.join(', ') || 'no tiered store levels',
      tooltip: [
        `**Alluxio tiered store** (from the release values${inCluster ? "; quotas as the chart's config hook wrote them" : ''})`,
        '',
        ...v.levels.map(
          (l) => `- level ${l.level}: ${md(l.alias)}, quota ${md(quotaOf(l))}, path ${code(l.path)}, ${md(l.type)}`,
        ),
        ...stale.map(
          (l) =>
            `\nLevel ${l.level}: the values say quota ${md(l.quota)}, but the cluster keeps ${md(inCluster!.get(l.level)!)}: the config ConfigMap is a pre-install hook, which an upgrade does not re-run (uninstall and install to change it).`,
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
