import { ContainerLogReader, LineBlock } from '../core/log-pipeline/container-reader';
import type { ContainerView, PodView } from '../core/log-pipeline/pods';
import type { Timers } from '../core/log-pipeline/timers';
import { LogStreamError, PodLogRequest, PodLogStreamer, isLogStreamError } from '../k8s/log-stream/types';

export interface ContainerFollowOptions {
  /** lines of the existing log to start with (undefined: all) */
  tail?: number;
  sinceSeconds?: number;
  showTimestamps: boolean;
  /** only the previous (terminated) container's log, once, like `kubectl logs --previous` */
  previousOnly: boolean;
  /** a pod already restarted when following starts: show its previous container's last lines once */
  previousOnStart: boolean;
}

export interface ContainerOutput {
  /** the new lines of a chunk */
  lines(block: LineBlock): void;
  note(text: string): void;
  /** a failure a retry will not fix (403): shown once, the follower stops */
  fatal(err: LogStreamError): void;
  debug(text: string): void;
}

const BACKOFF_MS = [0, 250, 500, 1000, 2000, 5000];

/** How long a container the pod watch says has not started is left alone before its log is asked for anyway. */
export const NOT_STARTED_RECHECK_MS = 5000;

/**
 * Follows one container of one pod for as long as the pod exists: reopens the stream when it drops
 * (resuming from the last timestamp, de-duplicated), shows a restarted container's previous lines
 * that were not seen yet, then follows the new container from its first line.
 */
export class ContainerFollower {
  private pod: PodView;
  private stopped = false;
  private current: AbortController | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly done: Promise<void>;
  /** requests made, drops survived: for tests and the log */
  readonly stats = { requests: 0, drops: 0 };

  constructor(
    pod: PodView,
    readonly container: string,
    private readonly prefix: () => string,
    private readonly opts: ContainerFollowOptions,
    private readonly streamer: PodLogStreamer,
    private readonly out: ContainerOutput,
    private readonly timers: Timers,
  ) {
    this.pod = pod;
    this.done = this.run().catch((e) => this.out.note(`${this.label()}: stopped following: ${(e as Error).message}`));
  }

  /** Settles when the follower has stopped. */
  get finished(): Promise<void> {
    return this.done;
  }

  private view(): ContainerView | undefined {
    return this.pod.containers.find((c) => c.name === this.container);
  }

  private label(): string {
    return `${this.pod.name}/${this.container}`;
  }

