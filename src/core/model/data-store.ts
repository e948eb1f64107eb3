/**
 * What the data nodes show, as fetched: one entry per resource (an HDFS release's status, a folder's
 * listing, an Alluxio release's status, a folder's browse page, a dataset's cache state), each
 * loading, loaded or failed. Pure: the view's loader fetches and writes here; the tree reads. Bounded:
 * the oldest entries are forgotten past MAX_ENTRIES. No vscode import.
 */
import type { BrowseEntry } from '../data/alluxio-browse';
import type { AlluxioMasterInfo } from '../data/alluxio-rest';
import type { CacheState } from '../data/cache-state';
import type { ContentSummary, HdfsEntry, HdfsSummary } from '../data/hdfs-rest';
import type { HitRatio } from '../data/hit-ratio';
import type { DataError } from '../data/outcome';
import { releaseKey, type ReleaseKey } from './node-id';

/** Entries shown per folder; the rest is one "… N more" row. */
export const MAX_LISTED = 1_000;
/** Resources remembered (folders browsed, releases); the least recently written are dropped. */
export const MAX_ENTRIES = 2_000;

export interface HdfsListing {
  /** the first MAX_LISTED entries, folders first, by name */
  entries: HdfsEntry[];
  /** how many the folder holds */
  total: number;
  /** files, folders and bytes below the folder (GETCONTENTSUMMARY), when it answered */
  summary?: ContentSummary;
}

export interface AlluxioListing {
  entries: BrowseEntry[];
  total: number;
}

export interface CacheView {
  path: string;
  state: CacheState;
  /** undefined until two counter samples exist */
  hit?: HitRatio;
  /** why the hit ratio is not shown (no metrics, a failed fetch) */
  hitNote?: string;
}

export interface AlluxioStatusView extends AlluxioMasterInfo {
  source: 'rest' | 'shell';
}

export interface HdfsStatusView extends HdfsSummary {
  source: 'jmx' | 'shell';
}

export interface ResourceValues {
  hdfsStatus: HdfsStatusView;
  hdfsList: HdfsListing;
  alluxioStatus: AlluxioStatusView;
  alluxioList: AlluxioListing;
  cache: CacheView;
}

export type ResourceKind = keyof ResourceValues;

export interface ResourceKey {
  kind: ResourceKind;
  release: ReleaseKey;
  /** the folder (lists) or dataset path (cache); '' for statuses */
  path: string;
}

export type ResourceState<T> =
  | { status: 'loading'; at: number }
  | { status: 'ok'; value: T; at: number }
  | { status: 'error'; error: DataError; at: number };

export function resourceKey(k: ResourceKey): string {
  return `${k.kind}|${releaseKey(k.release)}|${k.path}`;
}

export class DataStore {
  private readonly entries = new Map<string, ResourceState<unknown>>();

  get<K extends ResourceKind>(key: ResourceKey & { kind: K }): ResourceState<ResourceValues[K]> | undefined {
    return this.entries.get(resourceKey(key)) as ResourceState<ResourceValues[K]> | undefined;
  }

  /** The value when loaded, else undefined. */
  value<K extends ResourceKind>(key: ResourceKey & { kind: K }): ResourceValues[K] | undefined {
    const s = this.get(key);
    return s?.status === 'ok' ? s.value : undefined;
  }

  /** Marks a resource loading; a loaded one keeps its value while it reloads (no flicker). */
  loading(key: ResourceKey, now = Date.now()): void {
    const k = resourceKey(key);
    const old = this.entries.get(k);
    if (old?.status === 'ok') return;
    this.write(k, { status: 'loading', at: now });
  }

  set<K extends ResourceKind>(key: ResourceKey & { kind: K }, value: ResourceValues[K], now = Date.now()): void {
    this.write(resourceKey(key), { status: 'ok', value, at: now });
  }

  fail(key: ResourceKey, error: DataError, now = Date.now()): void {
    this.write(resourceKey(key), { status: 'error', error, at: now });
  }

  forget(key: ResourceKey): void {
    this.entries.delete(resourceKey(key));
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private write(k: string, s: ResourceState<unknown>): void {
    this.entries.delete(k);
    this.entries.set(k, s);
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** A folder's listing as shown: folders first, then files, by name; the first MAX_LISTED of them. */
export function hdfsListing(entries: readonly HdfsEntry[], summary?: ContentSummary): HdfsListing {
  const sorted = [...entries].sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
  return { entries: sorted.slice(0, MAX_LISTED), total: entries.length, summary };
}
