// Checks a schema can't express, for Alluxio values files: warnings with exact ranges.
import {
  formatPath,
  nodeAtPath,
  resolveAlias,
  type MapNode,
  type PathSegment,
  type YamlDocument,
} from '../yaml/document';
import { ownPair } from '../yaml/pairs';
import { clip } from '../yaml/limits';
import { endOfLine, eolOf, startOfLine } from '../yaml/lines';
import type { PropertyInfo } from '../schema/store';
import { hostMatchesNamenode, namenodeUri, type ClusterContext } from './cluster';
import { isNearMiss, nearest, suggest } from './nearest';
import { formatBytes, heapFromJvmOptions, parseAlluxioSize, parseQuantity } from './sizes';
import type { Problem } from './types';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const PROPERTY_OWNERS: PathSegment[][] = [
  [],
  ['master'],
  ['worker'],
  ['fuse'],
  ['jobMaster'],
  ['jobWorker'],
  ['proxy'],
  ['logserver'],
];
const ROOT_UFS = 'alluxio.master.mount.table.root.ufs';
const UFS_SCHEMES = [
  'hdfs',
  's3',
  's3a',
  'oss',
  'gs',
  'wasb',
  'wasbs',
  'abfs',
  'abfss',
  'cos',
  'cosn',
  'obs',
  'swift',
  'file',
  'alluxio',
  'ozone',
  'o3fs',
  'ofs',
  'cephfs',
  'kodo',
  'bos',
  'tos',
  'nfs',
  'web',
  'http',
  'https',
];

export function checkAlluxio(
  parsed: YamlDocument,
  table: Record<string, PropertyInfo> | undefined,
  cluster: ClusterContext | undefined,
  official22 = false,
): Problem[] {
  const v = parsed.value;
  if (!isObj(v)) return [];
  return [
    ...checkProperties(parsed, table),
    ...checkMemTier(parsed, cluster),
    ...checkRootUfs(parsed, cluster),
    ...checkNodeSelectors(parsed, cluster),
    ...(official22 ? checkFuseEnabled22(parsed) : []),
  ];
}

/**
 * The official chart 0.5.5 deploys FUSE only with fuse.enabled and fuse.clientEnabled true (both
 * false by default); Alibaba's packaging, which Alluxio's PyTorch-on-HDFS guide targets, deploys it without them.
 */
function checkFuseEnabled22(parsed: YamlDocument): Problem[] {
  const fuse = (parsed.value as Obj).fuse;
  const { node, key } = nodeAtPath(parsed.root, ['fuse']);
  if (!isObj(fuse) || !key || node?.kind !== 'map' || node.flow) return [];
  if (!Object.keys(fuse).some((k) => k !== 'enabled' && k !== 'clientEnabled')) return [];
  // An explicit `enabled: false` is a decision (the chart's own default); a FUSE section without
  // `enabled`, or enabled without clientEnabled, is the mistake.
  if ('enabled' in fuse && !(fuse.enabled === true && fuse.clientEnabled !== true)) return [];
  const missing = ['enabled', 'clientEnabled'].filter((k) => fuse[k] !== true);
  const indent = ' '.repeat(node.start - startOfLine(parsed.text, node.start));
  const at = endOfLine(parsed.text, key.end);
  const eol = eolOf(parsed.text);
  const edits = [];
  for (const k of missing) {
    const existing = ownPair(node, k);
    if (existing) edits.push({ start: existing.value.start, end: existing.value.end, newText: 'true' });
  }
  const absent = missing.filter((k) => !ownPair(node, k));
  if (absent.length)
    edits.push({ start: at, end: at, newText: absent.map((k) => `${eol}${indent}${k}: true`).join('') });
  return [
    {
      start: key.start,
      end: key.end,
      severity: 'warning',
      code: 'fuse',
      message: `The official chart 0.5.5 deploys FUSE only when fuse.enabled and fuse.clientEnabled are true (${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not): without them no alluxio-fuse DaemonSet, and no /alluxio-fuse mount for the training job.`,
      fixes: [{ title: `Set ${missing.map((k) => `fuse.${k}`).join(' and ')} to true`, edits, preferred: true }],
    },
  ];
}

