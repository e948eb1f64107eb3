/**
 * HDFS data nodes: Storage (what `hdfs dfsadmin -report` prints: capacity, used, remaining, live and
 * dead datanodes, each datanode a child) and Files (a lazily expanding browser with sizes and counts).
 * No vscode import.
 */
import { formatBytes } from '../data/numbers';
import type { HdfsEntry } from '../data/hdfs-rest';
import { childPath, dataNodeId, dataRowId, type DataNodeKey } from './data-id';
import type { HdfsListing } from './data-store';
import { code, md, plural } from './format';
import { pct, pendingLook, type DataContext } from './tree-data-context';
import type { TreeNodeData } from './types';

const entryIndex = new WeakMap<HdfsListing, Map<string, HdfsEntry>>();

/** The listed entry of a path, from its folder's listing (undefined when not listed). */
function entryOf(ctx: DataContext, key: DataNodeKey): HdfsEntry | undefined {
  const dir = key.arg.slice(0, Math.max(1, key.arg.lastIndexOf('/'))) || '/';
  const listing = ctx.store.value({ kind: 'hdfsList', release: key.release, path: dir });
  if (!listing) return undefined;
  let index = entryIndex.get(listing);
  if (!index) entryIndex.set(listing, (index = new Map(listing.entries.map((e) => [e.name, e]))));
  return index.get(key.arg.slice(key.arg.lastIndexOf('/') + 1));
}

export function hdfsChildren(ctx: DataContext, key: DataNodeKey): string[] {
  const { release } = key;
  if (key.what === 'storage') {
    const s = ctx.store.value({ kind: 'hdfsStatus', release, path: '' });
    return (s?.datanodes ?? []).slice(0, 1000).map((d) => dataNodeId({ release, what: 'datanode', arg: d.name }));
  }
  if (key.what === 'files') {
    const path = key.arg || '/';
    const listing = ctx.store.value({ kind: 'hdfsList', release, path });
    if (!listing) return [];
    const ids = listing.entries.map((e) => dataNodeId({ release, what: 'files', arg: childPath(path, e.name) }));
    if (listing.total > listing.entries.length) ids.push(dataRowId(key, 'more'));
    return ids;
  }
  return [];
}

