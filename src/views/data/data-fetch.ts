/**
 * Fetches one data resource for the tree: finds the pod to ask (the namenode, the HDFS client, the
 * Alluxio master) in the model, then calls the data fetchers (port-forward first, exec as fallback).
 * A missing pod is a typed error with a fix, like any other failure.
 */
import { formulaFor, HitRatioWindow } from '../../core/data/hit-ratio';
import { failed, succeeded, type Outcome } from '../../core/data/outcome';
import type { ClusterModel } from '../../core/model/cluster-model';
import {
  hdfsListing,
  MAX_LISTED,
  type DataStore,
  type ResourceKey,
  type ResourceValues,
} from '../../core/model/data-store';
import { groupKey, type ReleaseKey } from '../../core/model/node-id';
import { podState, webUiPort } from '../../core/model/tree-pods';
import type { PodRec } from '../../core/model/types';
import type { ClusterClient } from '../../k8s/cluster-client';
import { browseAlluxio, fetchAlluxioStatus, fetchCacheState, fetchClusterMetrics } from '../../k8s/data/alluxio-fetch';
import { fetchHdfsStatus, hdfsContentSummary, listHdfs } from '../../k8s/data/hdfs-fetch';

/** The Alluxio chart's master container (where the `alluxio` shell is). */
export const MASTER_CONTAINER = 'alluxio-master';
/** A cache-state exec (`alluxio fs du` of the dataset) runs a client JVM: it gets more time than a GET. */
const CACHE_TIMEOUT_MS = 120_000;

export interface FetchDeps {
  client: ClusterClient;
  model: ClusterModel;
  store: DataStore;
  datasetPath(release: ReleaseKey): string;
  /** one hit-ratio window per Alluxio release, kept across refreshes */
  hitWindows: Map<string, HitRatioWindow>;
}

function rolePod(model: ClusterModel, release: ReleaseKey, role: string): PodRec | undefined {
  const g = model.groups.get(groupKey({ type: 'component', ...release, role }));
  const pods = [...(g?.pods ?? [])].map((k) => model.pods.get(k)).filter((p): p is PodRec => !!p);
  return pods.find((p) => podState(p) === 'ok') ?? pods.find((p) => p.phase === 'Running');
}

function noPod<T>(release: ReleaseKey, role: string): Outcome<T> {
  const product = release.product === 'hdfs' ? 'HDFS' : 'Alluxio';
  return failed(
    'missing',
    `${product} ${role} of release ${release.namespace}/${release.release}`,
    `no running ${role} pod`,
    `Start the ${role} (see its pods under the release), then Refresh.`,
  );
}

export async function fetchResource<K extends keyof ResourceValues>(
  deps: FetchDeps,
  key: ResourceKey & { kind: K },
  signal: AbortSignal,
): Promise<Outcome<ResourceValues[K]>> {
  return (await fetchAny(deps, key, signal)) as Outcome<ResourceValues[K]>;
}

async function fetchAny(deps: FetchDeps, key: ResourceKey, signal: AbortSignal): Promise<Outcome<unknown>> {
  const { client, model } = deps;
  const { release } = key;
  if (release.product === 'hdfs') {
    const nnPod = rolePod(model, release, 'namenode');
    if (!nnPod) return noPod(release, 'namenode');
    const nn = { namespace: nnPod.namespace, pod: nnPod.name, httpPort: webUiPort(nnPod) };
    if (key.kind === 'hdfsStatus') {
      const shell = rolePod(model, release, 'client');
      const r = await fetchHdfsStatus(client, nn, shell && { namespace: shell.namespace, pod: shell.name }, { signal });
      return r.ok ? succeeded({ ...r.value, source: r.value.source }) : r;
    }
    const [list, summary] = await Promise.all([
      listHdfs(client, nn, key.path, { signal }),
      hdfsContentSummary(client, nn, key.path, { signal }),
    ]);
    if (!list.ok) return list;
    return succeeded(hdfsListing(list.value, summary.ok ? summary.value : undefined));
  }
  const masterPod = rolePod(model, release, 'master');
  if (!masterPod) return noPod(release, 'master');
  const master = { namespace: masterPod.namespace, pod: masterPod.name, container: MASTER_CONTAINER };
  switch (key.kind) {
    case 'alluxioStatus':
      return fetchAlluxioStatus(client, master, { signal });
    case 'alluxioList': {
      const page = await browseAlluxio(client, master, key.path, { offset: 0, limit: MAX_LISTED }, { signal });
      if (!page.ok) return page;
      if (page.value.kind === 'missing')
        return failed('missing', `Alluxio folder ${key.path}`, page.value.message, 'Refresh the parent folder.');
      const entries = page.value.entries.slice(0, MAX_LISTED);
      return succeeded({ entries, total: Math.max(page.value.total ?? 0, entries.length) });
    }
    case 'cache':
      return fetchCache(deps, release, master, signal);
    default:
      return failed('failed', key.kind, 'not a resource of an Alluxio release', '');
  }
}

async function fetchCache(
  deps: FetchDeps,
  release: ReleaseKey,
  master: { namespace: string; pod: string; container: string },
  signal: AbortSignal,
): Promise<Outcome<ResourceValues['cache']>> {
  const { client, store } = deps;
  const status = store.value({ kind: 'alluxioStatus', release, path: '' });
  const path = deps.datasetPath(release);
  const state = await fetchCacheState(client, master, path, {
    signal,
    timeoutMs: CACHE_TIMEOUT_MS,
    cacheCapacity: status?.capacity,
  });
  if (!state.ok) return state;
  const key = `${release.namespace}/${release.release}`;
  let window = deps.hitWindows.get(key);
  if (!window) deps.hitWindows.set(key, (window = new HitRatioWindow(formulaFor(status?.version))));
  const metrics = await fetchClusterMetrics(client, master, { signal });
  if (metrics.ok) window.add({ atMs: Date.now(), counters: metrics.value.counters });
  return succeeded({
    path,
    state: state.value,
    hit: window.current(),
    hitNote: metrics.ok
      ? 'Measuring: the ratio needs a second sample of the read counters (the next refresh).'
      : `The read counters could not be read: ${metrics.error.message}`,
  });
}
