import { ClusterError, isClusterError, type ClusterClient, type ResourceKind } from './cluster-client';
import type { KubeObject, WatchEvent } from '../core/model/kinds';

/** Where a watcher delivers what it learns. */
export interface WatchSink {
  /** A (re-)list: the complete current set of objects of the kind. */
  reset(kind: ResourceKind, items: KubeObject[]): void;
  event(kind: ResourceKind, event: WatchEvent): void;
  /** The kind's current failure, or undefined once it works again. */
  failure(kind: ResourceKind, error: ClusterError | undefined): void;
}

export interface WatchTiming {
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Retry interval for failures a retry rarely fixes (forbidden, CRD missing, unauthorized). */
  slowRetryMs: number;
  /** Re-list interval when list is allowed but watch is forbidden. */
  pollMs: number;
}

export const DEFAULT_TIMING: WatchTiming = {
  minBackoffMs: 500,
  maxBackoffMs: 30_000,
  slowRetryMs: 60_000,
  pollMs: 15_000,
};

export interface WatchLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Keeps one kind in sync: list, then watch from the list's resourceVersion; restarts the watch
 * whenever it ends (client-node ends each one after ~30 s of silence), re-lists on 410 Expired and
 * after failures, and backs off on errors. Stopping keeps the resourceVersion so that a restart
 * (the view shown again) resumes instead of re-listing.
 */
export class ResourceWatcher {
  private resourceVersion = '';
  private abort: AbortController | undefined;
  private wake: (() => void) | undefined;
  /** Counts, for tests and the benchmark. */
  readonly stats = { lists: 0, watches: 0, failures: 0 };

  constructor(
    private readonly client: ClusterClient,
    readonly kind: ResourceKind,
    private readonly namespace: string,
    private readonly sink: WatchSink,
    private readonly log: WatchLog,
    private readonly timing: WatchTiming = DEFAULT_TIMING,
  ) {}

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Starts the loop; the returned promise settles when it stops. */
  start(): Promise<void> {
    if (this.abort) return Promise.resolve();
    const abort = new AbortController();
    this.abort = abort;
    return this.loop(abort.signal).finally(() => {
      if (this.abort === abort) this.abort = undefined;
    });
  }

  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.wake?.();
  }

  /** Ends a backoff wait now (the Retry action). */
  retryNow(): void {
    this.wake?.();
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let quickEnds = 0;
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) {
          this.stats.lists++;
          const listed = await this.client.list(this.kind, this.namespace);
          if (signal.aborted) return;
          this.sink.reset(this.kind, listed.items);
          this.sink.failure(this.kind, undefined);
          this.resourceVersion = listed.resourceVersion;
          failures = 0;
        }
        this.stats.watches++;
        const began = Date.now();
        await this.client.watch(
          this.kind,
          this.namespace,
          this.resourceVersion,
          {
            onEvent: (ev) => {
              const rv = ev.object.metadata.resourceVersion;
              if (rv) this.resourceVersion = rv;
              this.sink.event(this.kind, ev);
            },
            onResourceVersion: (rv) => {
              this.resourceVersion = rv;
            },
          },
          signal,
        );
        // The watch ended normally: restart from where it was. Guard against a server that ends
        // every watch at once, which would otherwise spin.
        quickEnds = Date.now() - began < 1000 ? quickEnds + 1 : 0;
        if (quickEnds > 2)
          await this.sleep(Math.min(this.timing.maxBackoffMs, this.timing.minBackoffMs * quickEnds), signal);
      } catch (e) {
        if (signal.aborted) return;
        const err = isClusterError(e)
          ? e
          : new ClusterError('other', this.kind, this.namespace, String(e), 'See the log.');
        if (err.kind === 'expired') {
          this.log.info(`${this.kind}: resource version ${this.resourceVersion} expired, re-listing`);
          this.resourceVersion = '';
          continue;
        }
        this.stats.failures++;
        if (err.kind === 'forbidden' && this.resourceVersion) {
          // List works but watch is forbidden: poll with lists.
          this.log.warn(`${this.kind}: ${err.message}; polling every ${this.timing.pollMs / 1000} s instead`);
          this.resourceVersion = '';
          await this.sleep(this.timing.pollMs, signal);
          continue;
        }
        failures++;
        this.sink.failure(this.kind, err);
        const slow = err.kind === 'forbidden' || err.kind === 'crdMissing' || err.kind === 'unauthorized';
        const delay = slow
          ? this.timing.slowRetryMs
          : Math.min(this.timing.maxBackoffMs, this.timing.minBackoffMs * 2 ** (failures - 1));
        this.log.warn(`${this.kind}: ${err.message}; retrying in ${Math.round(delay / 100) / 10} s`);
        // After a failure, re-list: events may have been missed while the server was away.
        this.resourceVersion = '';
        await this.sleep(delay, signal);
      }
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
  }
}
