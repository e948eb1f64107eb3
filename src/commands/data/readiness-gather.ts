/**
 * Gathers what data readiness judges, for one training job object: its selector, GPUs and data folder
 * (under the FUSE mount), the Alluxio release it reads through (its mounts and the folder's cache
 * state), whether HDFS holds the folder (WebHDFS over a port-forward, else `hdfs dfs -count` by exec
 * in the client pod), the nodes, their GPUs and the FUSE pods. What cannot be read stays undefined,
 * which the checks show as unknown.
 */
import type { AlluxioMount } from '../../core/data/alluxio-rest';
import { parseDfsCount } from '../../core/data/hdfs-shell';
import { describeError } from '../../core/data/outcome';
import { readinessChecks, type Check, type ReadinessInput } from '../../core/data/readiness';
import {
  findAlluxioMasters,
  fusePodsOf,
  hdfsPathFor,
  nodeFactsOf,
  parseMountList,
  type AlluxioMasterRef,
} from '../../core/data/readiness-input';
import { alluxioPathOfHostPath } from '../../core/data/warm-up';
import { DEFAULT_FUSE_MOUNT, fuseMountPath } from '../../core/apply/presubmit';
import type { KubeObject } from '../../core/model/kinds';
import type { ClusterClient } from '../../k8s/cluster-client';
import { fetchAlluxioStatus, fetchCacheState } from '../../k8s/data/alluxio-fetch';
import { hdfsContentSummary } from '../../k8s/data/hdfs-fetch';
import { runInPod } from '../../k8s/data/pod-exec';
import { clientPodsByRelease } from '../apply/upload';
import { jobFacts } from '../../core/apply/job-facts';
import { fluidJobReadiness } from './readiness-fluid';

export interface JobReadiness {
  checks: Check[];
  /** the folder the job reads, in Alluxio and in HDFS, when known */
  alluxioPath?: string;
  hdfsPath?: string;
  master?: AlluxioMasterRef;
  /** the Fluid Dataset the job mounts (its PVC), when it mounts one */
  fluidDataset?: { namespace: string; name: string };
  selector: Record<string, string>;
  /** what could not be read, for the log */
  notes: string[];
}

export interface GatherOptions {
  signal?: AbortSignal;
  /** chooses among several Alluxio releases (default: the one in the job's namespace, else the first) */
  pickMaster?: (masters: AlluxioMasterRef[]) => Promise<AlluxioMasterRef | undefined>;
  /** the listed objects, when the caller has them already */
  lists?: { nodes: KubeObject[]; pods: KubeObject[]; daemonsets: KubeObject[] };
}

/** Whether a pod belongs to the job (training-operator, older operators, arena labels). */
export function ofJob(job: KubeObject): (p: KubeObject) => boolean {
  const name = job.metadata?.name;
  const ns = job.metadata?.namespace;
  return (p) => {
    const l = p.metadata?.labels ?? {};
    if (p.metadata?.namespace !== ns) return false;
    return (
      l['training.kubeflow.org/job-name'] === name ||
      l['job-name'] === name ||
      l['tf-job-name'] === name ||
      l['pytorch-job-name'] === name ||
      (l.release === name && !!l.app && /job$/.test(l.app))
    );
  };
}

/** The release in the job's namespace, else the only or first one. */
function defaultMaster(masters: AlluxioMasterRef[], namespace: string | undefined) {
  return masters.find((m) => m.namespace === namespace && m.running) ?? masters.find((m) => m.running) ?? masters[0];
}

async function hdfsHolds(
  client: ClusterClient,
  pods: KubeObject[],
  path: string,
  notes: string[],
  signal?: AbortSignal,
): Promise<ReadinessInput['hdfs']> {
  const nn = pods.find((p) => p.metadata.labels?.app === 'hdfs-namenode' && p.status?.phase === 'Running');
  if (nn) {
    const summary = await hdfsContentSummary(
      client,
      { namespace: nn.metadata.namespace!, pod: nn.metadata.name },
      path,
      {
        signal,
      },
    );
    if (summary.ok) return { exists: true, files: summary.value.files, bytes: summary.value.length };
    if (/FileNotFoundException|does not exist/i.test(summary.error.message)) return { exists: false };
    notes.push(describeError(summary.error));
  }
  const shell = clientPodsByRelease(pods)[0]?.pod;
  if (!shell) {
    notes.push('No Running HDFS client pod (app=hdfs-client) to run hdfs dfs -count in.');
    return undefined;
  }
  const target = { namespace: shell.metadata.namespace!, pod: shell.metadata.name };
  const count = await runInPod(client, target, ['hdfs', 'dfs', '-count', path], `hdfs dfs -count ${path}`, { signal });
  if (!count.ok) {
    notes.push(describeError(count.error));
    return undefined;
  }
  const text = `${count.value.stdout}\n${count.value.stderr}`;
  if (count.value.exitCode !== 0) {
    if (/No such file or directory|does not exist/i.test(text)) return { exists: false };
    notes.push(`hdfs dfs -count ${path} exited ${count.value.exitCode}`);
    return undefined;
  }
  const entry = parseDfsCount(count.value.stdout).entries[0];
  return { exists: true, files: entry?.files, bytes: entry?.bytes };
}

