import type * as vscode from 'vscode';
import type { ClusterClient } from '../k8s/cluster-client';
import { ResourceWatcher, type WatchSink, type WatchTiming } from '../k8s/watcher';
import { ClusterModel, type Changes } from '../core/model/cluster-model';
import { ALL_KINDS, type ResourceKind } from '../core/model/kinds';
import { ExplorerTree } from '../core/model/tree';
import { DataLoader, type DataSettings } from './data/data-loader';

/**
 * One connection: a client for a (context, namespace), a watcher per kind and the model they feed.
 * Watches run only between resume() and pause() (the view is visible); pausing keeps the
 * resourceVersions, so showing the view again resumes the watches instead of re-listing.
 */
export class ClusterSession {
  readonly model = new ClusterModel();
  /** The data nodes' fetches (HDFS and Alluxio contents): shown and expanded nodes only, paused with the watches. */
  readonly data: DataLoader;
  readonly tree: ExplorerTree;
  private readonly watchers: ResourceWatcher[];
  private disposed = false;

  constructor(
    readonly client: ClusterClient,
    readonly namespace: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly onChanges: (changes: Changes) => void,
    dataSettings: () => DataSettings,
    timing?: WatchTiming,
  ) {
    this.data = new DataLoader({
      client,
      model: this.model,
      settings: dataSettings,
      onChanges: (ids) => this.onChanges(new Set(ids)),
      parent: (id) => this.tree.parent(id),
      log: (m) => log.info(m),
    });
    this.tree = new ExplorerTree(this.model, this.data.context);
    const sink: WatchSink = {
      reset: (kind, items) => this.onChanges(this.model.reset(kind, items)),
      event: (kind, ev) => this.onChanges(this.model.apply(kind, ev)),
      failure: (kind, err) => {
        // Logged once per change, not at every retry.
        if (err && this.model.failures.get(kind)?.message !== err.message)
          log.warn(`explorer: ${err.message} — ${err.hint}`);
        const wasUnreachable = this.model.failures.get(kind)?.kind === 'unreachable';
        if (!err && this.model.failures.has(kind)) log.info(`explorer: ${kind} works again`);
        this.onChanges(this.model.setFailure(kind, err));
        // The server is back: the other kinds need not wait out their backoff.
        if (!err && wasUnreachable) this.retry();
      },
    };
    const wlog = { info: (m: string) => log.debug(`explorer: ${m}`), warn: (m: string) => log.debug(`explorer: ${m}`) };
    this.watchers = ALL_KINDS.map(
      (kind: ResourceKind) => new ResourceWatcher(client, kind, namespace, sink, wlog, timing),
    );
  }

  get watching(): boolean {
    return this.watchers.some((w) => w.running);
  }

  resume(): void {
    if (this.disposed) return;
    this.data.resume();
    for (const w of this.watchers) {
      if (!w.running) void w.start().catch((e) => this.log.error(`explorer: watcher of ${w.kind} stopped: ${e}`));
    }
  }

  pause(): void {
    this.data.pause();
    for (const w of this.watchers) w.stop();
  }

  /** Retry now whatever is waiting in a backoff. */
  retry(): void {
    for (const w of this.watchers) w.retryNow();
    this.data.refreshNow();
  }

  dispose(): void {
    this.disposed = true;
    this.pause();
  }
}
