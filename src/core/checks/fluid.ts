// Checks a schema can't express, for Fluid's Dataset, AlluxioRuntime and DataLoad (data.fluid.io/v1alpha1).
import { nodeAtPath, type ScalarNode, type YamlDocument } from '../yaml/document';
import type { SchemaId } from '../schema/names';
import { hostMatchesNamenode, namenodeUri, type ClusterContext, type DatasetRef } from './cluster';
import { nearest } from './nearest';
import { formatBytes, parseQuantity } from './sizes';
import type { Fix, Problem } from './types';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
/** Tiers, mounts and datasets looked at; a longer list is not a real runtime. */
const MAX_ITEMS = 64;

export function checkFluid(parsed: YamlDocument, id: SchemaId, cluster: ClusterContext | undefined): Problem[] {
  if (!isObj(parsed.value) || !isObj(parsed.value.spec)) return [];
  if (id === 'fluid-alluxioruntime') return checkMemTier(parsed, parsed.value.spec, cluster);
  if (id === 'fluid-dataset') return checkMounts(parsed, parsed.value.spec, cluster);
  if (id === 'fluid-dataload') return checkDatasetRef(parsed, parsed.value, cluster);
  return [];
}

/** The MEM tiers' total: `quota`, or the sum of `quotaList` (one per path). */
function memQuota(levels: unknown[]): { bytes: number; at: number[] } | undefined {
  let bytes = 0;
  const at: number[] = [];
  levels.slice(0, MAX_ITEMS).forEach((lvl, i) => {
    if (!isObj(lvl) || lvl.mediumtype !== 'MEM') return;
    const parts = lvl.quotaList !== undefined ? String(lvl.quotaList).split(',') : [lvl.quota];
    const sizes = parts.slice(0, MAX_ITEMS).map(parseQuantity);
    if (sizes.some((s) => s === undefined)) return;
    bytes += sizes.reduce((a: number, b) => a + (b ?? 0), 0);
    at.push(i);
  });
  return at.length ? { bytes, at } : undefined;
}

/**
 * Fluid sets the worker's memory request to the MEM tiers' size and refuses a runtime whose MEM
 * tiers exceed the worker's memory limit; a request no node can hold leaves the workers Pending.
 */
function checkMemTier(parsed: YamlDocument, spec: Obj, cluster: ClusterContext | undefined): Problem[] {
  const levels = isObj(spec.tieredstore) && Array.isArray(spec.tieredstore.levels) ? spec.tieredstore.levels : [];
  const mem = memQuota(levels);
  if (!mem) return [];
  const first = mem.at[0];
  const lvl = levels[first] as Obj;
  const field = lvl.quotaList !== undefined ? 'quotaList' : 'quota';
  const node = nodeAtPath(parsed.root, ['spec', 'tieredstore', 'levels', first, field]).node;
  if (!node) return [];
  const size = formatBytes(mem.bytes);
  const problems: Problem[] = [];
  const warn = (code: string, message: string) =>
    problems.push({ start: node.start, end: node.end, severity: 'warning', code, message });
  const limitText = isObj(spec.worker) ? spec.worker.resources?.limits?.memory : undefined;
  const limit = parseQuantity(limitText);
  if (limit !== undefined && limit > 0 && mem.bytes > limit)
    warn(
      'memory',
      `The MEM tier (${size}) is larger than spec.worker.resources.limits.memory (${String(limitText)}): Fluid refuses the runtime ("the memory tierdStore's size is greater than worker limits memory") and no worker starts. Raise the limit to at least ${size} plus the worker heap, or lower the quota.`,
    );
  const nodes = (cluster?.nodeMemoryBytes ?? []).filter((n) => n > 0);
  if (nodes.length && mem.bytes > Math.max(...nodes))
    warn(
      'memory',
      `The MEM tier (${size}) is more memory than any node has (the largest allocates ${formatBytes(Math.max(...nodes))}): Fluid asks that much memory for each worker, so the workers stay Pending. Lower the quota, or use an SSD/HDD tier.`,
    );
  const paths = String(lvl.path ?? '').split(',');
  if (cluster?.shmBytes !== undefined && paths.includes('/dev/shm') && mem.bytes > cluster.shmBytes)
    warn(
      'shm',
      `The MEM tier (${size}) is larger than /dev/shm on the nodes (${formatBytes(cluster.shmBytes)}): writes fail once the tmpfs is full. Lower the quota or enlarge /dev/shm.`,
    );
  return problems;
}

