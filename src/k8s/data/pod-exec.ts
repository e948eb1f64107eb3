/**
 * Runs a command in a pod through the Kubernetes exec API (the fallback when a web port cannot be
 * reached, and how warm-ups run) and collects its output, bounded. A 403 becomes a message naming
 * the permission (create pods/exec); a missing program (exit 126/127) says which; timeout and cancel
 * close the connection, which ends the command.
 */
import { failed, succeeded, type Outcome } from '../../core/data/outcome';
import { isClusterError, type ClusterClient } from '../cluster-client';

export interface PodContainer {
  namespace: string;
  pod: string;
  container?: string;
}

export interface ExecOptions {
  /** default 120 s */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** largest stdout kept (default 64 MB); more is an error, not a silently cut listing */
  maxBytes?: number;
  /** each stdout chunk as it comes, e.g. for progress */
  onStdout?: (chunk: string) => void;
  /** each stdout chunk as raw bytes (a file being read); stdout is then not kept in memory */
  onChunk?: (chunk: Buffer) => void;
}

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const EXEC_TIMEOUT_MS = 120_000;
const MAX_STDERR = 64 * 1024;

function where(t: PodContainer): string {
  return `pod ${t.namespace}/${t.pod}${t.container ? ` (container ${t.container})` : ''}`;
}

/**
 * The command's output whatever its exit code (a caller may read "unknown command" from it); an
 * error only when it could not run, ran too long, was cancelled, or printed too much.
 */
export async function runInPod(
  client: ClusterClient,
  target: PodContainer,
  command: string[],
  what: string,
  options: ExecOptions = {},
): Promise<Outcome<CommandOutput>> {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? EXEC_TIMEOUT_MS;
  const stop = new AbortController();
  let why: 'timeout' | 'aborted' | 'tooBig' | undefined;
  const end = (reason: typeof why) => {
    why ??= reason;
    stop.abort();
  };
  const timer = setTimeout(() => end('timeout'), timeoutMs);
  const onAbort = () => end('aborted');
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outSize = 0;
  let errSize = 0;
  const shown = command.join(' ');
  try {
    const result = await client.exec(target.namespace, target.pod, target.container, command, {
      signal: stop.signal,
      onStdout: (c) => {
        outSize += c.length;
        if (outSize > maxBytes) return end('tooBig');
        if (options.onChunk) return options.onChunk(c);
        out.push(c);
        options.onStdout?.(c.toString('utf8'));
      },
      onStderr: (c) => {
        if (errSize < MAX_STDERR) err.push(c);
        errSize += c.length;
      },
    });
    if (why) throw new Error(why);
    const stdout = Buffer.concat(out).toString('utf8');
    const stderr = Buffer.concat(err).toString('utf8');
    if (result.exitCode === 126 || result.exitCode === 127) {
      return failed(
        'missing',
        what,
        `${command[0]} cannot be run in ${where(target)} (exit ${result.exitCode}): ${lastLine(stderr || result.message)}`,
        'Pick the pod and container that have this program (the Alluxio master, the HDFS client).',
      );
    }
    return succeeded({ exitCode: result.exitCode, stdout, stderr });
  } catch (e) {
    if (why === 'timeout') {
      return failed(
        'timeout',
        what,
        `\`${shown}\` in ${where(target)} ran over ${Math.round(timeoutMs / 1000)} s`,
        'It was stopped; try a smaller path.',
      );
    }
    if (why === 'aborted') return failed('aborted', what, `\`${shown}\` in ${where(target)} was cancelled`, '');
    if (why === 'tooBig') {
      return failed('badAnswer', what, `\`${shown}\` printed more than ${maxBytes} bytes`, 'Ask for a smaller path.');
    }
    if (isClusterError(e) && e.kind === 'forbidden') {
      return failed(
        'forbidden',
        what,
        `exec in ${where(target)} is forbidden: ${e.message}`,
        `Ask for the permission to create pods/exec in namespace ${target.namespace}.`,
      );
    }
    if (isClusterError(e) && e.kind === 'notFound') {
      return failed('missing', what, `pod ${target.namespace}/${target.pod} not found`, 'Refresh the explorer.');
    }
    return failed(
      'refused',
      what,
      `exec in ${where(target)} failed: ${(e as Error).message}`,
      e && isClusterError(e) ? e.hint : '',
    );
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The last non-empty line, for messages. */
export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim().slice(0, 300);
}
