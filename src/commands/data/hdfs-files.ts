/**
 * Commands on the explorer's HDFS files: Download… (`hdfs dfs -cat` by exec in the release's HDFS
 * client pod, into a temporary file renamed into place once every byte arrived; an existing file is
 * replaced only when the user says so) and Delete… (a modal confirmation naming the path, its size and,
 * for a folder, what it holds; then `hdfs dfs -rm [-r]`). A node's `dataPath` says which release and
 * path; tests may pass the same shape as options.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeOf, optionsOf, type CommandTarget } from '../../core/command-target';
import { parseDfsCount, type HdfsCount } from '../../core/data/hdfs-shell';
import { formatBytes } from '../../core/data/numbers';
import { describeError } from '../../core/data/outcome';
import { dataNodeId, parentPath } from '../../core/model/data-id';
import type { TreeNodeData } from '../../core/model/types';
import type { KubeObject } from '../../core/model/kinds';
import type { ClusterClient } from '../../k8s/cluster-client';
import { lastLine, runInPod } from '../../k8s/data/pod-exec';
import { UserError, type CommandTable } from '../../platform/commands';
import { done, stopped, type ApplyDeps, type ApplyOutcome } from '../apply/deps';
import { CLIENT_LABEL } from '../apply/upload';

type DataPath = NonNullable<TreeNodeData['dataPath']>;

export interface DataCommandDeps extends Pick<ApplyDeps, 'client' | 'prompter' | 'workspaceDir' | 'outputs'> {
  /** Fetch these explorer nodes again (the folder a file left or arrived in). */
  reloadData?(ids: string[]): void;
}

/** Downloads larger than this are refused (the tree is for datasets like MNIST, not for bulk copies). */
const MAX_DOWNLOAD = 8 * 1024 ** 3;
const DOWNLOAD_TIMEOUT_MS = 60 * 60_000;

function hdfsPathOf(t: CommandTarget, what: string): DataPath {
  const p = nodeOf(t)?.dataPath ?? (optionsOf<DataPath>(t) as DataPath);
  if (p?.product !== 'hdfs' || typeof p.path !== 'string' || !p.path.startsWith('/') || !p.namespace || !p.release)
    throw new UserError(
      `${what}: choose an HDFS file or folder in the Alluxio DL explorer (under an HDFS release → Files).`,
    );
  return p;
}

/** The release's HDFS client pod (label app=hdfs-client, release=REL), else any running client pod in its namespace. */
async function clientPod(client: ClusterClient, p: DataPath): Promise<KubeObject> {
  const pods = (await client.list('pods', p.namespace)).items.filter(
    (x) => x.metadata.labels?.app === CLIENT_LABEL && x.status?.phase === 'Running',
  );
  const pod = pods.find((x) => x.metadata.labels?.release === p.release) ?? pods[0];
  if (!pod)
    throw new UserError(
      `No running HDFS client pod (label app=${CLIENT_LABEL}) in namespace ${p.namespace}: files are read and deleted with hdfs dfs in that pod. Install HDFS with its client (the hdfs-k8s chart's hdfs-client-k8s), or check that the pod is Running.`,
    );
  return pod;
}

/** `hdfs dfs -count PATH`: folders, files and bytes at or under the path. */
async function count(client: ClusterClient, pod: KubeObject, p: DataPath, signal?: AbortSignal): Promise<HdfsCount> {
  const target = { namespace: pod.metadata.namespace!, pod: pod.metadata.name };
  const r = await runInPod(client, target, ['hdfs', 'dfs', '-count', p.path], `hdfs:${p.path}`, { signal });
  if (!r.ok) throw new UserError(describeError(r.error));
  if (r.value.exitCode !== 0)
    throw new UserError(
      `hdfs dfs -count ${p.path} failed in ${pod.metadata.name} (exit ${r.value.exitCode}): ${lastLine(r.value.stderr) || 'no message'}. Refresh the explorer: the path may be gone.`,
    );
  const c = parseDfsCount(r.value.stdout).entries[0];
  if (!c || c.files === undefined || c.directories === undefined)
    throw new UserError(`hdfs dfs -count ${p.path} printed nothing readable: ${lastLine(r.value.stdout)}`);
  return c;
}

function folderId(p: DataPath, dir: string): string {
  const { product, namespace, release } = p;
  return dataNodeId({ release: { product, namespace, release }, what: 'files', arg: dir });
}