  /** The pod changed: a new container instance aborts the current stream so the restart is handled. */
  update(pod: PodView): void {
    const before = this.view()?.instance;
    this.pod = pod;
    if (this.view()?.instance !== before) this.current?.abort();
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    this.current?.abort();
    this.wake();
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /** Waits for `ms`, or until the pod changes or the follower stops; true when woken before `ms`. */
  private sleep(ms: number | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      let handle: unknown;
      const done = () => {
        if (handle !== undefined) this.timers.clearTimeout(handle);
        resolve(true);
      };
      this.wakeUp = done;
      if (ms !== undefined)
        handle = this.timers.setTimeout(() => {
          if (this.wakeUp === done) this.wakeUp = undefined;
          resolve(false);
        }, ms);
    });
  }

  private started(c: ContainerView | undefined): boolean {
    if (!c) return false;
    if (c.phase === 'running' || c.phase === 'terminated') return true;
    return c.phase === 'unknown' && ['Running', 'Succeeded', 'Failed'].includes(this.pod.phase);
  }

  private newReader(): ContainerLogReader {
    return new ContainerLogReader({
      showTimestamps: this.opts.showTimestamps,
      prefix: this.prefix,
      onLines: (b) => this.out.lines(b),
    });
  }

  /** One request; returns the failure, if any (a dropped stream, a 400 while the container starts). */
  private async request(
    req: Omit<PodLogRequest, 'namespace' | 'pod' | 'container'>,
    reader: ContainerLogReader,
  ): Promise<LogStreamError | undefined> {
    const abort = new AbortController();
    this.current = abort;
    this.stats.requests++;
    try {
      await this.streamer.stream(
        { namespace: this.pod.namespace, pod: this.pod.name, container: this.container, ...req },
        (c) => reader.chunk(c),
        abort.signal,
      );
      return undefined;
    } catch (e) {
      if (isLogStreamError(e)) return e;
      return new LogStreamError('other', (e as Error).message);
    } finally {
      if (this.current === abort) this.current = undefined;
    }
  }

  /** The previous container's lines once: the last `tail` ones, or those after `reader`'s cursor. */
  private async showPrevious(reader: ContainerLogReader | undefined, restartCount: number): Promise<void> {
    const r = reader ?? this.newReader();
    const since = reader ? reader.resume() : undefined;
    const err = await this.request(
      { follow: false, previous: true, ...(since ? { sinceTime: since } : { tailLines: this.opts.tail }) },
      r,
    );
    if (err?.kind === 'forbidden') throw err;
    if (err) this.out.debug(`${this.label()}: previous log: ${err.message}`);
    r.end(true);
    if (!reader && r.lines > 0)
      this.out.note(`── ${this.label()}: above, the last lines of the container before restart ${restartCount} ──`);
  }

  private async run(): Promise<void> {
    try {
      await this.loop();
    } catch (e) {
      if (isLogStreamError(e) && (e.kind === 'forbidden' || e.kind === 'unauthorized')) this.out.fatal(e);
      else throw e;
    }
  }

  private async loop(): Promise<void> {
    if (this.opts.previousOnly) {
      await this.showPrevious(undefined, this.view()?.restartCount ?? 0);
      return;
    }
    let instance = this.view()?.instance;
    let reader = this.newReader();
    let first = true;
    let failures = 0;
    if (this.opts.previousOnStart && (this.view()?.restartCount ?? 0) > 0)
      await this.showPrevious(undefined, this.view()!.restartCount);
    while (!this.stopped) {
      const c = this.view();
      if (!c) return; // the container left the spec (cannot happen for a pod) or the pod is gone
      if (c.instance !== instance) {
        // Restarted: the old container's unseen last lines, then the new one from its start.
        await this.showPrevious(reader, c.restartCount);
        this.out.note(`── ${this.label()}: container restarted (restart ${c.restartCount}) ──`);
        instance = c.instance;
        reader = this.newReader();
        first = false;
        failures = 0;
        continue;
      }
      // Not started yet as far as the pod watch told: wait for its word, but not for ever — should
      // the watch have missed the change, the server is asked anyway (a 400 while the container
      // waits, then the usual backoff).
      if (!this.started(c) && (await this.sleep(NOT_STARTED_RECHECK_MS))) continue;
      const since = first ? undefined : reader.resume();
      const req = first
        ? { follow: true, tailLines: this.opts.tail, sinceSeconds: this.opts.sinceSeconds }
        : since
          ? { follow: true, sinceTime: since }
          : { follow: true };
      const before = reader.lines;
      const began = this.timers.now();
      const err = await this.request(req, reader);
      if (this.stopped) {
        reader.end(true);
        return;
      }
      if (!err || reader.lines > 0) first = false;
      if (err && (err.kind === 'forbidden' || err.kind === 'unauthorized')) throw err;
      if (err?.kind === 'notFound') {
        reader.end(true);
        return; // the pod is gone; the job follower picks up a new one
      }
      const now = this.view();
      if (!err && now?.instance === instance && now.phase === 'terminated') {
        reader.end(true);
        await this.sleep(undefined); // until it restarts or the pod goes
        continue;
      }
      reader.end(false);
      if (err)
        this.out.debug(`${this.label()}: ${err.message}; resuming from ${reader.cursor.lastTimestamp ?? 'the start'}`);
      this.stats.drops++;
      const progressed = reader.lines > before || this.timers.now() - began > 10_000;
      failures = progressed ? 1 : failures + 1;
      await this.sleep(BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)]);
    }
  }
}
