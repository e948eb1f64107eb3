/**
 * The data nodes of the explorer: what an HDFS release stores (Storage, its datanodes, a browser of
 * its files) and what an Alluxio release caches (Capacity per tier, Workers, Mount points, the
 * dataset's cache state, a browser with "% in Alluxio"), built from a DataStore. Pure: which resources
 * a node needs is answered here (`needs`), the view's loader fetches them. Ids come from ./data-id.
 * No vscode import.
 */
import { describeError, type DataError } from '../data/outcome';
import { dataNodeId, dataRowId, parseDataId, type DataNodeKey, type RowKind } from './data-id';
import type { ResourceKey, ResourceKind, ResourceState } from './data-store';
import { alluxioChildren, alluxioNode } from './tree-data-alluxio';
import { hdfsChildren, hdfsNode } from './tree-data-hdfs';
import { code, md } from './format';
import type { ReleaseKey } from './node-id';
import type { TreeNodeData } from './types';
import type { DataContext } from './tree-data-context';

export type { DataContext } from './tree-data-context';

/** Which resource backs a node, and whether it is fetched when the node is shown or only when expanded. */
export interface Need {
  resource: ResourceKey;
  when: 'shown' | 'expanded';
}

const at = (release: ReleaseKey, what: DataNodeKey['what'], arg = ''): DataNodeKey => ({ release, what, arg });

export function statusKind(release: ReleaseKey): ResourceKind {
  return release.product === 'hdfs' ? 'hdfsStatus' : 'alluxioStatus';
}

/** The data node ids under a release node (after its components). */
export function releaseDataIds(ctx: DataContext, release: ReleaseKey): string[] {
  const status = ctx.store.get({ kind: statusKind(release), release, path: '' });
  const files = dataNodeId(at(release, 'files', '/'));
  if (release.product === 'hdfs') {
    const storage = at(release, 'storage');
    return [status?.status === 'error' ? dataRowId(storage, 'error') : dataNodeId(storage), files];
  }
  const capacity = at(release, 'capacity');
  const head =
    status?.status === 'error'
      ? [dataRowId(capacity, 'error')]
      : [dataNodeId(capacity), dataNodeId(at(release, 'workers')), dataNodeId(at(release, 'mounts'))];
  return [...head, dataNodeId(at(release, 'cache')), files];
}

/** The resource a node stands on (undefined for nodes read from their parent's resource). */
export function needs(id: string): Need | undefined {
  const d = parseDataId(id);
  if (!d || d.type === 'row') return undefined;
  const { release, what, arg } = d;
  switch (what) {
    case 'storage':
    case 'capacity':
    case 'workers':
    case 'mounts':
      return { resource: { kind: statusKind(release), release, path: '' }, when: 'shown' };
    case 'cache':
      return { resource: { kind: 'cache', release, path: '' }, when: 'expanded' };
    case 'files':
      return {
        resource: { kind: release.product === 'hdfs' ? 'hdfsList' : 'alluxioList', release, path: arg || '/' },
        when: 'expanded',
      };
    default:
      return undefined;
  }
}

export function dataChildren(ctx: DataContext, id: string): string[] {
  const d = parseDataId(id);
  if (!d || d.type === 'row') return [];
  const need = needs(id);
  if (need) {
    const s = ctx.store.get(need.resource);
    if (!s || s.status === 'loading') return [dataRowId(d, 'loading')];
    if (s.status === 'error') return [dataRowId(d, 'error')];
  }
  return d.release.product === 'hdfs' ? hdfsChildren(ctx, d) : alluxioChildren(ctx, d);
}

export function dataNode(ctx: DataContext, id: string): TreeNodeData | undefined {
  const d = parseDataId(id);
  if (!d) return undefined;
  if (d.type === 'row') return rowNode(ctx, id, d.row, d.of);
  return d.release.product === 'hdfs' ? hdfsNode(ctx, id, d) : alluxioNode(ctx, id, d);
}

/** The state of the resource behind a node that shows its own numbers (loading, or an error). */
export function stateOf<T>(s: ResourceState<T> | undefined): { loading: boolean; error?: DataError; value?: T } {
  if (!s || s.status === 'loading') return { loading: true };
  if (s.status === 'error') return { loading: false, error: s.error };
  return { loading: false, value: s.value };
}

/** Short words for an error's kind, for the row's label. */
const ERROR_LABELS: Record<DataError['kind'], string> = {
  refused: 'Port-forward refused',
  missing: 'Not found',
  timeout: 'Timed out',
  aborted: 'Cancelled',
  forbidden: 'Forbidden (403)',
  badAnswer: 'Unexpected answer',
  failed: 'Failed',
};

function rowNode(ctx: DataContext, id: string, row: RowKind, of: DataNodeKey): TreeNodeData | undefined {
  const need = needs(dataNodeId(of));
  const s = need && ctx.store.get(need.resource);
  const base = { id, kind: 'data' as const, expandable: false };
  if (row === 'loading') {
    return {
      ...base,
      label: 'Loading…',
      description: '',
      tooltip: 'Asking the cluster (through a port-forward or exec in the pod).',
      state: 'progress',
      icon: 'loading',
      contextValue: 'dataLoading',
    };
  }
  if (row === 'error') {
    if (s?.status !== 'error') return undefined;
    const e = s.error;
    return {
      ...base,
      label: `${ERROR_LABELS[e.kind]}: ${e.message}`.slice(0, 200),
      description: e.hint,
      tooltip: `**${md(e.what)}**\n\n${md(e.message)}\n\n${e.hint ? `Fix: ${md(e.hint)}\n\n` : ''}Click to retry (Refresh). ${code(describeError(e))}`,
      state: e.kind === 'forbidden' ? 'warning' : 'error',
      icon: e.kind === 'forbidden' ? 'lock' : 'debug-disconnect',
      contextValue: 'failure dataError retry',
    };
  }
  // 'more': how many entries of a folder are not listed
  const total = s?.status === 'ok' ? (s.value as { total?: number }).total : undefined;
  const shown = s?.status === 'ok' ? ((s.value as { entries?: unknown[] }).entries?.length ?? 0) : 0;
  if (total === undefined || total <= shown) return undefined;
  return {
    ...base,
    label: `… ${(total - shown).toLocaleString('en')} more`,
    description: `the first ${shown.toLocaleString('en')} of ${total.toLocaleString('en')} are listed`,
    tooltip: `This folder holds ${total.toLocaleString('en')} entries; the tree lists the first ${shown.toLocaleString('en')} (folders first, by name). Use \`hdfs dfs -ls\` or \`alluxio fs ls\` for the rest.`,
    state: 'info',
    icon: 'ellipsis',
    contextValue: 'dataMore',
  };
}
