/**
 * Upload to HDFS: `hdfs dfs -mkdir -p DIR` then, per file, `hdfs dfs -put -f - DIR/NAME` run by exec in
 * the HDFS client pod with the file streamed on stdin (what the PyTorch-on-HDFS guide's -copyFromLocal does, in any
 * cluster the user can exec in). Progress by bytes; Cancel closes the connection.
 *
 * The stream is framed by length, not by stdin's end: each put runs as
 *   sh -c 'head -c "$0" | hdfs dfs -put -f - "$1"' SIZE PATH
 * so `head` exits after SIZE bytes and hdfs sees EOF even when the exec transport never closes stdin
 * (KWOK's local exec doesn't; a websocket without the v5 close frame may not either). SIZE and PATH
 * reach sh as arguments, never inside the script, which is a constant.
 */
import { fileOf, nodeOf, optionsOf, releaseOf, type CommandTarget } from '../../core/command-target';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { KubeObject } from '../../core/model/kinds';
import type { ClusterClient } from '../../k8s/cluster-client';
import { done, stopped, type ApplyDeps, type ApplyOutcome } from './deps';

export const DEFAULT_HDFS_DIR = '/data/MNIST/raw';
export const CLIENT_LABEL = 'hdfs-client';
/** Reads exactly $0 bytes from stdin into hdfs:$1. A constant: the size and path are sh's arguments. */
export const PUT_SCRIPT = 'head -c "$0" | hdfs dfs -put -f - "$1"';

/** The exec command that puts `size` bytes from stdin into the HDFS file `remote`. */
export function putCommand(size: number, remote: string): string[] {
  return ['sh', '-c', PUT_SCRIPT, String(size), remote];
}

export interface UploadArgs {
  files?: string[];
  hdfsDir?: string;
  namespace?: string;
  /** The HDFS release whose client pod runs the upload (its pods carry label release=NAME). */
  release?: string;
}

/** Local files to send, with their HDFS names (a folder's files keep their relative paths). */
export function uploadPlan(paths: string[], hdfsDir: string): { local: string; remote: string; size: number }[] {
  const out: { local: string; remote: string; size: number }[] = [];
  const dir = hdfsDir.replace(/\/+$/, '') || '/';
  const add = (local: string, rel: string) =>
    out.push({ local, remote: path.posix.join(dir, rel.split(path.sep).join('/')), size: fs.statSync(local).size });
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) {
      for (const rel of (fs.readdirSync(p, { recursive: true }) as string[]).sort())
        if (fs.statSync(path.join(p, rel)).isFile()) add(path.join(p, rel), rel);
    } else add(p, path.basename(p));
  }
  return out;
}

/** The first running client pod of each HDFS release (label release=NAME), one per release, sorted. */
export function clientPodsByRelease(pods: KubeObject[], namespace?: string, release?: string): ClientPod[] {
  const byRelease = new Map<string, ClientPod>();
  for (const p of pods) {
    const ns = p.metadata.namespace ?? '';
    const rel = p.metadata.labels?.release ?? '';
    if (p.metadata.labels?.app !== CLIENT_LABEL || p.status?.phase !== 'Running') continue;
    if ((namespace && ns !== namespace) || (release && rel !== release)) continue;
    const key = `${ns}/${rel}`;
    if (!byRelease.has(key)) byRelease.set(key, { release: rel, namespace: ns, pod: p });
  }
  return [...byRelease.values()].sort((a, b) =>
    `${a.namespace}/${a.release}`.localeCompare(`${b.namespace}/${b.release}`),
  );
}

export interface ClientPod {
  release: string;
  namespace: string;
  pod: KubeObject;
}

/**
 * The client pod to upload through: of the release the command ran on (tree item or options), else
 * the only one, else the user's pick (the release last uploaded to first). Undefined: none, or declined.
 */