function checkMounts(parsed: YamlDocument, spec: Obj, cluster: ClusterContext | undefined): Problem[] {
  const nns = cluster?.namenodes;
  if (!nns || !Array.isArray(spec.mounts)) return [];
  const problems: Problem[] = [];
  spec.mounts.slice(0, MAX_ITEMS).forEach((m: unknown, i: number) => {
    const node = nodeAtPath(parsed.root, ['spec', 'mounts', i, 'mountPoint']).node;
    if (!isObj(m) || typeof m.mountPoint !== 'string' || node?.kind !== 'scalar') return;
    const uri = /^hdfs:\/\/([^/:?#]*)(?::(\d+))?(.*)$/i.exec(m.mountPoint.trim());
    if (!uri || !uri[1]) return;
    const port = uri[2] === undefined ? 8020 : Number(uri[2]);
    if (nns.some((nn) => hostMatchesNamenode(uri[1], port, nn))) return;
    const found = nns.map(namenodeUri);
    problems.push({
      start: node.start,
      end: node.end,
      severity: 'warning',
      code: 'ufs',
      message: found.length
        ? `spec.mounts[${i}].mountPoint points at no HDFS namenode service in the cluster; found ${found.join(', ')}. The runtime's master would fail to mount it.`
        : `spec.mounts[${i}].mountPoint points at no HDFS namenode service: none was found in the cluster (install HDFS first).`,
      fixes: found.map((u, k) => ({
        title: `Use ${u}`,
        edits: [{ start: node.start, end: node.end, newText: JSON.stringify(u + (uri[3] || '/')) }],
        preferred: k === 0,
      })),
    });
  });
  return problems;
}

function checkDatasetRef(parsed: YamlDocument, value: Obj, cluster: ClusterContext | undefined): Problem[] {
  const known = cluster?.datasets;
  const ref = value.spec.dataset;
  const node = nodeAtPath(parsed.root, ['spec', 'dataset', 'name']).node;
  if (!known || !isObj(ref) || typeof ref.name !== 'string' || node?.kind !== 'scalar') return [];
  // Without a namespace in the file, the DataLoad goes wherever it is applied: any namespace may hold the Dataset.
  const ns: unknown = ref.namespace ?? value.metadata?.namespace;
  const namespace = typeof ns === 'string' && ns ? ns : undefined;
  if (known.some((d) => d.name === ref.name && (!namespace || d.namespace === namespace))) return [];
  const here = known.filter((d) => !namespace || d.namespace === namespace).slice(0, MAX_ITEMS);
  const elsewhere = known.filter((d) => d.name === ref.name).slice(0, 5);
  const guess = nearest(
    ref.name,
    here.map((d) => d.name),
  );
  const list = (ds: DatasetRef[]) => [...new Set(ds.map((d) => d.name))].join(', ');
  const where = namespace ? `in namespace ${namespace}` : 'in the cluster';
  const message =
    `No Dataset "${ref.name}" ${where}` +
    (elsewhere.length
      ? ` (there is one in ${elsewhere.map((d) => d.namespace).join(', ')}; set spec.dataset.namespace)`
      : '') +
    (here.length ? `; found ${list(here)}` : '; there is no Dataset') +
    '. The DataLoad fails without it: create the Dataset first, or name an existing one.';
  const fixes: Fix[] = [...new Set(here.map((d) => d.name))].map((n) => rename(node, n, n === guess));
  return [{ start: node.start, end: node.end, severity: 'warning', code: 'cluster', message, fixes }];
}

function rename(node: ScalarNode, name: string, preferred: boolean): Fix {
  return { title: `Use ${name}`, edits: [{ start: node.start, end: node.end, newText: name }], preferred };
}
