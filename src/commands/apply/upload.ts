/**
 * Upload to HDFS: `hdfs dfs -mkdir -p DIR` then, per file, `hdfs dfs -put -f - DIR/NAME` run by exec in
 * the HDFS client pod with the file streamed on stdin (what the seed's -copyFromLocal does, in any
 * cluster the user can exec in). Progress by bytes; Cancel closes the stream.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import type { KubeObject } from '../../core/model/kinds';
import type { ClusterClient } from '../../k8s/cluster-client';
import { done, stopped, type ApplyDeps, type ApplyOutcome } from './deps';

export const DEFAULT_HDFS_DIR = '/data/MNIST/raw';
export const CLIENT_LABEL = 'hdfs-client';

export interface UploadArgs {
  files?: string[];
  hdfsDir?: string;
  namespace?: string;
}

/** Local files to send, with their HDFS names (a folder's files keep their relative paths). */
export function uploadPlan(paths: string[], hdfsDir: string): { local: string; remote: string; size: number }[] {
  const out: { local: string; remote: string; size: number }[] = [];
  const dir = hdfsDir.replace(/\/+$/, '') || '/';
  const add = (local: string, rel: string) => out.push({ local, remote: path.posix.join(dir, rel.split(path.sep).join('/')), size: fs.statSync(local).size });
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) {
      for (const rel of (fs.readdirSync(p, { recursive: true }) as string[]).sort()) if (fs.statSync(path.join(p, rel)).isFile()) add(path.join(p, rel), rel);
    } else add(p, path.basename(p));
  }
  return out;
}

export function findClientPod(pods: KubeObject[], namespace?: string): KubeObject | undefined {
  return pods.find((p) => p.metadata.labels?.app === CLIENT_LABEL && p.status?.phase === 'Running' && (!namespace || p.metadata.namespace === namespace));
}

async function hdfs(client: ClusterClient, pod: KubeObject, args: string[], signal: AbortSignal, stdin?: NodeJS.ReadableStream): Promise<void> {
  let stderr = '';
  const r = await client.exec(pod.metadata.namespace!, pod.metadata.name, undefined, ['hdfs', 'dfs', ...args], { stdin, signal, onStderr: (b) => (stderr += b.toString()) });
  if (r.exitCode !== 0) throw new Error(`hdfs dfs ${args[0]} failed in ${pod.metadata.name} (exit code ${r.exitCode}): ${(stderr.trim().split('\n').pop() ?? '') || r.message}`);
}

export async function uploadToHdfs(deps: ApplyDeps, arg?: unknown): Promise<ApplyOutcome> {
  const fsPath = arg && typeof arg === 'object' ? (arg as { fsPath?: unknown }).fsPath : undefined;
  const args: UploadArgs = typeof fsPath === 'string' ? { files: [fsPath] } : ((arg as UploadArgs) ?? {});
  const client = await deps.client();
  const pod = findClientPod((await client.list('pods', args.namespace ?? '')).items, args.namespace);
  if (!pod) {
    const message = `No running HDFS client pod (label app=${CLIENT_LABEL}) ${args.namespace ? `in namespace ${args.namespace}` : 'in the cluster'}: the upload runs hdfs dfs in that pod. Install HDFS with its client (the hdfs-k8s chart's hdfs-client-k8s), or check that the pod is Running.`;
    void deps.prompter.error(message);
    return stopped('noClientPod', message);
  }
  const files = args.files ?? (await deps.prompter.openFiles({ title: 'Files or a folder to upload to HDFS', folders: true, many: true }));
  if (!files?.length) return stopped('declined');
  const hdfsDir = args.hdfsDir ?? (await deps.prompter.input({ title: 'HDFS folder', value: DEFAULT_HDFS_DIR, validate: (v) => (v.startsWith('/') ? undefined : 'an absolute HDFS path') }));
  if (!hdfsDir) return stopped('declined');
  const plan = uploadPlan(files, hdfsDir);
  const total = plan.reduce((s, f) => s + f.size, 0);
  const out = deps.outputs.upload;
  try {
    await deps.prompter.progress(`Uploading to hdfs:${hdfsDir} (via ${pod.metadata.name})`, async (report, signal) => {
      const dirs = [...new Set(plan.map((f) => path.posix.dirname(f.remote)))];
      out.append(`$ hdfs dfs -mkdir -p ${dirs.join(' ')}   (exec in ${pod.metadata.namespace}/${pod.metadata.name})\n`);
      await hdfs(client, pod, ['-mkdir', '-p', ...dirs], signal);
      let sent = 0;
      for (const f of plan) {
        out.append(`$ hdfs dfs -put -f - ${f.remote}   < ${f.local} (${f.size} bytes)\n`);
        const counter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            sent += chunk.length;
            report(`${path.basename(f.local)} · ${Math.round((sent / Math.max(total, 1)) * 100)}%`, total ? (chunk.length / total) * 100 : undefined);
            cb(null, chunk);
          },
        });
        await hdfs(client, pod, ['-put', '-f', '-', f.remote], signal, fs.createReadStream(f.local).pipe(counter));
      }
    });
  } catch (e) {
    const cancelled = (e as Error).name === 'CancelledError';
    const message = cancelled ? `Upload to ${hdfsDir} cancelled; files already sent stay in HDFS.` : (e as Error).message;
    out.append(`[${message}]\n`);
    void deps.prompter[cancelled ? 'warn' : 'error'](message);
    return stopped(cancelled ? 'cancelled' : 'uploadFailed', message);
  }
  const message = `Uploaded ${plan.length} file${plan.length === 1 ? '' : 's'} (${total} bytes) to hdfs:${hdfsDir}.`;
  void deps.prompter.info(message);
  return done('uploaded', message, { files: plan.map((f) => f.remote), bytes: total });
}