async function chooseClientPod(
  deps: ApplyDeps,
  client: ClusterClient,
  args: UploadArgs,
  target: CommandTarget,
): Promise<ClientPod | 'declined' | undefined> {
  const chosen = releaseOf(target);
  const namespace = chosen?.namespace ?? args.namespace;
  const release = chosen?.release ?? args.release;
  const found = clientPodsByRelease((await client.list('pods', namespace ?? '')).items, namespace, release);
  if (found.length <= 1) return found[0];
  const last = deps.recent.uploadRelease();
  const isLast = (c: ClientPod) => c.release === last?.release && c.namespace === last?.namespace;
  const ordered = [...found.filter(isLast), ...found.filter((c) => !isLast(c))];
  const pick = await deps.prompter.pickOne(
    ordered.map((c) => ({
      label: c.release || '(no release label)',
      description: `namespace ${c.namespace} · ${c.pod.metadata.name}${isLast(c) ? ' · last used' : ''}`,
      value: c,
    })),
    { title: 'HDFS release to upload to', placeHolder: "The upload runs hdfs dfs in this release's client pod" },
  );
  return pick ?? 'declined';
}

async function run(
  client: ClusterClient,
  pod: KubeObject,
  command: string[],
  what: string,
  signal: AbortSignal,
  stdin?: NodeJS.ReadableStream,
): Promise<string> {
  let stderr = '';
  let stdout = '';
  const r = await client.exec(pod.metadata.namespace!, pod.metadata.name, undefined, command, {
    stdin,
    signal,
    onStdout: (b) => (stdout += b.toString()),
    onStderr: (b) => (stderr += b.toString()),
  });
  if (r.exitCode !== 0)
    throw new Error(
      `${what} failed in ${pod.metadata.name} (exit code ${r.exitCode}): ${(stderr.trim().split('\n').pop() ?? '') || r.message}`,
    );
  return stdout;
}

/** Streams exactly `f.size` bytes of the file; a file that shrank meanwhile stops the exec with an error. */
async function putFile(
  client: ClusterClient,
  pod: KubeObject,
  f: { local: string; remote: string; size: number },
  signal: AbortSignal,
  onBytes: (n: number) => void,
): Promise<void> {
  const own = new AbortController();
  const abort = () => own.abort();
  signal.addEventListener('abort', abort);
  let sent = 0;
  let short: Error | undefined;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sent += chunk.length;
      onBytes(chunk.length);
      cb(null, chunk);
    },
    flush(cb) {
      if (sent < f.size) {
        short = new Error(
          `${f.local} changed while uploading: read ${sent} of ${f.size} bytes; hdfs:${f.remote} was not completed.`,
        );
        own.abort();
      }
      cb();
    },
  });
  const source = f.size ? fs.createReadStream(f.local, { start: 0, end: f.size - 1 }) : Readable.from([]);
  source.on('error', (e: Error) => {
    short = e;
    own.abort();
  });
  try {
    await run(client, pod, putCommand(f.size, f.remote), 'hdfs dfs -put', own.signal, source.pipe(counter));
  } catch (e) {
    if (short && !signal.aborted) throw short;
    throw e;
  } finally {
    signal.removeEventListener('abort', abort);
    source.destroy();
  }
}

