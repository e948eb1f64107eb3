// Child processes of a sandbox: each in its own process group (detached), output to a log file in the
// sandbox folder, stopped by signalling the whole group. Also: free ports and condition waits.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { waitFor as waitForCondition } from '../support/wait';
import { tail } from './build';

export class Component {
  readonly child: ChildProcess;
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<void>;
  private stopping = false;

  constructor(
    readonly name: string,
    readonly bin: string,
    readonly args: string[],
    readonly logFile: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = fs.openSync(logFile, 'a');
    fs.writeSync(fd, `$ ${bin} ${args.join(' ')}\n`);
    this.child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd], env });
    fs.closeSync(fd);
    this.exitPromise = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      });
      this.child.on('error', (e) => {
        fs.appendFileSync(logFile, `spawn error: ${e.message}\n`);
        this.exited = { code: -1, signal: null };
        resolve();
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  describeExit(): string {
    return `sandbox component ${this.name} exited (${this.exited?.code ?? this.exited?.signal}); log ${this.logFile}:\n${tail(this.logFile, 20)}`;
  }

  /** Throws with the log tail when the process has died (unless we are stopping it). */
  assertAlive(): void {
    if (this.exited && !this.stopping) throw new Error(this.describeExit());
  }

  logText(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** SIGTERM the group, SIGKILL after `graceMs`, resolve when the leader has exited. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    if (this.exited || this.pid < 0) {
      killGroup(this.pid, 'SIGKILL');
      await this.groupGone();
      return;
    }
    killGroup(this.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exitPromise, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    killGroup(this.pid, 'SIGKILL'); // any leftovers in the group
    await this.exitPromise;
    await this.groupGone();
  }

  /** Waits (≤ 3 s) until no member of the group is left, zombies included (they are reaped by init). */
  private async groupGone(): Promise<void> {
    const end = Date.now() + 3000;
    while (groupExists(this.pid) && Date.now() < end) {
      killGroup(this.pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export function groupExists(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, sig);
  } catch {
    /* group gone */
  }
}

/**
 * A watchdog for one sandbox, in its own process group, that outlives its parent: when the parent
 * process is gone (even by SIGKILL) while `dir` still exists, it SIGKILLs every process group listed in
 * `${dir}/pgids` and removes `dir`. stop() removes `dir` first, which ends the watchdog quietly.
 */
export function startReaper(dir: string): Component {
  const script = [
    'parent=$1; dir=$2',
    'while kill -0 "$parent" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done',
    '[ -d "$dir" ] || exit 0',
    // a FUSE mount left in the folder (option alluxio) would stop rm; lazy-unmount it first
    'for m in $(awk -v d="$dir/" \'index($2, d) == 1 { print $2 }\' /proc/mounts); do fusermount3 -u -z "$m" 2>/dev/null; done',
    'for g in $(cat "$dir/pgids" 2>/dev/null); do kill -KILL "-$g" 2>/dev/null; done',
    'rm -rf "$dir"',
  ].join('\n');
  return new Component('reaper', '/bin/sh', ['-c', script, 'sandbox-reaper', String(process.pid), dir], '/dev/null');
}

/** A port that was free on 127.0.0.1 a moment ago (callers retry when a component still hits a clash). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function isPortClash(logText: string): boolean {
  return /address already in use|bind: address already in use|EADDRINUSE/i.test(logText);
}

/**
 * Polls `check` until it returns a truthy value; between tries checks the components are alive.
 * Throws with `what` and the last error after `timeoutMs`.
 */
export function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number; alive?: Component[] } = {},
): Promise<T> {
  return waitForCondition(what, check, {
    timeoutMs: opts.timeoutMs ?? 60_000,
    intervalMs: opts.intervalMs ?? 100,
    failed: () => {
      for (const c of opts.alive ?? []) {
        try {
          c.assertAlive();
        } catch (e) {
          return (e as Error).message;
        }
      }
      return undefined;
    },
  });
}
