/**
 * Alluxio data nodes: Capacity (version, capacity and used per tier), Workers (live and lost, each
 * with its capacity and used), Mount points, the dataset's cache state under Fluid's names (`cached`,
 * `cacheCapacity`, `cachedPercentage`, `cacheHitRatio`), and Files (a browser with "% in Alluxio").
 * Unknown numbers read "unknown", never a made-up figure. No vscode import.
 */
import type { BrowseEntry } from '../data/alluxio-browse';
import type { AlluxioWorker } from '../data/alluxio-rest';
import { cacheStateOf, formatPercent } from '../data/cache-state';
import { formatBytes } from '../data/numbers';
import { childPath, dataNodeId, dataRowId, type DataNodeKey } from './data-id';
import type { AlluxioListing, CacheView } from './data-store';
import { code, md, plural } from './format';
import { pct, pendingLook, type DataContext } from './tree-data-context';
import type { TreeNodeData } from './types';

/** The cache node's rows, in order, named as Fluid's Dataset status.cacheStates names them. */
export const CACHE_FIELDS = ['cached', 'cacheCapacity', 'cachedPercentage', 'cacheHitRatio', 'files'] as const;
const MAX_ROWS = 1_000;

const workerKey = (w: AlluxioWorker) => w.host;

export function alluxioChildren(ctx: DataContext, key: DataNodeKey): string[] {
  const { release } = key;
  const status = ctx.store.value({ kind: 'alluxioStatus', release, path: '' });
  const ids = (what: DataNodeKey['what'], args: string[]) =>
    args.slice(0, MAX_ROWS).map((arg) => dataNodeId({ release, what, arg }));
  switch (key.what) {
    case 'capacity':
      return ids(
        'tier',
        (status?.tiers ?? []).map((t) => t.alias),
      );
    case 'workers':
      return ids('worker', [...(status?.workers ?? []), ...(status?.lostWorkers ?? [])].map(workerKey));
    case 'mounts':
      return ids(
        'mount',
        (status?.mounts ?? []).map((m) => m.alluxioPath),
      );
    case 'cache':
      return ids('field', [...CACHE_FIELDS]);
    case 'files': {
      const path = key.arg || '/';
      const listing = ctx.store.value({ kind: 'alluxioList', release, path });
      if (!listing) return [];
      const out = listing.entries.map((e) =>
        dataNodeId({ release, what: 'files', arg: e.path || childPath(path, e.name) }),
      );
      if (listing.total > listing.entries.length) out.push(dataRowId(key, 'more'));
      return out;
    }
    default:
      return [];
  }
}

