import * as vscode from 'vscode';
import { BoundedLogOutput, DEFAULT_LOG_OUTPUT } from '../core/log-pipeline/log-output';
import { JobRef, declaredReplicas } from '../core/log-pipeline/pods';
import { ProgressParser, ProgressState, compileProgressPattern, formatProgress } from '../core/log-pipeline/progress';
import { UserError } from '../platform/commands';
import type { Config } from '../platform/config';
import type { ClusterHandle } from '../connection/cluster-handle';
import { isClusterError, type ClusterError } from '../k8s/cluster-client';
import { CurvePoint, FollowOptions, FollowState, JobFollower } from './job-follower';
import { namespacePods } from './pod-source';
import { ProgressStatusItem } from './progress-status';

export interface ProgressChange {
  job: JobRef;
  state: ProgressState;
  text: string;
  /** curve points since the previous change (changes are coalesced, at most one per 200 ms a job) */
  points: CurvePoint[];
}

const PROGRESS_INTERVAL_MS = 200;

const MAX_POINTS = 20_000;

/** One followed job: its channel, its follower, its progress and curve. */
export class FollowSession implements vscode.Disposable {
  readonly channel: vscode.OutputChannel;
  readonly output: BoundedLogOutput;
  follower: JobFollower | undefined;
  /** The cluster being followed, kept open until the session stops (a context switch does not end it). */
  cluster: ClusterHandle | undefined;
  readonly points: CurvePoint[] = [];
  state: FollowState | undefined;
  detail = '';
  private shown = false;

  constructor(readonly job: JobRef) {
    this.channel = vscode.window.createOutputChannel(`Alluxio DL: ${job.name}`);
    this.output = new BoundedLogOutput(
      { append: (t) => this.channel.append(t), replace: (t) => this.channel.replace(t) },
      DEFAULT_LOG_OUTPUT,
    );
  }

  get key(): string {
    return jobKey(this.job);
  }

  /** Shows the channel the first time only, never taking focus. */
  reveal(force = false): void {
    if (this.shown && !force) return;
    this.shown = true;
    this.channel.show(true);
  }

  /** points not yet announced, and the latest state */
  pendingPoints: CurvePoint[] = [];
  latest: ProgressState | undefined;
  progressTimer: ReturnType<typeof setTimeout> | undefined;

  addPoint(p: CurvePoint): void {
    this.points.push(p);
    this.pendingPoints.push(p);
    // Trimmed in steps so that a long run costs O(1) per point.
    if (this.points.length > MAX_POINTS * 1.25) this.points.splice(0, this.points.length - MAX_POINTS);
    if (this.pendingPoints.length > MAX_POINTS) this.pendingPoints.splice(0, this.pendingPoints.length - MAX_POINTS);
  }

  stop(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.follower?.dispose();
    this.follower = undefined;
    this.cluster?.release();
    this.cluster = undefined;
    this.output.flush();
  }

  dispose(): void {
    this.stop();
    this.output.dispose();
    this.channel.dispose();
  }
}

export function jobKey(job: JobRef): string {
  return `${job.namespace}/${job.kind}/${job.name}`;
}

/**
 * Follows the logs of training jobs: one session (channel) per job, the status bar item, and the
 * progress event the explorer and the curve view listen to.
 */
export class LogsService implements vscode.Disposable {
  private readonly sessions = new Map<string, FollowSession>();
  private readonly progressEmitter = new vscode.EventEmitter<ProgressChange>();
  readonly onDidChangeProgress = this.progressEmitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<FollowSession>();
  readonly onDidChangeState = this.stateEmitter.event;
  private readonly status = new ProgressStatusItem();
  private patternWarned = '';

