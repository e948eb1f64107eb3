/**
 * Fetches what the data nodes show, when they are shown (statuses) or expanded (folders, the cache
 * state), and refreshes them on a timer only while the view is visible: every `refreshSeconds`, the
 * resources whose nodes the view asked for since the last tick and that sit under no collapsed node.
 * Hidden (pause()), it makes no request at all. Counts the port-forwards and execs it opens (`stats`).
 * No vscode import: the explorer wires it to the tree view's events.
 */
import type { HitRatioWindow } from '../../core/data/hit-ratio';
import { describeError } from '../../core/data/outcome';
import type { ClusterModel } from '../../core/model/cluster-model';
import { dataNodeId, parseDataId } from '../../core/model/data-id';
import { DataStore, resourceKey, type ResourceKey } from '../../core/model/data-store';
import { nodeId, type ReleaseKey } from '../../core/model/node-id';
import { needs, type DataContext } from '../../core/model/tree-data';
import type { ClusterClient } from '../../k8s/cluster-client';
import { realTimers, type Timers } from '../../core/log-pipeline/timers';
import { datasetPathOf } from '../../core/data/dataset-path';
import { fetchResource } from './data-fetch';

export interface DataSettings {
  /** seconds between refreshes while visible; 0 = only on Refresh */
  refreshSeconds: number;
  /** the dataset's Alluxio path ('' = the mount other than /, else /) */
  datasetPath: string;
}

export interface DataLoaderDeps {
  client: ClusterClient;
  model: ClusterModel;
  settings: () => DataSettings;
  /** the node ids whose data changed */
  onChanges: (ids: string[]) => void;
  /** the tree's parent of an id, to tell whether a node sits under a collapsed one */
  parent: (id: string) => string | undefined;
  log?: (message: string) => void;
  /** the refresh timer's clock (tests pass a manual one) */
  timers?: Timers;
}

/** Requests the loader made: port-forwards opened and execs run. */
export interface DataStats {
  portForwards: number;
  execs: number;
  fetches: number;
}

/** Ancestors followed when checking for a collapsed one (a path is at most this deep in the tree). */
const MAX_DEPTH = 256;

export class DataLoader {
  readonly store = new DataStore();
  readonly stats: DataStats = { portForwards: 0, execs: 0, fetches: 0 };
  readonly context: DataContext;
  private readonly client: ClusterClient;
  private readonly inflight = new Map<string, { stop: AbortController; key: ResourceKey }>();
  /** resources asked for since the last tick, with the node that asked */
  private touched = new Map<string, { key: ResourceKey; node: string }>();
  private readonly collapsed = new Set<string>();
  private readonly hitWindows = new Map<string, HitRatioWindow>();
  private readonly lastError = new Map<string, string>();
  private timer: unknown;
  private readonly timers: Timers;
  private running = false;
  private disposed = false;

  constructor(private readonly deps: DataLoaderDeps) {
    this.client = countingClient(deps.client, this.stats);
    this.timers = deps.timers ?? realTimers;
    this.context = {
      store: this.store,
      datasetPath: (release) => this.datasetPath(release),
    };
  }

  /** The view rendered a node: fetch what it shows, if nothing is there yet. */
  shown(id: string): void {
    const d = parseDataId(id);
    // a Loading… or error row stands for its node: keep that node's resource due (an error retries)
    if (d?.type === 'row') {
      const owner = dataNodeId(d.of);
      const need = needs(owner);
      if (need) this.want(need.resource, owner);
      return;
    }
    const need = needs(id);
    if (need?.when === 'shown') this.want(need.resource, id);
  }

  /** The view asked for a node's children (it is expanded). */
  expanded(id: string): void {
    this.collapsed.delete(id);
    const need = needs(id);
    if (need) this.want(need.resource, id);
  }

  /** The user collapsed a node: what is under it is not refreshed until it is expanded again. */
  collapse(id: string): void {
    this.collapsed.add(id);
  }

  /** The view is visible: refreshes resume on the timer (re-read from the settings). */
  resume(): void {
    if (this.disposed) return;
    this.running = true;
    this.schedule();
  }

  /**
   * Hidden: no timer, and fetches under way are cancelled. Their resources are forgotten (no "Loading…"
   * with nothing in flight) and their nodes re-rendered, so that they load again when shown.
   */
  pause(): void {
    this.running = false;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const cancelled: ResourceKey[] = [];
    for (const [k, { stop, key }] of this.inflight) {
      stop.abort();
      this.inflight.delete(k);
      // a loaded value being refreshed stays; only a first load is undone
      if (this.store.get(key)?.status !== 'loading') continue;
      this.store.forget(key);
      cancelled.push(key);
    }
    if (cancelled.length && !this.disposed) this.deps.onChanges(cancelled.flatMap(ownerIds));
  }

