/** Spawning helpers for the test harness: argument arrays only, output captured for error messages. */
import { spawn, SpawnOptions } from 'node:child_process';
import { waitFor } from '../support/wait';

export interface RunOptions extends SpawnOptions {
  /** Names the step in the error message. */
  step: string;
  /** What to do when it fails. */
  hint?: string;
  /** Stream output to this process's stdout/stderr as well. */
  echo?: boolean;
}

/** Runs a program to completion; rejects with the step, the command, the exit code and the output tail. */
export function run(cmd: string, args: string[], opts: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      out += chunk.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
      if (opts.echo) stream.write(chunk);
    };
    child.stdout!.on('data', (c: Buffer) => take(c, process.stdout));
    child.stderr!.on('data', (c: Buffer) => take(c, process.stderr));
    child.on('error', (err) => reject(new Error(`${opts.step} failed: cannot run ${cmd}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(out);
      const tail = out.split('\n').slice(-30).join('\n');
      reject(
        new Error(
          `${opts.step} failed: \`${[cmd, ...args].join(' ')}\` exited with ${code ?? signal}.\n${tail}` +
            (opts.hint ? `\n${opts.hint}` : ''),
        ),
      );
    });
  });
}

/** Kills a detached child's whole process group (SIGTERM, then SIGKILL) and waits for it to go. */
export async function killGroup(pid: number | undefined, exited: Promise<unknown>): Promise<void> {
  if (!pid) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  // Grace period: SIGKILL whatever is left if the group has not exited after 5 s.
  let timer: NodeJS.Timeout | undefined;
  const gracePassed = new Promise<void>((done) => {
    timer = setTimeout(() => done(), 5000);
  });
  await Promise.race([exited, gracePassed]);
  clearTimeout(timer);
  signal('SIGKILL');
}

/**
 * Polls `probe` until it returns a truthy value, or throws when `failed` reports a reason or the timeout
 * passes. Waiting for a condition, not a fixed sleep.
 */
export function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  opts: { timeoutMs: number; intervalMs?: number; failed?: () => string | undefined },
): Promise<T> {
  return waitFor(what, probe, { intervalMs: 100, ...opts });
}