  constructor(
    /** The chosen cluster's handle (the connection service's). */
    private readonly cluster: () => ClusterHandle,
    private readonly config: Config,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private parser(): ProgressParser {
    const pattern = this.config.get().progressPattern;
    const compiled = compileProgressPattern(pattern);
    if (!compiled.ok) {
      if (this.patternWarned !== pattern)
        void vscode.window.showWarningMessage(`Alluxio DL: ${compiled.error}. Using the MNIST example's format.`);
      this.patternWarned = pattern;
      return new ProgressParser();
    }
    return new ProgressParser(compiled.value);
  }

  get all(): FollowSession[] {
    return [...this.sessions.values()];
  }

  session(job: JobRef): FollowSession | undefined {
    return this.sessions.get(jobKey(job));
  }

  /** Starts following (or restarts with new options); returns the session. */
  async follow(job: JobRef, opts: FollowOptions): Promise<FollowSession> {
    const conn = this.cluster();
    let s = this.sessions.get(jobKey(job));
    if (s) s.stop();
    else {
      s = new FollowSession(job);
      this.sessions.set(s.key, s);
    }
    const session = s;
    session.cluster = conn.retain();
    const desc = `${opts.tail < 0 ? 'all lines' : `last ${opts.tail} lines`}${opts.container ? `, container ${opts.container}` : ''}${opts.previous ? ', previous containers' : ''}${opts.timestamps ? ', timestamps' : ''}`;
    session.output.line(
      `── Following ${job.kind} ${job.namespace}/${job.name} on context ${conn.context} (${desc}) ──`,
    );
    const follower = new JobFollower({
      job: job,
      options: opts,
      pods: namespacePods(conn.client, job.namespace, this.log),
      streamer: conn.streamer,
      parser: this.parser(),
      output: {
        line: (t) => session.output.line(t),
        block: (t, n) => session.output.block(t, n),
        state: (st, detail) => {
          session.state = st;
          session.detail = detail;
          if (st === 'failed') this.log.warn(`logs of ${job.name}: ${detail}`);
          this.stateEmitter.fire(session);
        },
        progress: (state, point) => {
          if (point) session.addPoint(point);
          session.latest = state;
          // Coalesced: a fast log updates the status bar, the explorer and the curve a few times a second.
          session.progressTimer ??= setTimeout(() => {
            session.progressTimer = undefined;
            const latest = session.latest ?? {};
            const text = formatProgress(latest);
            const points = session.pendingPoints;
            session.pendingPoints = [];
            this.status.show(job.name, text, `${job.kind} ${job.namespace}/${job.name}`);
            this.progressEmitter.fire({ job, state: latest, text, points });
          }, PROGRESS_INTERVAL_MS);
        },
        debug: (t) => this.log.debug(t),
      },
    });
    session.follower = follower;
    follower.start();
    session.reveal();
    return session;
  }

  /**
   * The cluster's TFJobs and PyTorchJobs. A kind whose CRD is missing is skipped; when no kind can be
   * listed the failure is reported (a 403 names the user and the permission to ask for).
   */
  async jobs(): Promise<(JobRef & { replicas?: number })[]> {
    const conn = this.cluster();
    const out: (JobRef & { replicas?: number })[] = [];
    const failures: { kind: string; err: ClusterError }[] = [];
    for (const [kind, name] of [
      ['tfjobs', 'TFJob'],
      ['pytorchjobs', 'PyTorchJob'],
    ] as const) {
      try {
        const listed = await conn.client.list(kind, '');
        for (const o of listed.items)
          out.push({
            namespace: o.metadata.namespace ?? 'default',
            kind: name,
            name: o.metadata.name,
            replicas: declaredReplicas(o),
          });
      } catch (e) {
        this.log.info(`jobs picker: ${kind}: ${(e as Error).message}`);
        if (!isClusterError(e)) throw e;
        failures.push({ kind, err: e });
      }
    }
    const forbidden = failures.filter((f) => f.err.kind === 'forbidden');
    if (out.length === 0 && forbidden.length > 0) {
      throw new UserError(
        `403 Forbidden: ${forbidden.map((f) => f.err.message).join('; ')}. ${forbidden[0].err.hint ?? ''} You can still follow a job's pods from the explorer.`.trim(),
      );
    }
    if (out.length === 0 && failures.length === 2 && failures.every((f) => f.err.kind !== 'crdMissing'))
      throw failures[0].err;
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  stop(job: JobRef): boolean {
    const s = this.sessions.get(jobKey(job));
    if (!s) return false;
    s.stop();
    s.output.line(`── Stopped following ${job.name} ──`);
    this.status.clear(job.name);
    this.stateEmitter.fire(s);
    return true;
  }

  get statusText(): string {
    return this.status.text;
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.status.dispose();
    this.progressEmitter.dispose();
    this.stateEmitter.dispose();
  }
}
