/**
 * Data readiness of a job that mounts a Fluid dataset's PVC instead of the FUSE host folder: reads the
 * Dataset and its AlluxioRuntime (same name, the job's namespace) and the nodes, then lets
 * core/data/fluid-readiness judge. A missing object is null (a failing check); one that could not be
 * read is undefined (an unknown check, with the reason in the notes).
 */
import { fluidReadiness, type FluidReadinessInput } from '../../core/data/fluid-readiness';
import type { KubeObject } from '../../core/model/kinds';
import { datasetRec, runtimeRec } from '../../core/model/fluid-model';
import type { ClusterClient } from '../../k8s/cluster-client';
import type { JobReadiness } from './readiness-gather';

async function find(
  client: ClusterClient,
  kind: 'datasets' | 'alluxioruntimes',
  namespace: string,
  name: string,
  notes: string[],
): Promise<KubeObject | null | undefined> {
  try {
    const items = (await client.list(kind, namespace)).items;
    return items.find((o) => o.metadata.name === name) ?? null;
  } catch (e) {
    notes.push(`Could not list ${kind} in ${namespace}: ${(e as Error).message}`);
    return undefined;
  }
}

export async function fluidJobReadiness(
  client: ClusterClient,
  job: KubeObject,
  claim: string,
  selector: Record<string, string>,
  nodes: readonly KubeObject[],
): Promise<JobReadiness> {
  const notes: string[] = [];
  const namespace = job.metadata.namespace ?? 'default';
  const [dataset, runtime] = await Promise.all([
    find(client, 'datasets', namespace, claim, notes),
    find(client, 'alluxioruntimes', namespace, claim, notes),
  ]);
  const d = dataset && datasetRec(dataset);
  const r = runtime && runtimeRec(runtime);
  const input: FluidReadinessInput = {
    dataset: { namespace, name: claim },
    status: d && {
      phase: d.phase,
      cachedPercentage: d.cache.cachedPercentage,
      cached: d.cache.cached,
      ufsTotal: d.ufsTotal,
    },
    runtime: r && { master: r.master, worker: r.worker, fuse: r.fuse, fuseNodeSelector: r.fuseNodeSelector },
    selector,
    nodes: nodes.map((n) => ({ name: n.metadata.name, labels: n.metadata.labels ?? {} })),
  };
  if (dataset === null) notes.push(`The job mounts PVC ${claim}, and no Fluid Dataset ${namespace}/${claim} exists.`);
  return { checks: fluidReadiness(input), fluidDataset: { namespace, name: claim }, selector, notes };
}