export function alluxioNode(ctx: DataContext, id: string, key: DataNodeKey): TreeNodeData | undefined {
  const { release } = key;
  const s = ctx.store.get({ kind: 'alluxioStatus', release, path: '' });
  const status = s?.status === 'ok' ? s.value : undefined;
  const base = { id, kind: 'data' as const };
  const pending = pendingLook(s);
  switch (key.what) {
    case 'capacity': {
      if (!status)
        return { ...base, ...pending!, label: 'Capacity', tooltip: '', expandable: true, contextValue: 'data' };
      return {
        ...base,
        label: 'Capacity',
        description: `${formatBytes(status.used)} of ${formatBytes(status.capacity)} used (${pct(status.used, status.capacity)})${status.version ? ` · Alluxio ${status.version}` : ''}`,
        tooltip: [
          `**Alluxio ${md(status.version ?? '(version unknown)')}** release ${code(release.release)}`,
          '',
          `- Cache capacity: ${formatBytes(status.capacity)}, used ${formatBytes(status.used)} (${pct(status.used, status.capacity)})`,
          ...status.tiers.map(
            (t) =>
              `- ${md(t.alias)}: ${formatBytes(t.used)} of ${formatBytes(t.capacity)} (${pct(t.used, t.capacity)})`,
          ),
          ...(status.ufsCapacity !== undefined
            ? [`- Root UFS: ${formatBytes(status.ufsUsed)} of ${formatBytes(status.ufsCapacity)}`]
            : []),
          '',
          `_From the master's ${status.source === 'rest' ? 'REST API over a port-forward' : 'shell (alluxio fsadmin report by exec)'}._`,
        ].join('\n'),
        state: 'ok',
        icon: 'layers',
        expandable: status.tiers.length > 0,
        contextValue: 'data capacity',
      };
    }
    case 'tier': {
      const t = status?.tiers.find((x) => x.alias === key.arg);
      if (!t) return undefined;
      return {
        ...base,
        label: t.alias,
        description: `${formatBytes(t.used)} of ${formatBytes(t.capacity)} used (${pct(t.used, t.capacity)})`,
        tooltip: `**Tier ${md(t.alias)}**: ${formatBytes(t.used)} used of ${formatBytes(t.capacity)}, summed over the workers`,
        state: 'info',
        icon: t.alias === 'MEM' ? 'chip' : 'database',
        expandable: false,
        contextValue: 'data tier',
      };
    }
    case 'workers': {
      if (!status)
        return { ...base, ...pending!, label: 'Workers', tooltip: '', expandable: true, contextValue: 'data' };
      const live = status.workers.length;
      const lost = status.lostWorkers.length;
      return {
        ...base,
        label: 'Workers',
        description: `${live} live${lost ? `, ${lost} lost` : ''}`,
        tooltip: `**Alluxio workers**: ${live} live, ${lost} lost (as the master counts them)`,
        state: live === 0 ? 'error' : lost ? 'warning' : 'ok',
        icon: 'server-process',
        expandable: live + lost > 0,
        contextValue: 'data workers',
      };
    }
    case 'worker': {
      const w = [...(status?.workers ?? []), ...(status?.lostWorkers ?? [])].find((x) => workerKey(x) === key.arg);
      if (!w) return undefined;
      return {
        ...base,
        label: w.host,
        description: `${w.state} · ${formatBytes(w.used)} of ${formatBytes(w.capacity)} used`,
        tooltip: [
          `**Alluxio worker** ${code(w.host)} (${md(w.rawState ?? w.state)})`,
          '',
          `- Capacity: ${formatBytes(w.capacity)}, used ${formatBytes(w.used)} (${pct(w.used, w.capacity)})`,
          ...w.tiers.map((t) => `- ${md(t.alias)}: ${formatBytes(t.used)} of ${formatBytes(t.capacity)}`),
          w.blockCount !== undefined ? `- Blocks: ${w.blockCount}` : '',
          w.lastContactSec !== undefined ? `- Last heartbeat: ${w.lastContactSec} s ago` : '',
        ]
          .filter(Boolean)
          .join('\n'),
        state: w.state === 'live' ? 'ok' : w.state === 'lost' ? 'error' : 'idle',
        icon: 'server',
        expandable: false,
        contextValue: 'data worker',
      };
    }
    case 'mounts': {
      if (!status)
        return { ...base, ...pending!, label: 'Mount points', tooltip: '', expandable: true, contextValue: 'data' };
      const shell = status.source === 'shell';
      return {
        ...base,
        label: 'Mount points',
        description: shell ? 'unknown (the shell fallback does not list them)' : plural(status.mounts.length, 'mount'),
        tooltip: `**Mount points** of the Alluxio namespace: which under store each Alluxio path reads`,
        state: 'info',
        icon: 'link',
        expandable: status.mounts.length > 0,
        contextValue: 'data mounts',
      };
    }
    case 'mount': {
      const m = status?.mounts.find((x) => x.alluxioPath === key.arg);
      if (!m) return undefined;
      return {
        ...base,
        label: m.alluxioPath,
        description: `→ ${m.ufsUri}${m.readOnly ? ' (read-only)' : ''}`,
        tooltip: `**Mount point** ${code(m.alluxioPath)} → ${code(m.ufsUri)}${m.ufsType ? ` (${md(m.ufsType)})` : ''}${m.ufsCapacity !== undefined ? `\n\nUnder store: ${formatBytes(m.ufsUsed)} used of ${formatBytes(m.ufsCapacity)}` : ''}`,
        state: 'info',
        icon: 'folder-library',
        expandable: false,
        contextValue: 'data dataFolder alluxioFolder',
        dataPath: { product: 'alluxio', namespace: release.namespace, release: release.release, path: m.alluxioPath },
      };
    }
    case 'cache':
      return cacheNode(ctx, id, key);
    case 'field':
      return fieldNode(ctx, id, key);
    case 'files':
      return fileNode(ctx, id, key);
    default:
      return undefined;
  }
}

