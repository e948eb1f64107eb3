/**
 * Cache warm-up through Alluxio's shell: which command a release has, and what its output says.
 * 2.9.4 and later load through the master (`alluxio fs load PATH --submit`, then `--progress`);
 * older 2.x releases have `alluxio fs distributedLoad PATH` (the job service); every release has the
 * client-side `alluxio fs load PATH`. No vscode import.
 */
import { forEachLine } from './lines';
import { obj, parseObject, str } from './json';
import { nonNegative, parseByteSize, percentage } from './numbers';

export type WarmUpMethod = 'submit' | 'distributedLoad' | 'load';

/**
 * The command to run in the master pod for a method. `bandwidth` ("1MB", per worker and second) is
 * passed to `load --submit` only, the one method that takes it.
 */
export function warmUpCommand(
  method: WarmUpMethod,
  path: string,
  options: { replication?: number; bandwidth?: string } = {},
): string[] {
  const { replication, bandwidth } = options;
  switch (method) {
    case 'submit':
      return ['alluxio', 'fs', 'load', path, '--submit', ...(bandwidth ? ['--bandwidth', bandwidth] : [])];
    case 'distributedLoad':
      return ['alluxio', 'fs', 'distributedLoad', ...(replication ? ['--replication', String(replication)] : []), path];
    case 'load':
      return ['alluxio', 'fs', 'load', path];
  }
}

/** What the user reads: "distributed load through the master (load --submit)". */
export function describeMethod(method: WarmUpMethod): string {
  switch (method) {
    case 'submit':
      return 'distributed load through the master (alluxio fs load --submit)';
    case 'distributedLoad':
      return 'distributed load through the job service (alluxio fs distributedLoad)';
    case 'load':
      return 'load through one client in the master pod (alluxio fs load); slower, no job service';
  }
}

/** "distributedLoad is an unknown command." (2.9.6), or the shell's usage text for an unknown option. */
export function isUnknownCommand(output: string, command: string): boolean {
  return output.includes(`${command} is an unknown command`);
}

/** Whether the shell's usage lists `load <path> --submit` (2.9.4+). */
export function hasSubmitLoad(usage: string): boolean {
  return /load <path> --submit/.test(usage);
}

export type LoadState = 'running' | 'succeeded' | 'failed' | 'stopped' | 'unknown';

export interface LoadProgress {
  state: LoadState;
  /** as printed, e.g. "SUCCEEDED" */
  rawState?: string;
  filesProcessed?: number;
  filesFailed?: number;
  bytesLoaded?: number;
  bytesTotal?: number;
  /** 0–100 from bytesLoaded/bytesTotal; undefined when either is unknown or the total is 0 */
  percent?: number;
  failurePercent?: number;
}

function state(raw: string | undefined): LoadState {
  switch ((raw ?? '').toUpperCase()) {
    case 'RUNNING':
    case 'VERIFYING':
      return 'running';
    case 'SUCCEEDED':
      return 'succeeded';
    case 'FAILED':
      return 'failed';
    case 'STOPPED':
      return 'stopped';
    default:
      return 'unknown';
  }
}

function withPercent(p: LoadProgress): LoadProgress {
  if (p.bytesLoaded !== undefined && p.bytesTotal !== undefined && p.bytesTotal > 0) {
    p.percent = Math.min(100, (p.bytesLoaded / p.bytesTotal) * 100);
  }
  return p;
}

/** `alluxio fs load PATH --progress` (text form). */
export function parseLoadProgress(text: string): LoadProgress {
  const p: LoadProgress = { state: 'unknown' };
  forEachLine(text, 10_000, (line) => {
    const kv = /^\s*([A-Za-z ]+):\s*(.*?)\s*$/.exec(line);
    if (!kv) return;
    const [, key, value] = kv;
    if (key === 'Job State') {
      p.rawState = value.split(/\s/)[0];
      p.state = state(p.rawState);
    } else if (key === 'Files Processed') p.filesProcessed = nonNegative(value);
    else if (key === 'Files Failed') p.filesFailed = nonNegative(value);
    else if (key === 'Block load failure rate') p.failurePercent = percentage(value.replace(/%$/, ''));
    else if (key === 'Bytes Loaded') {
      const m = /^(\S+)\s+out of\s+(\S+)/.exec(value);
      if (m) {
        p.bytesLoaded = parseByteSize(m[1]);
        p.bytesTotal = parseByteSize(m[2]);
      }
    }
  });
  return withPercent(p);
}

/** `alluxio fs load PATH --progress --format JSON` (a text line, then the JSON object). */
export function parseLoadProgressJson(text: string): LoadProgress {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return { state: 'unknown' };
  const j = obj(parseObject(text.slice(start, end + 1), 'Alluxio load progress')) ?? {};
  const rawState = str(j.mJobState);
  return withPercent({
    state: state(rawState),
    rawState,
    filesProcessed: nonNegative(j.mProcessedFileCount),
    filesFailed: nonNegative(j.mFailedFileCount),
    bytesLoaded: nonNegative(j.mLoadedByteCount),
    bytesTotal: nonNegative(j.mTotalByteCount),
    failurePercent: percentage(j.mFailurePercentage),
  });
}

/** "Load '/data' is successfully submitted. JobId: 35c5…" → the job id, else undefined. */
export function parseSubmitted(text: string): string | undefined {
  return /successfully submitted\.\s*JobId:\s*(\S+)/.exec(text)?.[1];
}
