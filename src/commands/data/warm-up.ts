/**
 * Warm Up Cache: loads an Alluxio folder into the cache by exec in the master pod, with the command
 * the release has (`alluxio fs load --submit` on 2.9.4+, `distributedLoad` where the job service
 * runs, plain `load` otherwise — the progress title says which). Progress shows the cached share,
 * read from the cache state while it runs; Cancel stops the command in the pod (TERM to its pid, and
 * `load --stop` for a submitted load); the end says cached % before → after, bytes and time.
 */
import { nodeOf, optionsOf, releaseOf, type CommandTarget } from '../../core/command-target';
import {
  describeMethod,
  parseLoadProgress,
  parseSubmitted,
  warmUpCommand,
  type WarmUpMethod,
} from '../../core/data/alluxio-load';
import type { CacheState } from '../../core/data/cache-state';
import { describeError, type Outcome } from '../../core/data/outcome';
import { alluxioPathFor } from '../../core/data/readiness';
import {
  checkAlluxioPath,
  loadProgressCommand,
  loadStopCommand,
  parseStopped,
  progressText,
  warmUpMessage,
  type WarmUpReport,
} from '../../core/data/warm-up';
import type { ClusterClient } from '../../k8s/cluster-client';
import { detectWarmUp, fetchAlluxioStatus, fetchCacheState } from '../../k8s/data/alluxio-fetch';
import { lastLine, runInPod, type CommandOutput } from '../../k8s/data/pod-exec';
import { runStoppable, type StoppableRun } from '../../k8s/data/stoppable-exec';
import { mountsFromShell } from './readiness-gather';
import { chooseMaster, jobDataPath, notRunning, type AlluxioMasterRef } from './masters';
import { ended, type DataDeps, type DataOutcome } from './deps';

export interface WarmUpArgs {
  release?: string;
  namespace?: string;
  /** the Alluxio path; asked for when missing (default: the path the training job reads, else /) */
  path?: string;
  /** an HDFS path instead: warmed up where Alluxio mounts it */
  hdfsPath?: string;
  /** skip the detection (tests, or a user who knows) */
  method?: WarmUpMethod;
  /** `load --submit --bandwidth` (per worker), e.g. "1MB" */
  bandwidth?: string;
  /** time between two reads of the cache state (default 2 s) */
  pollMs?: number;
}

/** The longest a load may run before it is stopped (a bound, not a goal). */
const LOAD_TIMEOUT_MS = 6 * 3600_000;
const DEFAULT_POLL_MS = 2000;

function argsOf(target: CommandTarget): WarmUpArgs {
  const data = nodeOf(target)?.dataPath;
  if (data) {
    const at = { release: data.release, namespace: data.namespace };
    return data.product === 'alluxio' ? { ...at, path: data.path } : { ...at, hdfsPath: data.path };
  }
  return releaseOf(target) ?? optionsOf<WarmUpArgs>(target);
}

/** An HDFS folder node names its HDFS release, not Alluxio's: any Alluxio release that mounts it will do. */
function releaseFilter(target: CommandTarget, args: WarmUpArgs) {
  return nodeOf(target)?.dataPath?.product === 'hdfs' ? {} : { release: args.release, namespace: args.namespace };
}