/** The mount table from `alluxio fs mount` by exec (when the REST API cannot be reached). */
export async function mountsFromShell(
  client: ClusterClient,
  master: AlluxioMasterRef,
  notes: string[],
  signal?: AbortSignal,
): Promise<AlluxioMount[] | undefined> {
  const listed = await runInPod(client, master, ['alluxio', 'fs', 'mount'], 'alluxio fs mount', { signal });
  if (!listed.ok) notes.push(describeError(listed.error));
  else if (listed.value.exitCode !== 0) notes.push(`alluxio fs mount exited ${listed.value.exitCode}`);
  else return parseMountList(listed.value.stdout);
  return undefined;
}

export async function gatherReadiness(
  client: ClusterClient,
  job: KubeObject,
  options: GatherOptions = {},
): Promise<JobReadiness> {
  const notes: string[] = [];
  const facts = jobFacts(job);
  let lists = options.lists;
  if (!lists) {
    const [n, p, d] = await Promise.all([
      client.list('nodes', ''),
      client.list('pods', ''),
      client.list('daemonsets', ''),
    ]);
    lists = { nodes: n.items, pods: p.items, daemonsets: d.items };
  }
  if (!facts.dataHostPath && facts.dataClaim)
    return fluidJobReadiness(client, job, facts.dataClaim, facts.selector, lists.nodes);
  const input: ReadinessInput = {
    hdfsPath: '',
    selector: facts.selector,
    nodes: nodeFactsOf(lists.nodes, lists.pods, ofJob(job)),
    fusePods: fusePodsOf(lists.pods),
    workers: Math.max(1, facts.replicas),
    gpusPerWorker: facts.gpusPerReplica,
  };
  const mount = fuseMountPath(lists.daemonsets) ?? DEFAULT_FUSE_MOUNT;
  const alluxioPath = facts.dataHostPath ? alluxioPathOfHostPath(facts.dataHostPath, mount) : undefined;
  if (!alluxioPath)
    notes.push(
      facts.dataHostPath
        ? `The job's data folder ${facts.dataHostPath} is not under the FUSE mount ${mount}: it does not read through Alluxio.`
        : 'The job mounts no host folder: there is no dataset to check.',
    );
  const masters = findAlluxioMasters(lists.pods);
  const master = !alluxioPath
    ? undefined
    : masters.length > 1 && options.pickMaster
      ? await options.pickMaster(masters)
      : defaultMaster(masters, job.metadata?.namespace);
  if (alluxioPath && !master) notes.push('No Alluxio master pod (role=alluxio-master) was found.');
  let hdfsPath: string | undefined;
  if (alluxioPath && master) {
    const status = await fetchAlluxioStatus(client, master, { signal: options.signal });
    // The shell's report lists no mounts: ask `alluxio fs mount`, else they stay unknown (not "none").
    if (status.ok && status.value.source === 'rest') input.mounts = status.value.mounts;
    else {
      notes.push(status.ok ? `REST API: ${status.value.restError}` : describeError(status.error));
      input.mounts = await mountsFromShell(client, master, notes, options.signal);
    }
    if (input.mounts) hdfsPath = hdfsPathFor(input.mounts, alluxioPath);
    input.hdfsPath = hdfsPath ?? alluxioPath;
    const capacity = status.ok ? status.value.capacity : undefined;
    const [cache, hdfs] = await Promise.all([
      fetchCacheState(client, master, alluxioPath, { signal: options.signal, cacheCapacity: capacity }),
      hdfsPath ? hdfsHolds(client, lists.pods, hdfsPath, notes, options.signal) : Promise.resolve(undefined),
    ]);
    if (cache.ok) input.cache = cache.value;
    else notes.push(describeError(cache.error));
    input.hdfs = hdfs;
  } else input.hdfsPath = alluxioPath ?? facts.dataHostPath ?? '(none)';
  return { checks: readinessChecks(input), alluxioPath, hdfsPath, master, selector: facts.selector, notes };
}