export function hdfsNode(ctx: DataContext, id: string, key: DataNodeKey): TreeNodeData | undefined {
  const { release } = key;
  if (key.what === 'storage') return storageNode(ctx, id, key);
  if (key.what === 'datanode') {
    const d = ctx.store.value({ kind: 'hdfsStatus', release, path: '' })?.datanodes.find((x) => x.name === key.arg);
    if (!d) return undefined;
    return {
      id,
      kind: 'data',
      label: d.name,
      description: `${d.state} · ${formatBytes(d.used)} of ${formatBytes(d.capacity)} used · ${formatBytes(d.remaining)} free`,
      tooltip: [
        `**Datanode** ${code(d.name)} (${d.state})`,
        '',
        `- Configured capacity: ${formatBytes(d.capacity)}`,
        `- DFS used: ${formatBytes(d.used)} (${pct(d.used, d.capacity)})`,
        `- DFS remaining: ${formatBytes(d.remaining)}`,
        d.lastContactSec !== undefined ? `- Last contact: ${d.lastContactSec} s ago` : '',
        d.version ? `- Version: ${md(d.version)}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      state: d.state === 'live' ? 'ok' : d.state === 'dead' ? 'error' : 'idle',
      icon: 'server',
      expandable: false,
      contextValue: 'data datanode',
    };
  }
  if (key.what === 'files') return fileNode(ctx, id, key);
  return undefined;
}

function storageNode(ctx: DataContext, id: string, key: DataNodeKey): TreeNodeData {
  const s = ctx.store.get({ kind: 'hdfsStatus', release: key.release, path: '' });
  const base = { id, kind: 'data' as const, label: 'Storage', expandable: true, contextValue: 'data storage' };
  const pending = pendingLook(s);
  if (pending || s?.status !== 'ok') return { ...base, ...pending!, tooltip: 'HDFS capacity and datanodes' };
  const v = s.value;
  const live = v.liveDatanodes ?? v.datanodes.filter((d) => d.state === 'live').length;
  const dead = v.deadDatanodes ?? v.datanodes.filter((d) => d.state === 'dead').length;
  const warn = dead > 0 || v.safeMode === true || (v.missingBlocks ?? 0) > 0;
  return {
    ...base,
    description: `${formatBytes(v.used)} of ${formatBytes(v.capacity)} used (${pct(v.used, v.capacity)}) · ${formatBytes(v.remaining)} free · ${live} live, ${dead} dead datanode${live + dead === 1 ? '' : 's'}`,
    tooltip: [
      `**HDFS storage** of release ${code(key.release.release)}${v.version ? ` (Hadoop ${md(v.version)})` : ''}, as \`hdfs dfsadmin -report\` prints it`,
      '',
      `- Configured capacity: ${formatBytes(v.capacity)}`,
      `- DFS used: ${formatBytes(v.used)} (${pct(v.used, v.capacity)})`,
      `- DFS remaining: ${formatBytes(v.remaining)}`,
      `- Live datanodes: ${live}`,
      `- Dead datanodes: ${dead}`,
      v.safeMode !== undefined ? `- Safe mode: ${v.safeMode ? '**ON**' : 'off'}` : '',
      v.files !== undefined ? `- Files and folders: ${v.files}` : '',
      v.blocks !== undefined ? `- Blocks: ${v.blocks}` : '',
      v.missingBlocks !== undefined ? `- Missing blocks: ${v.missingBlocks}` : '',
      '',
      `_From the namenode's ${v.source === 'jmx' ? 'JMX over a port-forward' : 'shell (hdfs dfsadmin -report by exec)'}._`,
    ]
      .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
      .join('\n'),
    state: warn ? 'warning' : 'ok',
    icon: 'database',
  };
}

function fileNode(ctx: DataContext, id: string, key: DataNodeKey): TreeNodeData | undefined {
  const path = key.arg || '/';
  const root = path === '/';
  const entry = root ? undefined : entryOf(ctx, key);
  if (!root && !entry) return undefined;
  const isDir = root || entry!.isDir;
  const own = isDir ? ctx.store.get({ kind: 'hdfsList', release: key.release, path }) : undefined;
  const listing = own?.status === 'ok' ? own.value : undefined;
  const summary = listing?.summary;
  const parts: string[] = [];
  if (isDir) {
    if (summary) {
      parts.push(plural(summary.files ?? 0, 'file'), formatBytes(summary.length));
    } else if (entry?.children !== undefined) parts.push(plural(entry.children, 'item'));
    if (own?.status === 'loading') parts.push('loading…');
    if (own?.status === 'error') parts.push(own.error.message);
  } else {
    parts.push(formatBytes(entry!.length));
    if (entry!.replication !== undefined) parts.push(`×${entry!.replication}`);
  }
  const { release } = key.release;
  const tooltip = [
    `**${isDir ? 'HDFS folder' : 'HDFS file'}** ${code(path)} (release ${code(release)})`,
    '',
    summary
      ? `- Below it: ${plural(summary.files ?? 0, 'file')}, ${plural(summary.directories ?? 0, 'folder')}, ${formatBytes(summary.length)}${summary.spaceConsumed !== undefined ? ` (${formatBytes(summary.spaceConsumed)} with replicas)` : ''}`
      : '',
    entry && !entry.isDir ? `- Size: ${formatBytes(entry.length)} (${entry.length ?? '?'} bytes)` : '',
    entry?.children !== undefined && entry.isDir ? `- Entries: ${entry.children}` : '',
    entry?.owner
      ? `- Owner: ${md(entry.owner)}${entry.group ? `:${md(entry.group)}` : ''} ${md(entry.permission ?? '')}`
      : '',
    entry?.modificationTime ? `- Modified: ${new Date(entry.modificationTime).toISOString()}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const tokens = ['data', isDir ? 'dataFolder hdfsFolder' : 'dataFile hdfsFile'];
  if (!root) tokens.push('hdfsDeletable');
  return {
    id,
    kind: 'data',
    label: root ? 'Files' : path.slice(path.lastIndexOf('/') + 1),
    description: root ? `/ ${parts.length ? `· ${parts.join(' · ')}` : ''}`.trim() : parts.join(' · '),
    tooltip,
    state: own?.status === 'error' ? 'error' : 'info',
    icon: isDir ? (root ? 'root-folder' : 'folder') : 'file',
    expandable: isDir,
    contextValue: tokens.join(' '),
    dataPath: { product: 'hdfs', namespace: key.release.namespace, release, path },
  };
}
