/**
 * Ids of the data nodes (what HDFS and Alluxio hold, under their release nodes), built and parsed here
 * and nowhere else. Shape: `d:PRODUCT|NS|REL|WHAT|ARG` where ARG (a path, a host, a tier) is
 * URI-encoded, so it holds no `|` or `#`; a row standing in for a node's children (Loading…, an error,
 * "… N more") is `NODE#loading`, `NODE#error`, `NODE#more`.
 *
 * HDFS: `storage`, `datanode|NAME`, `files|PATH` (a folder or file; `/` is the "Files" root).
 * Alluxio: `capacity`, `tier|ALIAS`, `workers`, `worker|HOST`, `mounts`, `mount|PATH`, `cache`
 * (the dataset's cache state), `field|NAME` (one of its Fluid-named fields), `files|PATH`.
 */
import { nodeId, type Product, type ReleaseKey } from './node-id';

export type DataWhat =
  | 'storage'
  | 'datanode'
  | 'files'
  | 'capacity'
  | 'tier'
  | 'workers'
  | 'worker'
  | 'mounts'
  | 'mount'
  | 'cache'
  | 'field';

export type RowKind = 'loading' | 'error' | 'more';

export interface DataNodeKey {
  release: ReleaseKey;
  what: DataWhat;
  /** the path, host, tier alias or field name ('' when the node has none) */
  arg: string;
}

export type DataId = ({ type: 'node' } & DataNodeKey) | { type: 'row'; row: RowKind; of: DataNodeKey };

const WHATS: readonly string[] = [
  'storage',
  'datanode',
  'files',
  'capacity',
  'tier',
  'workers',
  'worker',
  'mounts',
  'mount',
  'cache',
  'field',
];
const ROWS: readonly string[] = ['loading', 'error', 'more'];
const PRODUCTS: readonly string[] = ['hdfs', 'alluxio'];
/** Longest id parsed (a path of a few thousand characters at most). */
const MAX_ID = 8192;

export function dataNodeId(k: DataNodeKey): string {
  const { product, namespace, release } = k.release;
  return `d:${product}|${namespace}|${release}|${k.what}|${encodeURIComponent(k.arg)}`;
}

export function dataRowId(of: DataNodeKey, row: RowKind): string {
  return `${dataNodeId(of)}#${row}`;
}

export function isDataId(id: string): boolean {
  return id.startsWith('d:');
}

export function parseDataId(id: string): DataId | undefined {
  if (!isDataId(id) || id.length > MAX_ID) return undefined;
  const hash = id.indexOf('#');
  const head = hash < 0 ? id : id.slice(0, hash);
  const parts = head.slice(2).split('|');
  if (parts.length !== 5) return undefined;
  const [product, namespace, release, what, encoded] = parts;
  if (!PRODUCTS.includes(product) || !WHATS.includes(what) || !namespace || !release) return undefined;
  let arg: string;
  try {
    arg = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  const key: DataNodeKey = {
    release: { product: product as Product, namespace, release },
    what: what as DataWhat,
    arg,
  };
  if (hash < 0) return { type: 'node', ...key };
  const row = id.slice(hash + 1);
  return ROWS.includes(row) ? { type: 'row', row: row as RowKind, of: key } : undefined;
}

/** The tree id of the node a data node hangs under: a release node or another data node. */
export function dataParentId(d: DataId): string {
  if (d.type === 'row') return dataNodeId(d.of);
  const { release, what, arg } = d;
  const at = (w: DataWhat, a = '') => dataNodeId({ release, what: w, arg: a });
  switch (what) {
    case 'datanode':
      return at('storage');
    case 'tier':
      return at('capacity');
    case 'worker':
      return at('workers');
    case 'mount':
      return at('mounts');
    case 'field':
      return at('cache');
    case 'files':
      return arg === '/' || arg === '' ? nodeId({ kind: 'release', release }) : at('files', parentPath(arg));
    default:
      return nodeId({ kind: 'release', release });
  }
}

/** "/data/MNIST" → "/data"; "/data" → "/". */
export function parentPath(path: string): string {
  const cut = path.replace(/\/+$/, '').lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** "/data" + "MNIST" → "/data/MNIST". */
export function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir.replace(/\/+$/, '')}/${name}`;
}