function cacheNode(ctx: DataContext, id: string, key: DataNodeKey): TreeNodeData {
  const { release } = key;
  const s = ctx.store.get({ kind: 'cache', release, path: '' });
  const path = s?.status === 'ok' ? s.value.path : ctx.datasetPath(release);
  const pending = s ? pendingLook(s) : { description: 'expand to measure', state: 'info' as const, icon: 'database' };
  const v = s?.status === 'ok' ? s.value : undefined;
  return {
    id,
    kind: 'data',
    label: 'Dataset cache',
    description: v
      ? `${path} · ${formatPercent(v.state.cachedPercentage)} cached`
      : `${path} · ${pending!.description}`,
    tooltip: [
      `**Cache state of ${code(path)}** in Alluxio release ${code(release.release)}, with the names Fluid's Dataset uses (status.cacheStates).`,
      '',
      'The path is the setting alluxioDl.data.datasetPath, else the mount point other than / (what the training job reads through FUSE), else /.',
      v
        ? `\nCounted by ${v.state.exact ? '`alluxio fs du` (exact bytes)' : '`alluxio fs ls -R` (per-file percentages)'}.`
        : '',
    ].join('\n'),
    state: v ? (v.state.cachedPercentage === 100 ? 'ok' : 'info') : pending!.state,
    icon: v ? 'database' : pending!.icon,
    expandable: true,
    contextValue: 'data dataCache dataFolder',
    dataPath: { product: 'alluxio', namespace: release.namespace, release: release.release, path },
  };
}

function hitText(v: CacheView): { text: string; tooltip: string } {
  const h = v.hit;
  if (!h) return { text: 'unknown', tooltip: v.hitNote ?? 'Needs two samples of the read counters (one per refresh).' };
  if (h.cacheHitRatio === undefined) return { text: 'unknown', tooltip: h.unknownBecause ?? 'unknown' };
  const secs = Math.round(h.windowMs / 1000);
  const split = `local ${formatPercent(h.localHitRatio)}, remote ${formatPercent(h.remoteHitRatio)}, UFS ${formatPercent(h.bytesRead ? (100 * (h.ufs ?? 0)) / h.bytesRead : 0)}`;
  return {
    text: `${formatPercent(h.cacheHitRatio)} (${split})${h.bytesRead === 0 ? ' · nothing read' : ''}`,
    tooltip: `Over the last ${secs} s${secs < 60 ? ' (less than the one minute Fluid uses: the view has not run that long)' : ''}: ${formatBytes(h.local)} local, ${formatBytes(h.remote)} remote, ${formatBytes(h.ufs)} from the under store.`,
  };
}

function fieldNode(ctx: DataContext, id: string, key: DataNodeKey): TreeNodeData | undefined {
  const v = ctx.store.value({ kind: 'cache', release: key.release, path: '' });
  if (!v) return undefined;
  const st = v.state;
  let description: string;
  let tooltip: string;
  switch (key.arg) {
    case 'cached':
      description = formatBytes(st.cached);
      tooltip = `Bytes of the files under ${code(v.path)} that are in Alluxio: ${st.cached ?? 'unknown'}`;
      break;
    case 'cacheCapacity':
      description = formatBytes(st.cacheCapacity);
      tooltip = 'The capacity of the whole cache (every worker, every tier).';
      break;
    case 'cachedPercentage':
      description = `${formatPercent(st.cachedPercentage)} of ${formatBytes(st.total)}`;
      tooltip = st.unknownFiles
        ? `Unknown: ${st.unknownFiles} file(s) have no known size or cached share.`
        : 'cached / the bytes of the files under the path.';
      break;
    case 'cacheHitRatio': {
      const h = hitText(v);
      description = h.text;
      tooltip = `(Δlocal + Δremote) / all bytes read, over about a minute of the cluster's read counters. ${h.tooltip}`;
      break;
    }
    case 'files':
      description = `${st.files} (${st.fullyCached} fully, ${st.partlyCached} partly, ${st.notCached} not cached${st.unknownFiles ? `, ${st.unknownFiles} unknown` : ''})`;
      tooltip = `Files under ${code(v.path)}`;
      break;
    default:
      return undefined;
  }
  return {
    id,
    kind: 'data',
    label: key.arg,
    description,
    tooltip: `**${key.arg}**: ${md(description)}\n\n${tooltip}`,
    state: 'info',
    icon: 'symbol-field',
    expandable: false,
    contextValue: 'data cacheField',
  };
}

