/**
 * Runs an external program with an argument array (never a shell), streams its output, and stops it
 * when the signal aborts: SIGTERM to its process group, SIGKILL after a grace period.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the program's stdin, then stdin is closed. */
  input?: string | Buffer | Readable;
  signal?: AbortSignal;
  /** Each chunk of output as it arrives. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Milliseconds between SIGTERM and SIGKILL after a cancel (default 3000). */
  killGraceMs?: number;
}

export interface RunResult {
  program: string;
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the signal aborted the run (the program was stopped). */
  cancelled: boolean;
  pid: number | undefined;
}

/** Thrown by callers when a cancelled run is an error for them. */
export class CancelledError extends Error {
  constructor(what: string) {
    super(`${what} was cancelled`);
    this.name = 'CancelledError';
  }
}

export function isCancelled(e: unknown): e is CancelledError {
  return e instanceof Error && e.name === 'CancelledError';
}

/** Runs `program args...`; resolves when it exits (whatever the code), rejects only when it cannot start. */
export function runProgram(program: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise<RunResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      resolve({
        program,
        args: [...args],
        code: null,
        signal: null,
        stdout: '',
        stderr: '',
        cancelled: true,
        pid: undefined,
      });
      return;
    }
    const child = spawn(program, [...args], {
      cwd: opts.cwd,
      env: opts.env,
      shell: false,
      // Own process group, so that a cancel also stops what the program started (buildah, post-renderers).
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const kill = (sig: NodeJS.Signals) => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      try {
        if (process.platform === 'win32') child.kill(sig);
        else process.kill(-child.pid, sig);
      } catch {
        child.kill(sig);
      }
    };
    const onAbort = () => {
      cancelled = true;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), opts.killGraceMs ?? 3000);
      killTimer.unref?.();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout += d;
      opts.onOutput?.(d, 'stdout');
    });
    child.stderr.on('data', (d: string) => {
      stderr += d;
      opts.onOutput?.(d, 'stderr');
    });
    child.stdin.on('error', () => undefined); // the program may exit before reading all of stdin
    const input = opts.input;
    if (input === undefined) child.stdin.end();
    else if (typeof input === 'string' || Buffer.isBuffer(input)) child.stdin.end(input);
    else input.pipe(child.stdin);
    child.once('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      resolve({ program, args: [...args], code, signal, stdout, stderr, cancelled, pid: child.pid });
    });
  });
}

/** A command line for display only (messages, the output channel): quotes what a shell would split. */
export function displayCommandLine(program: string, args: readonly string[]): string {
  return [program, ...args].map(quoteForDisplay).join(' ');
}

function quoteForDisplay(s: string): string {
  if (s !== '' && /^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