export async function warmUpCache(deps: DataDeps, target: CommandTarget): Promise<DataOutcome> {
  const args = argsOf(target);
  const client = await deps.client();
  const master = await chooseMaster(
    client,
    deps.prompter,
    releaseFilter(target, args),
    'Warm Up Cache: which Alluxio release?',
  );
  if (master === undefined) return ended(false, 'declined');
  const refuse = typeof master === 'string' ? master : notRunning(master);
  if (refuse || typeof master === 'string') return fail(deps, 'noMaster', refuse!);

  let path = args.path;
  if (path === undefined && args.hdfsPath !== undefined) {
    const status = await fetchAlluxioStatus(client, master);
    const notes: string[] = [];
    const mounts =
      status.ok && status.value.source === 'rest' ? status.value.mounts : await mountsFromShell(client, master, notes);
    if (!mounts)
      return fail(deps, 'noMounts', `The mount table of ${master.release} could not be read: ${notes.join('; ')}`);
    path = alluxioPathFor(mounts, args.hdfsPath);
    if (path === undefined)
      return fail(
        deps,
        'notMounted',
        `hdfs:${args.hdfsPath} is not under any Alluxio mount of ${master.release} (mounts: ${mounts.map((m) => `${m.alluxioPath} → ${m.ufsUri}`).join(', ') || 'none listed'}): mount it in Alluxio first (alluxio fs mount).`,
      );
  }
  if (path === undefined) {
    const suggested = (await jobDataPath(client, master.namespace).catch(() => undefined)) ?? '/';
    path = await deps.prompter.input({
      title: `Alluxio folder to warm up (release ${master.release})`,
      prompt: 'Default: the folder the training job reads through FUSE',
      value: suggested,
      validate: checkAlluxioPath,
    });
    if (!path) return ended(false, 'declined');
  }
  const bad = checkAlluxioPath(path);
  if (bad) return fail(deps, 'badPath', `"${path}" is not a path to warm up: ${bad}.`);

  let method = args.method;
  if (!method) {
    const detected = await deps.prompter.progress(
      `Alluxio ${master.release}: which warm-up command?`,
      (_r, signal) => detectWarmUp(client, master, signal),
      { quiet: true },
    );
    if (!detected.ok) return fail(deps, 'noMethod', describeError(detected.error));
    method = detected.value;
  }
  const before = await fetchCacheState(client, master, path);
  if (!before.ok) return fail(deps, 'noPath', describeError(before.error));

  const run = new WarmUp(deps, client, master, path, method, args);
  const report = await deps.prompter.progress(
    `Warming up alluxio:${path} — ${describeMethod(method)}`,
    (progress, signal) => run.run(before.value, progress, signal),
  );
  const message = warmUpMessage(report);
  deps.outputs.data.append(`[${message}]\n`);
  deps.log.info(message);
  deps.events.fireWarmUp({ namespace: master.namespace, release: master.release, path, report });
  const details = { method, path, before: report.before, after: report.after, pids: run.pids };
  if (report.end === 'done') {
    void deps.prompter.info(message);
    return ended(true, 'warmedUp', message, details);
  }
  if (report.end === 'cancelled') {
    void deps.prompter.warn(message);
    return ended(false, 'cancelled', message, details);
  }
  void deps.prompter.error(message, {}, 'Show Output').then((c) => c && deps.outputs.data.show());
  return ended(false, 'failed', message, details);
}

function fail(deps: DataDeps, outcome: string, message: string): DataOutcome {
  deps.log.warn(message);
  void deps.prompter.error(message);
  return ended(false, outcome, message);
}

/** One warm-up under way: the commands it runs (to stop them) and the cached share it last read. */
class WarmUp {
  readonly pids: number[] = [];
  private readonly running = new Set<StoppableRun>();
  private latest: CacheState | undefined;
  private shown = 0;

  constructor(
    private readonly deps: DataDeps,
    private readonly client: ClusterClient,
    private readonly master: AlluxioMasterRef,
    private readonly path: string,
    private readonly method: WarmUpMethod,
    private readonly args: WarmUpArgs,
  ) {}