export async function uploadToHdfs(deps: ApplyDeps, target: CommandTarget): Promise<ApplyOutcome> {
  const file = fileOf(target);
  // An HDFS folder of the explorer: upload into it, through its release's namespace.
  const folder = nodeOf(target)?.dataPath;
  const args: UploadArgs = file
    ? { files: [file] }
    : folder?.product === 'hdfs'
      ? { hdfsDir: folder.path, namespace: folder.namespace }
      : optionsOf<UploadArgs>(target);
  const client = await deps.client();
  const chosen = await chooseClientPod(deps, client, args, target);
  if (chosen === 'declined') return stopped('declined');
  if (!chosen) {
    const rel = releaseOf(target) ?? (args.release ? { release: args.release, namespace: args.namespace } : undefined);
    const where = rel
      ? `of release ${rel.release}${rel.namespace ? ` in namespace ${rel.namespace}` : ''}`
      : args.namespace
        ? `in namespace ${args.namespace}`
        : 'in the cluster';
    const message = `No running HDFS client pod (label app=${CLIENT_LABEL}) ${where}: the upload runs hdfs dfs in that pod. Install HDFS with its client (the hdfs-k8s chart's hdfs-client-k8s), or check that the pod is Running.`;
    void deps.prompter.error(message);
    return stopped('noClientPod', message);
  }
  const pod = chosen.pod;
  const files =
    args.files ??
    (await deps.prompter.openFiles({ title: 'Files or a folder to upload to HDFS', folders: true, many: true }));
  if (!files?.length) return stopped('declined');
  const hdfsDir =
    args.hdfsDir ??
    (await deps.prompter.input({
      title: 'HDFS folder',
      value: DEFAULT_HDFS_DIR,
      validate: (v) => (v.startsWith('/') ? undefined : 'an absolute HDFS path'),
    }));
  if (!hdfsDir) return stopped('declined');
  const plan = uploadPlan(files, hdfsDir);
  const total = plan.reduce((s, f) => s + f.size, 0);
  const out = deps.outputs.upload;
  let inFlight: string | undefined;
  try {
    await deps.prompter.progress(`Uploading to hdfs:${hdfsDir} (via ${pod.metadata.name})`, async (report, signal) => {
      const dirs = [...new Set(plan.map((f) => path.posix.dirname(f.remote)))];
      out.append(`$ hdfs dfs -mkdir -p ${dirs.join(' ')}   (exec in ${pod.metadata.namespace}/${pod.metadata.name})\n`);
      await run(client, pod, ['hdfs', 'dfs', '-mkdir', '-p', ...dirs], 'hdfs dfs -mkdir', signal);
      let sent = 0;
      for (const f of plan) {
        inFlight = f.remote;
        out.append(`$ hdfs dfs -put -f - ${f.remote}   < ${f.local} (${f.size} bytes, framed by head -c)\n`);
        await putFile(client, pod, f, signal, (n) => {
          sent += n;
          report(
            `${path.basename(f.local)} · ${Math.round((sent / Math.max(total, 1)) * 100)}%`,
            total ? (n / total) * 100 : undefined,
          );
        });
      }
      inFlight = undefined;
      // One more exec checks every file's length in HDFS: a transport that ended stdin early would have
      // let head stop short and hdfs complete a shorter file.
      out.append(`$ hdfs dfs -stat %b ${plan.map((f) => f.remote).join(' ')}\n`);
      const sizes = (
        await run(client, pod, ['hdfs', 'dfs', '-stat', '%b', ...plan.map((f) => f.remote)], 'hdfs dfs -stat', signal)
      )
        .trim()
        .split('\n');
      const wrong = plan.map((f, i) => ({ f, got: sizes[i]?.trim() })).filter(({ f, got }) => got !== String(f.size));
      if (wrong.length)
        throw new Error(
          `Upload incomplete: ${wrong.map(({ f, got }) => `hdfs:${f.remote} has ${got ?? 'no'} bytes, ${f.local} has ${f.size}`).join('; ')}.`,
        );
    });
  } catch (e) {
    const cancelled = (e as Error).name === 'CancelledError';
    const partial = inFlight
      ? ` hdfs:${inFlight} was being sent and may be incomplete (or left as ${inFlight}._COPYING_).`
      : '';
    const message = cancelled
      ? `Upload to ${hdfsDir} cancelled; files already sent stay in HDFS.${partial}`
      : (e as Error).message;
    out.append(`[${message}]\n`);
    void deps.prompter[cancelled ? 'warn' : 'error'](message);
    return stopped(cancelled ? 'cancelled' : 'uploadFailed', message);
  }
  await deps.recent.rememberUploadRelease({ release: chosen.release, namespace: chosen.namespace });
  const via = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const message = `Uploaded ${plan.length} file${plan.length === 1 ? '' : 's'} (${total} bytes) to hdfs:${hdfsDir} of release ${chosen.release || '?'} (via ${via}).`;
  void deps.prompter.info(message);
  return done('uploaded', message, { files: plan.map((f) => f.remote), bytes: total, pod: via });
}