  /** Refresh now: every resource shown since the last tick, and every failed one. */
  refreshNow(): void {
    this.tick();
  }

  /** Fetch these nodes' resources again now (after a command changed what they show). */
  reload(ids: readonly string[]): void {
    for (const id of ids) {
      const need = needs(id);
      if (need && !this.inflight.has(resourceKey(need.resource))) this.fetch(need.resource);
    }
  }

  get refreshing(): boolean {
    return this.running && this.timer !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.pause();
  }

  private datasetPath(release: ReleaseKey): string {
    const mounts = this.store.value({ kind: 'alluxioStatus', release, path: '' })?.mounts;
    return datasetPathOf(this.deps.settings().datasetPath, mounts);
  }

  private want(key: ResourceKey, node: string): void {
    const k = resourceKey(key);
    this.touched.set(k, { key, node });
    if (this.inflight.has(k)) return;
    // nothing yet, or "loading" with nothing in flight (a fetch that ended without an answer): fetch
    const state = this.store.get(key);
    if (!state || state.status === 'loading') this.fetch(key);
  }

  private schedule(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const seconds = this.deps.settings().refreshSeconds;
    if (!this.running || seconds <= 0) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.tick();
      this.schedule();
    }, seconds * 1000);
  }

  private tick(): void {
    const due = this.touched;
    this.touched = new Map();
    for (const [k, { key, node }] of due) {
      if (this.inflight.has(k) || this.underCollapsed(node)) continue;
      this.fetch(key);
    }
  }

  private underCollapsed(id: string): boolean {
    let at: string | undefined = this.deps.parent(id);
    for (let i = 0; at !== undefined && i < MAX_DEPTH; i++) {
      if (this.collapsed.has(at)) return true;
      at = this.deps.parent(at);
    }
    return false;
  }

  private fetch(key: ResourceKey): void {
    const k = resourceKey(key);
    const stop = new AbortController();
    this.inflight.set(k, { stop, key });
    this.store.loading(key);
    this.stats.fetches++;
    const deps = {
      client: this.client,
      model: this.deps.model,
      store: this.store,
      datasetPath: (r: ReleaseKey) => this.datasetPath(r),
      hitWindows: this.hitWindows,
    };
    void fetchResource(deps, key, stop.signal)
      .then((r) => {
        if (this.inflight.get(k)?.stop !== stop) return;
        this.inflight.delete(k);
        if (r.ok) {
          this.store.set(key, r.value);
          if (this.lastError.delete(k)) this.deps.log?.(`data: ${k} works again`);
        } else if (r.error.kind === 'aborted') {
          this.store.forget(key);
          return;
        } else {
          this.store.fail(key, r.error);
          const text = describeError(r.error);
          if (this.lastError.get(k) !== text) this.deps.log?.(`data: ${text}`);
          this.lastError.set(k, text);
        }
        if (!this.disposed) this.deps.onChanges(ownerIds(key));
      })
      .catch((e: unknown) => {
        if (this.inflight.get(k)?.stop !== stop) return;
        this.inflight.delete(k);
        const message = e instanceof Error ? e.message : String(e);
        this.store.fail(key, { kind: 'failed', what: k, message, hint: 'Refresh to try again.' });
        this.deps.log?.(`data: ${k} failed: ${message}`);
        if (!this.disposed) this.deps.onChanges(ownerIds(key));
      });
  }
}

/** The nodes that show a resource: refreshing them re-renders what depends on it. */
function ownerIds(key: ResourceKey): string[] {
  const { release } = key;
  switch (key.kind) {
    case 'hdfsStatus':
    case 'alluxioStatus':
      // the release's data rows change (an error row replaces them), and the cache's capacity
      return [nodeId({ kind: 'release', release }), dataNodeId({ release, what: 'cache', arg: '' })];
    case 'cache':
      return [dataNodeId({ release, what: 'cache', arg: '' })];
    default:
      return [dataNodeId({ release, what: 'files', arg: key.path })];
  }
}

/** The client with its port-forwards and execs counted. */
function countingClient(client: ClusterClient, stats: DataStats): ClusterClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'portForward')
        return (...args: Parameters<ClusterClient['portForward']>) => {
          stats.portForwards++;
          return target.portForward(...args);
        };
      if (prop === 'exec')
        return (...args: Parameters<ClusterClient['exec']>) => {
          stats.execs++;
          return target.exec(...args);
        };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
