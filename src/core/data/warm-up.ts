/**
 * The parts of Warm Up Cache that need no cluster: a command wrapped so that it can be stopped
 * (closing an exec stream does not end the process in the container on every runtime), the command
 * that stops it, the default path (the one the training job reads through FUSE), and what the user
 * reads at the end. No vscode import.
 */
import { formatPercent, type CacheState } from './cache-state';
import { describeMethod, type WarmUpMethod } from './alluxio-load';
import { formatBytes } from './numbers';

/** The first line a wrapped command prints: its process id in the container. */
export const PID_MARK = '@alluxio-dl pid ';

/**
 * `command` run through sh, which prints its pid and then becomes the command (`exec`), so the pid
 * is the command's own. The command reaches sh as arguments, never inside the script.
 */
export function stoppable(command: readonly string[]): string[] {
  return ['sh', '-c', `echo "${PID_MARK}$$"; exec "$@"`, 'sh', ...command];
}

/** The pid a wrapped command printed, or undefined until it has. */
export function pidOf(stdout: string): number | undefined {
  const m = new RegExp(`^${PID_MARK}(\\d+)$`, 'm').exec(stdout.slice(0, 4096));
  const pid = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(pid) && pid > 1 ? pid : undefined;
}

/** The output without the pid line. */
export function withoutPid(stdout: string): string {
  return stdout.replace(new RegExp(`^${PID_MARK}\\d+\\n?`, 'm'), '');
}

/**
 * Stops a wrapped command: TERM to its children (a launcher script may have started the JVM as one),
 * then to itself. The pid reaches sh as an argument. Exits 0 whether or not the process was still there.
 */
export function stopCommand(pid: number): string[] {
  return [
    'sh',
    '-c',
    'kids=$(cat /proc/"$0"/task/*/children 2>/dev/null); for k in $kids; do kill -TERM "$k" 2>/dev/null; done; kill -TERM "$0" 2>/dev/null; true',
    String(pid),
  ];
}

/** `alluxio fs load PATH --progress` / `--stop` (Alluxio 2.9.4 and later, with `--submit`). */
export function loadProgressCommand(path: string): string[] {
  return ['alluxio', 'fs', 'load', path, '--progress'];
}

export function loadStopCommand(path: string): string[] {
  return ['alluxio', 'fs', 'load', path, '--stop'];
}

/** What `load --stop` printed: stopped it, or it had already ended. */
export function parseStopped(text: string): 'stopped' | 'notRunning' | 'unknown' {
  if (/successfully stopped/i.test(text)) return 'stopped';
  if (/Cannot find load job/i.test(text)) return 'notRunning';
  return 'unknown';
}

/**
 * The Alluxio path a training job reads, from the host folder it mounts (`/alluxio-fuse/data`) and
 * where FUSE shows Alluxio on the node (`/alluxio-fuse` shows `/`, the 2.2-era chart; 2.9's
 * `fuse.mountPoint`/`fuse.alluxioPath`). Undefined when the folder is not under the FUSE mount.
 */
export function alluxioPathOfHostPath(hostPath: string, fuseMount: string, fuseAlluxioPath = '/'): string | undefined {
  const norm = (p: string) => p.replace(/\/+$/, '') || '/';
  const host = norm(hostPath);
  const mount = norm(fuseMount);
  if (host !== mount && !host.startsWith(mount === '/' ? '/' : `${mount}/`)) return undefined;
  const rest = host.slice(mount.length).replace(/^\/+/, '');
  const root = norm(fuseAlluxioPath);
  return norm(rest ? `${root === '/' ? '' : root}/${rest}` : root);
}

/** An absolute Alluxio path with no "." or ".." parts and no control characters; else why not. */
export function checkAlluxioPath(path: string): string | undefined {
  if (!path.startsWith('/')) return 'an absolute Alluxio path, e.g. /data/MNIST';
  if (path.length > 4096) return 'at most 4096 characters';
  if (/[\u0000-\u001f]/.test(path)) return 'no control characters';
  if (path.split('/').some((p) => p === '.' || p === '..')) return 'no "." or ".." parts';
  return undefined;
}

/** "12.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** One progress line: "34.0% cached (1.3 MB of 3.9 MB)". */
export function progressText(state: CacheState | undefined): string {
  if (!state) return 'cached share not read yet';
  return `${formatPercent(state.cachedPercentage)} cached (${formatBytes(state.cached)} of ${formatBytes(state.total)})`;
}

export interface WarmUpReport {
  path: string;
  method: WarmUpMethod;
  before?: CacheState;
  after?: CacheState;
  elapsedMs: number;
  /** how it ended */
  end: 'done' | 'cancelled' | 'failed';
  /** for 'failed': why; for 'cancelled': what stopping did */
  note?: string;
}

/** The final message: what ran, cached % before → after, bytes, time. */
export function warmUpMessage(r: WarmUpReport): string {
  const how = describeMethod(r.method);
  const pct = `cached ${formatPercent(r.before?.cachedPercentage)} → ${formatPercent(r.after?.cachedPercentage)}`;
  const bytes = r.after ? `, ${formatBytes(r.after.cached)} of ${formatBytes(r.after.total)} in Alluxio` : '';
  const time = formatDuration(r.elapsedMs);
  const note = r.note ? ` ${r.note.replace(/[.\s]+$/, '')}.` : '';
  switch (r.end) {
    case 'done':
      return `Warmed up alluxio:${r.path} with ${how} in ${time}: ${pct}${bytes}.${note}`;
    case 'cancelled':
      return `Warm-up of alluxio:${r.path} cancelled after ${time} (${how}): ${pct}${bytes}.${note}`;
    case 'failed':
      return `Warm-up of alluxio:${r.path} failed after ${time} (${how}): ${pct}${bytes}.${note}`;
  }
}