function propertyMaps(parsed: YamlDocument): Array<{ path: PathSegment[]; node: MapNode }> {
  const out: Array<{ path: PathSegment[]; node: MapNode }> = [];
  for (const owner of PROPERTY_OWNERS) {
    const path = [...owner, 'properties'];
    const node = resolveAlias(nodeAtPath(parsed.root, path).node);
    if (node?.kind === 'map') out.push({ path, node });
  }
  return out;
}

/** Did-you-mean searches per document: each compares one key with every property Alluxio has. */
const MAX_PROPERTY_SUGGESTIONS = 50;

function checkProperties(parsed: YamlDocument, table: Record<string, PropertyInfo> | undefined): Problem[] {
  if (!table) return [];
  const problems: Problem[] = [];
  let searches = 0;
  for (const { path, node } of propertyMaps(parsed)) {
    for (const { key, value } of node.pairs) {
      const info = Object.hasOwn(table, key.text) ? table[key.text] : undefined;
      if (!info) {
        if (!key.text.startsWith('alluxio.')) continue;
        const suggestion = searches++ < MAX_PROPERTY_SUGGESTIONS ? suggest(key.text, Object.keys(table)) : undefined;
        const guess = suggestion?.word;
        problems.push({
          start: key.start,
          end: key.end,
          // A near miss is a typo of a real property: Alluxio would silently run without the setting.
          severity: isNearMiss(suggestion) ? 'error' : 'warning',
          code: 'property',
          message: `${clip(key.text, 120)} is not an Alluxio property of this version${guess ? `: did you mean ${guess}?` : '.'} Alluxio ignores unknown properties.`,
          fixes: guess
            ? [
                {
                  title: `Change to ${guess}`,
                  edits: [{ start: key.start, end: key.end, newText: guess }],
                  preferred: true,
                },
              ]
            : [],
        });
        continue;
      }
      if (info.values && value.kind === 'scalar' && !value.empty && !info.values.includes(value.text)) {
        const guess = nearest(value.text, info.values);
        problems.push({
          start: value.start,
          end: value.end,
          severity: 'error',
          code: 'property',
          message: `${formatPath([...path, key.text])} must be one of ${info.values.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}.`,
          fixes: info.values.map((a) => ({
            title: `Change to ${a}`,
            edits: [{ start: value.start, end: value.end, newText: a }],
            preferred: a === guess,
          })),
        });
      }
    }
  }
  return problems;
}

function checkMemTier(parsed: YamlDocument, cluster: ClusterContext | undefined): Problem[] {
  const v = parsed.value as Obj;
  const levels = isObj(v.tieredstore) && Array.isArray(v.tieredstore.levels) ? v.tieredstore.levels : [];
  const problems: Problem[] = [];
  levels.forEach((lvl: unknown, i: number) => {
    if (!isObj(lvl)) return;
    const medium = String(lvl.mediumtype ?? lvl.alias ?? '');
    if (!medium.split(',')[0].includes('MEM')) return;
    const quotaText = clip(String(lvl.quota ?? '').split(',')[0]);
    const quota = parseAlluxioSize(quotaText);
    const at = nodeAtPath(parsed.root, ['tieredstore', 'levels', i, 'quota']).node;
    if (quota === undefined || !at) return;
    const worker = isObj(v.worker) ? v.worker : {};
    const limit = parseQuantity(worker.resources?.limits?.memory);
    const heap = heapFromJvmOptions(worker.jvmOptions) ?? 0;
    if (limit !== undefined && quota + heap > limit) {
      problems.push({
        start: at.start,
        end: at.end,
        severity: 'warning',
        code: 'memory',
        message: `The MEM tier quota (${quotaText}${heap ? ` plus the worker heap ${formatBytes(heap)}` : ''}) is more than worker.resources.limits.memory (${clip(String(worker.resources.limits.memory))}): the ramdisk counts against the worker's memory limit, so the worker is OOMKilled when the cache fills (Alluxio #13022). Raise the limit to at least ${formatBytes(quota + heap)} or lower the quota.`,
      });
    }
    const path = String(lvl.path ?? '').split(',')[0];
    if (cluster?.shmBytes !== undefined && path === '/dev/shm' && quota > cluster.shmBytes) {
      problems.push({
        start: at.start,
        end: at.end,
        severity: 'warning',
        code: 'shm',
        message: `The MEM tier quota (${quotaText}) is larger than /dev/shm on the nodes (${formatBytes(cluster.shmBytes)}): writes fail once the tmpfs is full (Alluxio #12664). Lower the quota or enlarge /dev/shm.`,
      });
    }
  });
  return problems;
}

