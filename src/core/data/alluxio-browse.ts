/**
 * The master's browse answer (`GET /api/v1/master/webui_browse?path=&offset=&limit=`), the page that
 * shows "% in Alluxio" per file, read one page at a time for a lazily expanding tree. Sizes come as
 * rounded human text ("1610.23KB"), so they are approximate; for exact bytes use `alluxio fs du`.
 * A path that does not exist comes back as HTTP 200 with `invalidPathError` set: 'missing' here.
 * No vscode import.
 */
import { arr, bool, obj, parseObject, str } from './json';
import { nonNegative, parseByteSize, percentage } from './numbers';

export interface BrowseEntry {
  path: string;
  name: string;
  isDir: boolean;
  /** approximate (parsed from human text); undefined for folders */
  size?: number;
  inAlluxioPercent?: number;
  persistence?: string;
  pinned?: boolean;
}

export type BrowsePage =
  | { kind: 'page'; path: string; entries: BrowseEntry[]; offset: number; total?: number }
  | { kind: 'missing'; path: string; message: string };

const MAX_PAGE = 100_000;

/** One page of a folder; `missing` when the master says the path does not exist. */
export function parseBrowse(text: string, path: string): BrowsePage {
  const j = parseObject(text, 'Alluxio web UI browse');
  const problem =
    str(j.invalidPathError) ||
    str(obj(j.fileDoesNotExistException)?.message) ||
    str(obj(j.invalidPathException)?.message);
  if (problem) return { kind: 'missing', path, message: problem };
  const entries: BrowseEntry[] = [];
  for (const v of arr(j.fileInfos, MAX_PAGE)) {
    const f = obj(v);
    const p = str(f?.absolutePath);
    if (!f || !p) continue;
    const isDir = bool(f.isDirectory) ?? false;
    entries.push({
      path: p,
      name: str(f.name) ?? p.slice(p.lastIndexOf('/') + 1),
      isDir,
      size: isDir ? undefined : parseByteSize(str(f.size)),
      inAlluxioPercent: isDir ? undefined : percentage(f.inAlluxioPercentage),
      persistence: str(f.persistenceState),
      pinned: bool(f.pinned),
    });
  }
  return {
    kind: 'page',
    path: str(j.currentPath) ?? path,
    entries,
    offset: nonNegative(j.viewingOffset) ?? 0,
    total: nonNegative(j.ntotalFile),
  };
}

/** The request path for one page. */
export function browsePath(path: string, offset: number, limit: number): string {
  return `/api/v1/master/webui_browse?path=${encodeURIComponent(path)}&offset=${offset}&limit=${limit}`;
}