async function downloadFromHdfs(deps: DataCommandDeps, t: CommandTarget): Promise<ApplyOutcome> {
  const p = hdfsPathOf(t, 'Download');
  const client = await deps.client();
  const pod = await clientPod(client, p);
  const c = await count(client, pod, p);
  if (c.directories! > 0)
    throw new UserError(`hdfs:${p.path} is a folder: download its files one at a time (or use hdfs dfs -get).`);
  const size = c.bytes ?? 0;
  if (size > MAX_DOWNLOAD)
    throw new UserError(
      `hdfs:${p.path} is ${formatBytes(size)}, over the ${formatBytes(MAX_DOWNLOAD)} the explorer downloads; use hdfs dfs -get.`,
    );
  const name = path.posix.basename(p.path);
  const dest = await deps.prompter.saveFile({
    title: `Save hdfs:${p.path} (${formatBytes(size)})`,
    defaultPath: path.join(deps.workspaceDir() ?? process.env.HOME ?? '.', name),
    saveLabel: 'Download',
  });
  if (!dest) return stopped('declined');
  if (fs.existsSync(dest)) {
    const replace = await deps.prompter.warn(
      `${dest} exists. Replace it with hdfs:${p.path} (${formatBytes(size)})?`,
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') return stopped('declined', `${dest} was kept.`);
  }
  const temp = `${dest}.${process.pid}-${Date.now()}.part`;
  const out = deps.outputs.upload;
  out.append(`$ hdfs dfs -cat ${p.path}   (exec in ${pod.metadata.namespace}/${pod.metadata.name}) > ${dest}\n`);
  let received = 0;
  try {
    await deps.prompter.progress(`Downloading hdfs:${p.path}`, async (report, signal) => {
      const fd = fs.openSync(temp, 'wx');
      let lastPct = 0;
      try {
        const r = await runInPod(
          client,
          { namespace: pod.metadata.namespace!, pod: pod.metadata.name },
          ['hdfs', 'dfs', '-cat', p.path],
          `hdfs:${p.path}`,
          {
            signal,
            timeoutMs: DOWNLOAD_TIMEOUT_MS,
            maxBytes: size + 1,
            onChunk: (chunk) => {
              fs.writeSync(fd, chunk);
              received += chunk.length;
              const pct = size ? Math.floor((received * 100) / size) : 100;
              if (pct > lastPct) report(`${formatBytes(received)} of ${formatBytes(size)}`, pct - lastPct);
              lastPct = pct;
            },
          },
        );
        if (!r.ok) throw new UserError(describeError(r.error));
        if (r.value.exitCode !== 0)
          throw new UserError(`hdfs dfs -cat ${p.path} failed (exit ${r.value.exitCode}): ${lastLine(r.value.stderr)}`);
      } finally {
        fs.closeSync(fd);
      }
      if (received !== size)
        throw new UserError(
          `Download of hdfs:${p.path} incomplete: ${received} of ${size} bytes arrived; ${dest} was not written.`,
        );
      fs.renameSync(temp, dest);
    });
  } catch (e) {
    fs.rmSync(temp, { force: true });
    const cancelled = (e as Error).name === 'CancelledError' || /was cancelled/.test((e as Error).message);
    const message = cancelled ? `Download of hdfs:${p.path} cancelled; ${dest} was not written.` : (e as Error).message;
    out.append(`[${message}]\n`);
    void deps.prompter[cancelled ? 'warn' : 'error'](message);
    return stopped(cancelled ? 'cancelled' : 'downloadFailed', message);
  }
  const message = `Downloaded hdfs:${p.path} (${formatBytes(size)}) to ${dest}.`;
  void deps.prompter.info(message);
  return done('downloaded', message, { files: [dest], bytes: received });
}

async function deleteFromHdfs(deps: DataCommandDeps, t: CommandTarget): Promise<ApplyOutcome> {
  const p = hdfsPathOf(t, 'Delete');
  if (p.path.replace(/\/+$/, '') === '') throw new UserError('The HDFS root (/) cannot be deleted from the explorer.');
  const client = await deps.client();
  const pod = await clientPod(client, p);
  const c = await count(client, pod, p);
  const folder = c.directories! > 0;
  const bytes = formatBytes(c.bytes);
  const message = folder
    ? `Delete the HDFS folder ${p.path} and everything in it (${c.directories! - 1} subfolder${c.directories === 2 ? '' : 's'}, ${c.files} file${c.files === 1 ? '' : 's'}, ${bytes})?`
    : `Delete the HDFS file ${p.path} (${bytes})?`;
  const action = folder ? 'Delete Recursively' : 'Delete';
  const answer = await deps.prompter.warn(
    message,
    {
      modal: true,
      detail: `Release ${p.release} in ${p.namespace}. Runs hdfs dfs -rm${folder ? ' -r' : ''} in ${pod.metadata.name}; unless the cluster keeps a trash, this cannot be undone.`,
    },
    action,
  );
  if (answer !== action) return stopped('declined', `hdfs:${p.path} was kept.`);
  const command = ['hdfs', 'dfs', '-rm', ...(folder ? ['-r'] : []), p.path];
  deps.outputs.upload.append(`$ ${command.join(' ')}   (exec in ${pod.metadata.namespace}/${pod.metadata.name})\n`);
  const r = await runInPod(
    client,
    { namespace: pod.metadata.namespace!, pod: pod.metadata.name },
    command,
    `hdfs:${p.path}`,
  );
  if (!r.ok) throw new UserError(describeError(r.error));
  deps.outputs.upload.append(r.value.stdout + r.value.stderr);
  if (r.value.exitCode !== 0)
    throw new UserError(`hdfs dfs -rm ${p.path} failed (exit ${r.value.exitCode}): ${lastLine(r.value.stderr)}`);
  deps.reloadData?.([folderId(p, parentPath(p.path))]);
  const said = /trash/i.test(r.value.stdout)
    ? `Moved hdfs:${p.path} to the HDFS trash.`
    : `Deleted hdfs:${p.path} (${bytes}).`;
  void deps.prompter.info(said);
  return done('deleted', said, { files: [p.path], bytes: c.bytes });
}

export function hdfsFileCommands(deps: DataCommandDeps): CommandTable {
  return {
    'alluxioDl.downloadFromHdfs': { run: (t) => downloadFromHdfs(deps, t) },
    'alluxioDl.deleteFromHdfs': { run: (t) => deleteFromHdfs(deps, t) },
  };
}