function checkRootUfs(parsed: YamlDocument, cluster: ClusterContext | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const { path, node } of propertyMaps(parsed)) {
    const pair = ownPair(node, ROOT_UFS);
    if (!pair || pair.value.kind !== 'scalar' || pair.value.empty) continue;
    const value = pair.value;
    const uri = value.text.trim();
    const where = formatPath([...path, ROOT_UFS]);
    const warn = (message: string, fixes: Problem['fixes'] = []): void => {
      problems.push({ start: value.start, end: value.end, severity: 'warning', code: 'ufs', message, fixes });
    };
    // A local path, or an Alluxio property reference such as ${alluxio.work.dir}/underFSStorage (the default).
    if (uri.startsWith('/') || uri.includes('${')) continue;
    const m = /^([a-zA-Z][\w+.-]*):\/\/([^/?#]*)(.*)$/.exec(uri);
    if (!m) {
      warn(
        `${where} is not a URI: write scheme://authority/path, e.g. hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020.`,
      );
      continue;
    }
    const scheme = m[1].toLowerCase();
    if (!UFS_SCHEMES.includes(scheme)) {
      const guess = nearest(scheme, UFS_SCHEMES);
      warn(
        `${where}: "${clip(scheme)}" is not an under file system scheme Alluxio knows${guess ? ` (did you mean ${guess}?)` : ''}.`,
      );
      continue;
    }
    if (scheme !== 'hdfs') continue;
    const hp = /^([^:]*)(?::(.*))?$/.exec(m[2]);
    const host = hp?.[1] ?? '';
    const portText = hp?.[2];
    if (!host) {
      warn(`${where} has no namenode host: write hdfs://HOST:8020.`);
      continue;
    }
    if (portText !== undefined && !/^\d+$/.test(portText)) {
      warn(`${where}: the port "${clip(portText)}" is not a number (the namenode RPC port is usually 8020).`);
      continue;
    }
    const port = portText === undefined ? undefined : Number(portText);
    if (port !== undefined && (port < 1 || port > 65535)) {
      warn(`${where}: the port ${port} is out of range.`);
      continue;
    }
    const nns = cluster?.namenodes;
    if (nns && !nns.some((nn) => hostMatchesNamenode(host, port ?? 8020, nn))) {
      const found = nns.map(namenodeUri);
      warn(
        found.length
          ? `${where} points at no HDFS namenode service in the cluster; found ${found.join(', ')}.`
          : `${where} points at no HDFS namenode service: none was found in the cluster (install HDFS first).`,
        found.map((u, i) => ({
          title: `Use ${u}`,
          edits: [{ start: value.start, end: value.end, newText: JSON.stringify(u + m[3]) }],
          preferred: i === 0,
        })),
      );
    }
  }
  return problems;
}

function checkNodeSelectors(parsed: YamlDocument, cluster: ClusterContext | undefined): Problem[] {
  const nodes = cluster?.nodeLabels;
  if (!nodes) return [];
  const problems: Problem[] = [];
  for (const owner of [[], ['master'], ['worker'], ['fuse']] as PathSegment[][]) {
    const path = [...owner, 'nodeSelector'];
    const { node, key } = nodeAtPath(parsed.root, path);
    if (node?.kind !== 'map' || !node.pairs.length || !key) continue;
    const wanted = Object.fromEntries(
      node.pairs.map((p) => [p.key.text, p.value.kind === 'scalar' ? p.value.text : '']),
    );
    if (nodes.some((labels) => Object.entries(wanted).every(([k, val]) => labels[k] === val))) continue;
    const sel = clip(
      Object.entries(wanted)
        .map(([k, val]) => `${k}=${val}`)
        .join(','),
      200,
    );
    problems.push({
      start: key.start,
      end: key.end,
      severity: 'warning',
      code: 'cluster',
      message: `${formatPath(path)} matches no node in the cluster (${sel}): the pods will stay Pending. Label the cache nodes: kubectl label nodes NODE ${sel.replace(/,/g, ' ')}.`,
    });
  }
  return problems;
}
