/**
 * Tree nodes for Fluid: the section's rows (Datasets, then AlluxioRuntimes, then DataLoads) and each
 * row's data, from the status Fluid's controllers write (what `kubectl get dataset -o wide` shows).
 */
import type { ClusterModel } from './cluster-model';
import type { CacheStates, ComponentStatus, DataLoadRec, DatasetRec, RuntimeRec } from './fluid-model';
import { FLUID_KINDS } from './fluid-model';
import { code, md, naturalCompare, plural } from './format';
import { fluidNodeId, type FluidId } from './node-id';
import type { NodeState, TreeNodeData } from './types';

const DATASET_STATE: Record<string, NodeState> = { Bound: 'ok', Failed: 'error', NotBound: 'progress' };
const RUNTIME_STATE: Record<string, NodeState> = { Ready: 'ok', PartialReady: 'warning', NotReady: 'progress' };
const LOAD_STATE: Record<string, NodeState> = {
  Complete: 'ok',
  Failed: 'error',
  Executing: 'progress',
  Pending: 'progress',
};
const LOAD_ICON: Record<string, string> = { Complete: 'pass', Failed: 'error', Executing: 'sync', Pending: 'clock' };

const CACHE_LABELS: [keyof CacheStates, string][] = [
  ['cached', 'Cached'],
  ['cacheCapacity', 'Cache capacity'],
  ['cachedPercentage', 'Cached percentage'],
  ['cacheHitRatio', 'Cache hit ratio'],
  ['localHitRatio', 'Local hit ratio'],
  ['remoteHitRatio', 'Remote hit ratio'],
  ['cacheThroughputRatio', 'Cache throughput ratio'],
  ['localThroughputRatio', 'Local throughput ratio'],
  ['remoteThroughputRatio', 'Remote throughput ratio'],
];

/** Whether the section is shown: a Fluid kind was listed and its CRD is there. Missing CRDs stay quiet. */
export function fluidServed(model: ClusterModel): boolean {
  return FLUID_KINDS.some((k) => model.loaded.has(k) && model.failures.get(k)?.kind !== 'crdMissing');
}

const byName = <T extends { namespace: string; name: string }>(recs: Iterable<T>): T[] =>
  [...recs].sort((a, b) => naturalCompare(`${a.namespace}|${a.name}`, `${b.namespace}|${b.name}`));

export function fluidIds(model: ClusterModel): string[] {
  const f = model.fluid;
  return [
    ...byName(f.datasets.values()).map((d) => fluidNodeId('dataset', d.namespace, d.name)),
    ...byName(f.runtimes.values()).map((r) => fluidNodeId('runtime', r.namespace, r.name)),
    ...byName(f.dataloads.values()).map((l) => fluidNodeId('dataload', l.namespace, l.name)),
  ];
}

export function fluidSectionDescription(model: ClusterModel): string {
  const f = model.fluid;
  const parts = [plural(f.datasets.size, 'dataset')];
  if (f.runtimes.size) parts.push(plural(f.runtimes.size, 'runtime'));
  const running = [...f.dataloads.values()].filter((l) => l.phase === 'Executing' || l.phase === 'Pending').length;
  if (running) parts.push(`${running} loading`);
  return parts.join(' · ');
}

export function fluidNode(model: ClusterModel, n: FluidId): TreeNodeData | undefined {
  const key = `${n.namespace}/${n.name}`;
  if (n.what === 'dataset') {
    const d = model.fluid.datasets.get(key);
    return d && datasetNode(model, d);
  }
  if (n.what === 'runtime') {
    const r = model.fluid.runtimes.get(key);
    return r && runtimeNode(r);
  }
  const l = model.fluid.dataloads.get(key);
  return l && dataLoadNode(l);
}

function cacheSummary(c: CacheStates): string {
  if (!c.cachedPercentage && !c.cached) return '';
  const of = c.cached ? ` (${c.cached}${c.cacheCapacity ? ` of ${c.cacheCapacity}` : ''})` : '';
  return `${c.cachedPercentage || '?'} cached${of}`;
}

function cacheRows(c: CacheStates): string[] {
  return CACHE_LABELS.filter(([k]) => c[k]).map(([k, label]) => `| ${label} | ${code(c[k]!)} |`);
}

function componentText(c: ComponentStatus): string {
  return `${c.ready}/${c.desired}${c.phase ? ` ${c.phase}` : ''}`;
}