const browseIndex = new WeakMap<AlluxioListing, Map<string, BrowseEntry>>();

function fileNode(ctx: DataContext, id: string, key: DataNodeKey): TreeNodeData | undefined {
  const { release } = key;
  const path = key.arg || '/';
  const root = path === '/';
  let entry: BrowseEntry | undefined;
  if (!root) {
    const dir = path.slice(0, Math.max(1, path.lastIndexOf('/'))) || '/';
    const listing = ctx.store.value({ kind: 'alluxioList', release, path: dir });
    if (!listing) return undefined;
    let index = browseIndex.get(listing);
    if (!index) browseIndex.set(listing, (index = new Map(listing.entries.map((e) => [e.path, e]))));
    entry = index.get(path);
    if (!entry) return undefined;
  }
  const isDir = root || entry!.isDir;
  const own = isDir ? ctx.store.get({ kind: 'alluxioList', release, path }) : undefined;
  const listing = own?.status === 'ok' ? own.value : undefined;
  let description: string;
  let tooltip = '';
  if (isDir) {
    const files = listing?.entries.filter((e) => !e.isDir) ?? [];
    const folders = listing ? listing.entries.length - files.length : 0;
    const state = listing
      ? cacheStateOf(
          path,
          files.map((e) => ({ path: e.path, size: e.size, inAlluxioPercent: e.inAlluxioPercent })),
        )
      : undefined;
    description = [
      listing ? plural(listing.total, 'item') : '',
      state && files.length ? `${formatPercent(state.cachedPercentage)} in Alluxio` : '',
      own?.status === 'loading' ? 'loading…' : own?.status === 'error' ? own.error.message : '',
    ]
      .filter(Boolean)
      .join(' · ');
    tooltip = state
      ? `${formatPercent(state.cachedPercentage)} in Alluxio of the ${files.length} file(s) listed directly in this folder (from the per-file percentages of the master's browse page)${folders ? `; its ${folders} subfolder(s) are not counted: expand them, or see Dataset cache` : ''}.`
      : 'Expand to list it with each file\'s "% in Alluxio".';
  } else {
    const e = entry!;
    description = `${formatBytes(e.size)} · ${e.inAlluxioPercent === undefined ? 'unknown' : `${e.inAlluxioPercent}%`} in Alluxio`;
    tooltip = `Size (as the browse page rounds it): ${formatBytes(e.size)}\n\nIn Alluxio: ${e.inAlluxioPercent ?? 'unknown'}%${e.persistence ? `\n\nPersistence: ${md(e.persistence)}` : ''}`;
  }
  return {
    id,
    kind: 'data',
    label: root ? 'Files' : path.slice(path.lastIndexOf('/') + 1),
    description: root ? `/${description ? ` · ${description}` : ''}` : description,
    tooltip: `**${isDir ? 'Alluxio folder' : 'Alluxio file'}** ${code(path)}\n\n${tooltip}`,
    state: own?.status === 'error' ? 'error' : 'info',
    icon: isDir ? (root ? 'root-folder' : 'folder') : 'file',
    expandable: isDir,
    contextValue: isDir ? 'data dataFolder alluxioFolder' : 'data dataFile alluxioFile',
    dataPath: { product: 'alluxio', namespace: release.namespace, release: release.release, path },
  };
}
