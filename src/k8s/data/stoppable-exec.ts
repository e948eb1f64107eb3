/**
 * A long command in a pod that can really be stopped. Closing an exec stream does not end the
 * process on every runtime (the kubelet's exec keeps running after the client goes), so the command
 * runs wrapped: it prints its pid first, and stop() sends TERM to it and its children by a second
 * exec before closing the stream.
 */
import { failed, type Outcome } from '../../core/data/outcome';
import { pidOf, stopCommand, stoppable, withoutPid } from '../../core/data/warm-up';
import type { ClusterClient } from '../cluster-client';
import { runInPod, type CommandOutput, type ExecOptions, type PodContainer } from './pod-exec';

/** How long stop() waits for a pid not printed yet (the exec was still being set up). */
const PID_WAIT_MS = 15_000;
const STOP_TIMEOUT_MS = 60_000;

export interface StoppableRun {
  /** the command's output (pid line removed) once it ends, stopped or not */
  readonly done: Promise<Outcome<CommandOutput>>;
  /** the pid in the container, once printed */
  pid(): number | undefined;
  /** TERM to the command (and its children), then closes the stream; resolves with what the kill said */
  stop(): Promise<string>;
}

export function runStoppable(
  client: ClusterClient,
  target: PodContainer,
  command: string[],
  what: string,
  options: Omit<ExecOptions, 'signal'> = {},
): StoppableRun {
  const stream = new AbortController();
  let pid: number | undefined;
  let head = '';
  let pidSeen: () => void = () => undefined;
  const pidPrinted = new Promise<void>((resolve) => (pidSeen = resolve));
  let ended = false;
  const done = runInPod(client, target, stoppable(command), what, {
    ...options,
    signal: stream.signal,
    onStdout: (chunk) => {
      if (pid === undefined && head.length < 4096) {
        head += chunk;
        pid = pidOf(head);
        if (pid !== undefined) pidSeen();
      }
      options.onStdout?.(chunk);
    },
  }).then((r) => {
    ended = true;
    pidSeen();
    return r.ok ? { ...r, value: { ...r.value, stdout: withoutPid(r.value.stdout) } } : r;
  });

  async function stop(): Promise<string> {
    if (ended) return 'it had already ended';
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pidPrinted, new Promise<void>((r) => (timer = setTimeout(r, PID_WAIT_MS)))]);
    clearTimeout(timer);
    let said: string;
    if (ended) said = 'it had already ended';
    else if (pid === undefined)
      said = `its pid was not printed within ${PID_WAIT_MS / 1000} s; only the stream was closed`;
    else {
      const kill = await runInPod(client, target, stopCommand(pid), `stop ${what}`, { timeoutMs: STOP_TIMEOUT_MS });
      said = kill.ok ? `sent TERM to pid ${pid} in ${target.namespace}/${target.pod}` : describe(kill);
    }
    stream.abort();
    return said;
  }

  return { done, pid: () => pid, stop };
}

function describe(o: Outcome<unknown>): string {
  return o.ok ? '' : `${o.error.what}: ${o.error.message}`;
}

/** An outcome for a run that was stopped on purpose. */
export function cancelledOutcome<T>(what: string, how: string): Outcome<T> {
  return failed('aborted', what, `cancelled (${how})`, '');
}
