import { ProgressEvent, ProgressParser, ProgressState, applyProgress } from '../core/log-pipeline/progress';
import {
  JobRef,
  PodView,
  describeSelectors,
  linePrefix,
  podBelongsTo,
  podView,
  replicaName,
} from '../core/log-pipeline/pods';
import { Timers, realTimers } from '../core/log-pipeline/timers';
import { timeKey } from '../core/log-pipeline/timestamps';
import type { LineBlock } from '../core/log-pipeline/container-reader';
import type { KubeObject, WatchEvent } from '../core/model/kinds';
import type { PodLogStreamer } from '../k8s/log-stream/types';
import type { ClusterError } from '../k8s/cluster-client';
import { ContainerFollower } from './container-follower';

export interface FollowOptions {
  /** lines of each existing container's log to start with; -1: all */
  tail: number;
  sinceSeconds?: number;
  timestamps: boolean;
  /** only this container of each pod */
  container?: string;
  /** only the previous containers' logs, once */
  previous: boolean;
  /** replicas the job declares (more than one: prefix lines from the start) */
  expectedReplicas?: number;
}

/** A point of the training curve. */
export interface CurvePoint {
  /** ms since the epoch: the line's timestamp, else the time it arrived */
  t: number;
  /** the replica (and container, when a pod has several) the line came from: one curve each */
  series?: string;
  epoch?: number;
  loss?: number;
  testLoss?: number;
  accuracy?: number;
}

export type FollowState = 'waiting' | 'following' | 'failed' | 'stopped';

export interface JobOutput {
  /** one line of our own (a note), without its newline */
  line(text: string): void;
  /** `lines` lines of a container's log (one chunk of it), each ending in `\n` */
  block(text: string, lines: number): void;
  state(state: FollowState, detail: string): void;
  progress(state: ProgressState, point: CurvePoint | undefined): void;
  /** the extension's own log */
  debug(text: string): void;
}

/** Where the job's pods come from: a watch of the namespace's pods (src/k8s/watcher.ts in the editor). */
export interface PodSource {
  /** A failure's kind tells whether it heals by itself ('unreachable', 'expired'). */
  start(handlers: {
    reset(items: KubeObject[]): void;
    event(ev: WatchEvent): void;
    failure(err: ClusterError | undefined): void;
  }): { dispose(): void };
}

/** What a JobFollower follows, where its lines go, and the parts it works with. */
export interface JobFollowerSetup {
  job: JobRef;
  options: FollowOptions;
  /** The job's namespace's pods (a watch). */
  pods: PodSource;
  streamer: PodLogStreamer;
  parser: ProgressParser;
  output: JobOutput;
  /** Timers (fake ones in unit tests). */
  timers?: Timers;
}

/**
 * Follows every pod and container of a training job: pods come and go through the pod watch, each
 * container gets a ContainerFollower, lines are prefixed with their replica once there is more than one,
 * and progress lines feed the job's progress.
 */
export class JobFollower {
  private readonly followers = new Map<string, ContainerFollower>(); // uid/container
  private readonly pods = new Map<string, PodView>(); // uid → pod
  private readonly replicasSeen = new Set<string>();
  private progressState: ProgressState = {};
  private watch: { dispose(): void } | undefined;
  private fatalShown = false;
  private started = false;
  private lastState: FollowState | undefined;
  private podsListed = false;

  readonly job: JobRef;
  private readonly opts: FollowOptions;
  private readonly source: PodSource;
  private readonly streamer: PodLogStreamer;
  private readonly parser: ProgressParser;
  private readonly out: JobOutput;
  private readonly timers: Timers;

  constructor(setup: JobFollowerSetup) {
    this.job = setup.job;
    this.opts = setup.options;
    this.source = setup.pods;
    this.streamer = setup.streamer;
    this.parser = setup.parser;
    this.out = setup.output;
    this.timers = setup.timers ?? realTimers;
  }

  get progress(): ProgressState {
    return this.progressState;
  }

  get podCount(): number {
    return this.pods.size;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.watch = this.source.start({
      reset: (items) => this.reset(items),
      event: (ev) => this.event(ev),
      failure: (err) => {
        // A dropped connection (API server restarting, network) heals by itself: the log streams
        // resume on their own, so it goes to the extension's log, not into the job's channel.
        if (err && (err.kind === 'unreachable' || err.kind === 'expired'))
          this.out.debug(`${this.job.name}: pod watch: ${err.message}`);
        else if (err) this.setState('failed', err.message);
        else if (this.lastState === 'failed') this.updateState();
      },
    });
  }

  private mine(o: KubeObject): boolean {
    return podBelongsTo(this.job, {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      labels: o.metadata.labels,
    });
  }

  private reset(items: KubeObject[]): void {
    this.podsListed = true;
    const current = new Map(items.filter((o) => this.mine(o)).map((o) => [podView(o).uid, podView(o)]));
    if (this.initialPods === undefined) this.initialPods = new Set(current.keys());
    for (const uid of [...this.pods.keys()]) if (!current.has(uid)) this.removePod(uid);
    for (const pod of current.values()) this.upsertPod(pod);
    this.updateState();
  }

  private event(ev: WatchEvent): void {
    if (!this.mine(ev.object)) return;
    const pod = podView(ev.object);
    if (ev.type === 'DELETED') this.removePod(pod.uid);
    else this.upsertPod(pod);
    this.updateState();
  }