  async run(
    before: CacheState,
    progress: (message: string, increment?: number) => void,
    signal: AbortSignal,
  ): Promise<WarmUpReport> {
    const started = Date.now();
    this.latest = before;
    this.shown = before.cachedPercentage ?? 0;
    progress(progressText(before), this.shown);
    let stopping: Promise<string> | undefined;
    const onAbort = () => (stopping ??= this.stopAll());
    signal.addEventListener('abort', onAbort, { once: true });
    const report = (end: WarmUpReport['end'], note?: string): WarmUpReport => ({
      path: this.path,
      method: this.method,
      before,
      after: this.latest,
      elapsedMs: Date.now() - started,
      end,
      note,
    });
    try {
      const failure =
        this.method === 'submit' ? await this.submitted(progress, signal) : await this.foreground(progress, signal);
      if (signal.aborted) {
        const note = await stopping!;
        await this.readState();
        return report('cancelled', note);
      }
      await this.readState();
      return report(failure ? 'failed' : 'done', failure);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** distributedLoad or load: the command runs until the folder is loaded; the cache state is read meanwhile. */
  private async foreground(
    progress: (message: string, increment?: number) => void,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const load = this.start(warmUpCommand(this.method, this.path), LOAD_TIMEOUT_MS);
    let finished = false;
    const result = load.done.finally(() => (finished = true));
    while (!finished && !signal.aborted) {
      await Promise.race([result, this.pause(signal)]);
      if (finished || signal.aborted) break;
      await this.readState(progress);
    }
    return failure(await result, 'the load');
  }

  /** load --submit: the master loads; `load --progress` says when it is done, the cache state how far. */
  private async submitted(
    progress: (message: string, increment?: number) => void,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const submit = await this.start(warmUpCommand('submit', this.path, { bandwidth: this.args.bandwidth })).done;
    const why = failure(submit, 'load --submit');
    if (why || signal.aborted) return why;
    const text = submit.ok ? `${submit.value.stdout}\n${submit.value.stderr}` : '';
    const job = parseSubmitted(text);
    this.deps.outputs.data.append(job ? `  job ${job}\n` : `  ${lastLine(text)}\n`);
    for (;;) {
      await this.pause(signal);
      if (signal.aborted) return undefined;
      const [state] = await Promise.all([this.start(loadProgressCommand(this.path)).done, this.readState(progress)]);
      if (signal.aborted) return undefined;
      if (!state.ok) return failure(state, 'load --progress');
      const p = parseLoadProgress(`${state.value.stdout}\n${state.value.stderr}`);
      if (p.state === 'succeeded') return undefined;
      if (p.state === 'failed' || p.state === 'stopped')
        return `The load job ended ${p.rawState}: ${lastLine(state.value.stdout)}`;
      if (p.state === 'unknown' && state.value.exitCode !== 0) return failure(state, 'load --progress');
    }
  }

  private start(command: string[], timeoutMs?: number): StoppableRun {
    const m = this.master;
    const run = runStoppable(this.client, m, command, `${command.slice(0, 4).join(' ')} in ${m.namespace}/${m.pod}`, {
      timeoutMs,
    });
    this.running.add(run);
    void run.done.then(() => {
      this.running.delete(run);
      const pid = run.pid();
      if (pid !== undefined) this.pids.push(pid);
      this.deps.outputs.data.append(`$ ${command.join(' ')}   (exec in ${m.namespace}/${m.pod}, pid ${pid ?? '?'})\n`);
    });
    return run;
  }

  /** Cancel: TERM to every command still running in the pod; a submitted load is stopped in the master too. */
  private async stopAll(): Promise<string> {
    const killed = await Promise.all([...this.running].map((r) => r.stop()));
    const notes = killed.filter((k) => k.startsWith('sent TERM')).map((k) => k.replace(/^sent TERM to /, 'stopped '));
    if (this.method === 'submit') {
      const stop = await runInPod(this.client, this.master, loadStopCommand(this.path), 'load --stop');
      const said = stop.ok ? parseStopped(`${stop.value.stdout}\n${stop.value.stderr}`) : 'unknown';
      this.deps.outputs.data.append(`$ ${loadStopCommand(this.path).join(' ')}   → ${said}\n`);
      notes.push(
        said === 'stopped'
          ? 'the load job in the master was stopped (alluxio fs load --stop)'
          : said === 'notRunning'
            ? 'no load job of this path was running in the master (alluxio fs load --stop)'
            : `alluxio fs load --stop did not confirm: ${stop.ok ? lastLine(stop.value.stdout + stop.value.stderr) : describeError(stop.error)}`,
      );
    }
    return notes.join('; ') || 'nothing was running in the pod any more';
  }

  private async readState(progress?: (message: string, increment?: number) => void): Promise<void> {
    const s = await fetchCacheState(this.client, this.master, this.path);
    if (!s.ok) return;
    this.latest = s.value;
    const pct = s.value.cachedPercentage ?? this.shown;
    const increment = Math.max(0, pct - this.shown);
    this.shown = Math.max(this.shown, pct);
    progress?.(progressText(s.value), increment);
    this.deps.outputs.data.append(`  ${progressText(s.value)}\n`);
  }

  /** The poll interval, ended early by Cancel. */
  private pause(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.args.pollMs ?? DEFAULT_POLL_MS);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** Why a command's run is a failure, or undefined when it exited 0. */
function failure(o: Outcome<CommandOutput>, what: string): string | undefined {
  if (!o.ok) return o.error.kind === 'aborted' ? undefined : describeError(o.error);
  if (o.value.exitCode === 0) return undefined;
  return `${what} exited ${o.value.exitCode}: ${lastLine(o.value.stderr || o.value.stdout)}`;
}