function datasetNode(model: ClusterModel, d: DatasetRec): TreeNodeData {
  const bound = d.runtimes[0];
  const runtime = model.fluid.runtimes.get(`${bound?.namespace || d.namespace}/${bound?.name || d.name}`);
  const loads = byName(model.fluid.dataloads.values()).filter(
    (l) => l.dataset.name === d.name && l.dataset.namespace === d.namespace,
  );
  const cache = cacheSummary(d.cache);
  const ufs = d.ufsTotal ? `UFS ${d.ufsTotal}${d.fileNum ? `, ${d.fileNum} files` : ''}` : '';
  const description = [d.phase || 'no status yet', cache, d.cache.cacheHitRatio && `hit ${d.cache.cacheHitRatio}`, ufs]
    .filter(Boolean)
    .join(' · ');
  const tooltip = [
    `**Dataset ${md(d.namespace)}/${md(d.name)}**: ${md(d.phase || 'no status yet (is Fluid running?)')}`,
    '',
    '| | |',
    '| --- | --- |',
    ...cacheRows(d.cache),
    ...(d.ufsTotal ? [`| UFS total | ${code(d.ufsTotal)} |`] : []),
    ...(d.fileNum ? [`| Files | ${code(d.fileNum)} |`] : []),
    ...d.mounts.map((m) => `| Mount | ${code(m)} |`),
    `| Runtime | ${bound ? `${code(bound.name)} (${md(bound.type || 'unknown type')})` : 'not bound'} |`,
    ...(runtime
      ? [
          `| Runtime state | master ${componentText(runtime.master)}, worker ${componentText(runtime.worker)}, fuse ${componentText(runtime.fuse)} |`,
        ]
      : []),
    ...loads.map(
      (l) => `| DataLoad ${code(l.name)} | ${md(l.phase || 'new')}${l.duration ? `, ${md(l.duration)}` : ''} |`,
    ),
    '',
    `Training pods mount it as the PersistentVolumeClaim ${code(d.name)} in namespace ${code(d.namespace)}.`,
  ].join('\n');
  return {
    id: fluidNodeId('dataset', d.namespace, d.name),
    kind: 'fluidDataset',
    label: d.name,
    description,
    tooltip,
    state: DATASET_STATE[d.phase] ?? 'idle',
    icon: 'database',
    expandable: false,
    contextValue: 'fluid fluid-dataset describe events copy delete',
    ref: { kind: 'datasets', namespace: d.namespace, name: d.name },
  };
}

function runtimeState(r: RuntimeRec): NodeState {
  const phases = [r.master.phase, r.worker.phase, r.fuse.phase];
  if (phases.every((p) => p === 'Ready')) return 'ok';
  if (phases.some((p) => p === 'PartialReady')) return 'warning';
  return RUNTIME_STATE[r.master.phase] ?? 'progress';
}

function runtimeNode(r: RuntimeRec): TreeNodeData {
  const tiers = r.tiers.map((t) => `${t.mediumtype} ${t.quota}`).join(', ');
  const description = r.master.phase
    ? `master ${componentText(r.master)} · worker ${componentText(r.worker)} · fuse ${componentText(r.fuse)}${tiers ? ` · ${tiers}` : ''}`
    : `no status yet${tiers ? ` · ${tiers}` : ''}`;
  const reasons = (['master', 'worker', 'fuse'] as const).filter((c) => r[c].reason);
  const selector = Object.entries(r.fuseNodeSelector).map(([k, v]) => `${k}=${v}`);
  const tooltip = [
    `**AlluxioRuntime ${md(r.namespace)}/${md(r.name)}**${r.setupDuration ? `: set up in ${md(r.setupDuration)}` : ''}`,
    '',
    '| | phase | ready / desired |',
    '| --- | --- | --- |',
    ...(['master', 'worker', 'fuse'] as const).map(
      (c) => `| ${c} | ${md(r[c].phase || '—')} | ${r[c].ready} / ${r[c].desired} |`,
    ),
    '',
    ...r.tiers.map((t) => `- tier ${md(t.mediumtype)}: ${code(t.path)}, quota ${code(t.quota)}`),
    `- ${plural(r.replicas, 'worker replica')}`,
    `- FUSE placement: ${selector.length ? code(selector.join(', ')) : 'on the nodes where pods use the dataset'}`,
    ...reasons.map((c) => `- ${c}: ${md(r[c].reason)}`),
  ].join('\n');
  return {
    id: fluidNodeId('runtime', r.namespace, r.name),
    kind: 'fluidRuntime',
    label: r.name,
    description,
    tooltip,
    state: r.master.phase ? runtimeState(r) : 'idle',
    icon: 'layers',
    expandable: false,
    contextValue: 'fluid fluid-runtime describe events copy delete',
    ref: { kind: 'alluxioruntimes', namespace: r.namespace, name: r.name },
  };
}

function dataLoadNode(l: DataLoadRec): TreeNodeData {
  const description = [
    l.phase || 'new',
    l.duration,
    `dataset ${l.dataset.name}`,
    l.targets.length ? l.targets.join(', ') : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const tooltip = [
    `**DataLoad ${md(l.namespace)}/${md(l.name)}**: ${md(l.phase || 'not picked up yet (is Fluid running?)')}`,
    '',
    `- Dataset: ${code(`${l.dataset.namespace}/${l.dataset.name}`)}`,
    `- Paths: ${l.targets.length ? l.targets.map(code).join(', ') : 'the whole dataset'}`,
    ...(l.duration ? [`- Duration: ${md(l.duration)}`] : []),
    ...(l.message ? [`- ${md(l.message)}`] : []),
  ].join('\n');
  return {
    id: fluidNodeId('dataload', l.namespace, l.name),
    kind: 'dataLoad',
    label: l.name,
    description,
    tooltip,
    state: LOAD_STATE[l.phase] ?? 'idle',
    icon: LOAD_ICON[l.phase] ?? 'circle-outline',
    expandable: false,
    contextValue: 'fluid fluid-dataload describe events copy delete',
    ref: { kind: 'dataloads', namespace: l.namespace, name: l.name },
  };
}