  private multiPod(): boolean {
    return (this.opts.expectedReplicas ?? 0) > 1 || this.replicasSeen.size > 1;
  }

  private replica(pod: PodView): string {
    return replicaName(pod.name, pod.labels, this.job.kind === 'Pod' ? '' : this.job.name);
  }

  private containersOf(pod: PodView): string[] {
    const names = pod.containers.map((c) => c.name);
    if (this.opts.container) return names.includes(this.opts.container) ? [this.opts.container] : [];
    return names;
  }

  private upsertPod(pod: PodView): void {
    const isNew = !this.pods.has(pod.uid);
    this.pods.set(pod.uid, pod);
    if (isNew) {
      this.replicasSeen.add(this.replica(pod));
      const containers = this.containersOf(pod);
      if (containers.length === 0 && this.opts.container) {
        this.out.line(
          `── ${pod.name} has no container ${this.opts.container} (it has ${pod.containers.map((c) => c.name).join(', ')}) ──`,
        );
      }
      // Pods there when following starts get the tail; pods that appear later are shown from their start.
      const tail = !this.podsListedBefore(pod) || this.opts.tail < 0 ? undefined : this.opts.tail;
      for (const name of containers) {
        const multiContainer = containers.length > 1;
        const replica = this.replica(pod);
        const f = new ContainerFollower(
          pod,
          name,
          () => linePrefix(replica, name, { multiPod: this.multiPod(), multiContainer }),
          {
            tail,
            sinceSeconds: this.opts.sinceSeconds,
            showTimestamps: this.opts.timestamps,
            previousOnly: this.opts.previous,
            previousOnStart: true,
          },
          this.streamer,
          {
            lines: (batch) => this.onLines(batch, multiContainer ? `${replica}/${name}` : replica),
            note: (text) => this.out.line(text),
            fatal: (err) => {
              if (this.fatalShown) return;
              this.fatalShown = true;
              this.setState('failed', err.message);
            },
            debug: (text) => this.out.debug(`${this.job.name}: ${text}`),
          },
          this.timers,
        );
        this.followers.set(`${pod.uid}/${name}`, f);
      }
    } else {
      for (const [key, f] of this.followers) if (key.startsWith(`${pod.uid}/`)) f.update(pod);
    }
  }

  /** uids of the pods of the first list: they get the tail */
  private initialPods: Set<string> | undefined;

  private podsListedBefore(pod: PodView): boolean {
    return this.initialPods?.has(pod.uid) ?? false;
  }

  private removePod(uid: string): void {
    const pod = this.pods.get(uid);
    this.pods.delete(uid);
    for (const [key, f] of [...this.followers]) {
      if (!key.startsWith(`${uid}/`)) continue;
      // Let the stream deliver the container's last lines, then stop it.
      const h = this.timers.setTimeout(() => f.stop(), 2000);
      void f.finished.then(() => this.timers.clearTimeout(h));
      this.followers.delete(key);
    }
    if (pod) this.out.line(`── pod ${pod.name} deleted ──`);
  }

  private onLines(block: LineBlock, series: string): void {
    this.out.block(block.text, block.lines);
    for (const { ev, ts } of this.parser.parseBlock(block.raw)) {
      const t = (ts && timeKey(ts)?.[0]) || this.timers.now();
      this.progressState = applyProgress(this.progressState, ev);
      this.out.progress(this.progressState, pointOf(ev, t, series));
    }
  }

  private updateState(): void {
    if (this.lastState === 'failed' && this.fatalShown) return;
    if (!this.podsListed) return;
    if (this.pods.size === 0) {
      this.setState(
        'waiting',
        `Waiting for pods of ${this.job.kind} ${this.job.namespace}/${this.job.name} (${describeSelectors(this.job)})`,
      );
    } else {
      const n = this.pods.size;
      this.setState(
        'following',
        `Following ${n} pod${n === 1 ? '' : 's'} of ${this.job.kind} ${this.job.namespace}/${this.job.name}`,
      );
    }
  }

  private setState(state: FollowState, detail: string): void {
    const changed = state !== this.lastState;
    this.lastState = state;
    if (changed && state !== 'following') this.out.line(`── ${detail} ──`);
    this.out.state(state, detail);
  }

  get state(): FollowState | undefined {
    return this.lastState;
  }

  dispose(): void {
    this.watch?.dispose();
    this.watch = undefined;
    for (const f of this.followers.values()) f.stop();
    this.followers.clear();
    this.lastState = 'stopped';
    this.out.state('stopped', `Stopped following ${this.job.name}`);
  }
}

function pointOf(ev: ProgressEvent, t: number, series: string): CurvePoint {
  if (ev.kind === 'train') return { t, series, epoch: ev.epoch + ev.percent / 100, loss: ev.loss };
  if (ev.kind === 'test') return { t, series, testLoss: ev.loss, accuracy: ev.accuracy };
  const p: CurvePoint = { t, series };
  if (ev.epoch !== undefined) p.epoch = ev.epoch + (ev.percent ?? 0) / 100;
  if (ev.loss !== undefined) p.loss = ev.loss;
  if (ev.accuracy !== undefined) p.accuracy = ev.accuracy;
  return p;
}
