/**
 * Fluid through the ClusterClient: which Fluid objects a YAML text holds (to apply them), the DataLoad a
 * warm-up creates, and following a DataLoad's phase until Fluid writes Complete or Failed.
 */
import { isClusterError, type ClusterClient, type KubeObject, type ResourceKind } from './cluster-client';
import { dataLoadRec, type DataLoadRec } from '../core/model/fluid-model';

export const FLUID_GROUP = 'data.fluid.io';
const KIND_OF: Record<string, ResourceKind> = {
  Dataset: 'datasets',
  AlluxioRuntime: 'alluxioruntimes',
  DataLoad: 'dataloads',
};

/** The phases after which a DataLoad does nothing more. */
export const FINAL_PHASES = new Set(['Complete', 'Failed']);

/** The resource kind of a data.fluid.io object this extension applies, or undefined. */
export function fluidKindOf(o: unknown): ResourceKind | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const { apiVersion, kind } = o as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith(`${FLUID_GROUP}/`) || typeof kind !== 'string')
    return undefined;
  return KIND_OF[kind];
}

/** A DataLoad of `paths` in a Dataset (Fluid loads them into the dataset's runtime). */
export function dataLoadObject(namespace: string, name: string, dataset: string, paths: string[]): KubeObject {
  return {
    apiVersion: `${FLUID_GROUP}/v1alpha1`,
    kind: 'DataLoad',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/created-by': 'alluxio-dl' } },
    spec: {
      dataset: { name: dataset, namespace },
      loadMetadata: true,
      target: paths.map((path) => ({ path, replicas: 1 })),
    },
  };
}

/**
 * Follows one DataLoad: lists it, then watches from the list's version, calling `onChange` on every
 * change, until its phase is Complete or Failed (resolves with it), it is deleted (rejects), or the
 * signal aborts (rejects with the abort reason). A watch that ends is restarted; one that expires re-lists.
 */
export async function followDataLoad(
  client: ClusterClient,
  namespace: string,
  name: string,
  onChange: (d: DataLoadRec) => void,
  signal: AbortSignal,
): Promise<DataLoadRec> {
  let version = '';
  let last: DataLoadRec | undefined;
  const seen = (o: KubeObject): DataLoadRec | undefined => {
    if (o.metadata.name !== name) return undefined;
    const rec = dataLoadRec(o);
    if (last?.phase !== rec.phase || last?.duration !== rec.duration || last?.message !== rec.message) onChange(rec);
    last = rec;
    return FINAL_PHASES.has(rec.phase) ? rec : undefined;
  };
  for (;;) {
    signal.throwIfAborted();
    if (!version) {
      const listed = await client.list('dataloads', namespace);
      const o = listed.items.find((x) => x.metadata.name === name);
      if (!o) throw new Error(`DataLoad ${namespace}/${name} is gone: someone deleted it before it finished.`);
      const done = seen(o);
      if (done) return done;
      version = listed.resourceVersion;
    }
    let result: DataLoadRec | undefined;
    let deleted = false;
    const local = new AbortController();
    const stop = () => local.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
      await client.watch(
        'dataloads',
        namespace,
        version,
        {
          onEvent: (ev) => {
            if (ev.object.metadata.resourceVersion) version = ev.object.metadata.resourceVersion;
            if (ev.object.metadata.name !== name) return;
            if (ev.type === 'DELETED') deleted = true;
            else result = seen(ev.object);
            if (deleted || result) local.abort();
          },
          onResourceVersion: (rv) => (version = rv),
        },
        local.signal,
      );
    } catch (e) {
      if (signal.aborted) throw signal.reason ?? e;
      if (!result && !deleted) {
        if (isClusterError(e) && e.kind === 'expired') version = '';
        else throw e;
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
    if (deleted) throw new Error(`DataLoad ${namespace}/${name} was deleted before it finished.`);
    if (result) return result;
  }
}
