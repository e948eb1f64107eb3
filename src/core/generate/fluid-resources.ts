// "New Fluid Dataset": a Dataset and its AlluxioRuntime (data.fluid.io/v1alpha1) — Alluxio's
// PyTorch-on-HDFS setup (HDFS mount, MEM tier on /dev/shm, FUSE) the Fluid way.
import { modelineFor } from '../schema/names';
import { jsYaml } from '../yaml/js-yaml';

export const FLUID_API = 'data.fluid.io/v1alpha1';

export interface FluidTier {
  mediumtype: 'MEM' | 'SSD' | 'HDD';
  /** One path, or several joined by commas (then `quotaList` gives one quota each). */
  path: string;
  /** A Kubernetes quantity (20Gi); several joined by commas for several paths. */
  quota: string;
  volumeType?: 'hostPath' | 'emptyDir';
  high?: string;
  low?: string;
}

export type FluidComponent = 'master' | 'worker' | 'fuse' | 'jobMaster' | 'jobWorker';

export interface FluidComponentSpec {
  jvmOptions?: string[];
  properties?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  env?: Record<string, string>;
  replicas?: number;
  /** FUSE only. */
  args?: string[];
  image?: string;
  imageTag?: string;
  imagePullPolicy?: string;
  networkMode?: 'HostNetwork' | 'ContainerNetwork';
  podMetadata?: { annotations?: Record<string, string> };
}

export interface FluidInput {
  /** The Dataset's and the AlluxioRuntime's name: Fluid binds them by name. */
  name: string;
  namespace?: string;
  /** The UFS, e.g. hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020/ */
  mountPoint: string;
  /** Options of the mount (the UFS's settings, e.g. HDFS client properties). */
  mountOptions?: Record<string, string>;
  /** Where the cache workers may run (the Dataset's required node affinity), e.g. {dataset: mnist}. */
  nodeSelector: Record<string, string>;
  /** The Alluxio image; Fluid's default image when empty. */
  image?: string;
  imageTag?: string;
  imagePullPolicy?: string;
  /** How many cache workers. */
  replicas: number;
  tiers: FluidTier[];
  properties: Record<string, string>;
  jvmOptions?: string[];
  components: Partial<Record<FluidComponent, FluidComponentSpec>>;
  imagePullSecrets?: Array<{ name: string }>;
  tolerations?: unknown[];
}

/** Alluxio's PyTorch-on-HDFS guide, the Fluid way: dataset label mnist, a 20Gi MEM tier on /dev/shm, direct_io FUSE. */
export const SEED_FLUID_INPUT: FluidInput = {
  name: 'mnist',
  mountPoint: 'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020/',
  nodeSelector: { dataset: 'mnist' },
  replicas: 1,
  tiers: [{ mediumtype: 'MEM', path: '/dev/shm', quota: '20Gi', volumeType: 'hostPath', high: '0.99', low: '0.8' }],
  properties: {
    'alluxio.fuse.debug.enabled': 'false',
    'alluxio.user.file.writetype.default': 'MUST_CACHE',
  },
  components: {
    master: { jvmOptions: ['-Xmx4G'] },
    worker: { jvmOptions: ['-Xmx4G'] },
    fuse: { jvmOptions: ['-Xmx4G', '-Xms4G'], args: ['fuse', '--fuse-opts=direct_io'] },
  },
};

type Obj = Record<string, unknown>;

/** Drops undefined fields and empty maps/lists, so the YAML shows only what was chosen. */
function compact(v: Obj): Obj {
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    if (Array.isArray(x)) {
      if (x.length) out[k] = x.map((e) => (e && typeof e === 'object' && !Array.isArray(e) ? compact(e as Obj) : e));
      continue;
    }
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      const c = compact(x as Obj);
      if (Object.keys(c).length) out[k] = c;
      continue;
    }
    out[k] = x;
  }
  return out;
}

function metadata(i: FluidInput): Obj {
  return { name: i.name, namespace: i.namespace };
}

export function fluidDataset(i: FluidInput): Obj {
  const sel = Object.entries(i.nodeSelector);
  return compact({
    apiVersion: FLUID_API,
    kind: 'Dataset',
    metadata: metadata(i),
    spec: {
      // One mount at path "/" becomes the cache's root, as the root UFS of a Helm install is.
      mounts: [{ name: mountName(i.mountPoint), mountPoint: i.mountPoint, path: '/', options: i.mountOptions }],
      nodeAffinity: sel.length
        ? {
            required: {
              nodeSelectorTerms: [
                { matchExpressions: sel.map(([key, value]) => ({ key, operator: 'In', values: [value] })) },
              ],
            },
          }
        : undefined,
      tolerations: i.tolerations,
    },
  });
}

export function fluidRuntime(i: FluidInput): Obj {
  const components: Obj = {};
  for (const c of ['master', 'jobMaster', 'worker', 'jobWorker', 'fuse'] as const) {
    const s = i.components[c];
    if (s) components[c] = { ...s };
  }
  return compact({
    apiVersion: FLUID_API,
    kind: 'AlluxioRuntime',
    metadata: metadata(i),
    spec: {
      replicas: i.replicas,
      alluxioVersion: { image: i.image, imageTag: i.imageTag, imagePullPolicy: i.imagePullPolicy },
      imagePullSecrets: i.imagePullSecrets,
      properties: i.properties,
      jvmOptions: i.jvmOptions,
      ...components,
      tieredstore: {
        levels: i.tiers.map((t) => {
          const many = t.path.includes(',');
          return {
            mediumtype: t.mediumtype,
            volumeType: t.volumeType,
            path: t.path,
            ...quota(t, many),
            high: t.high,
            low: t.low,
          };
        }),
      },
    },
  });
}

function quota(t: FluidTier, many: boolean): Obj {
  const parts = t.quota.split(',');
  if (!many) return { quota: parts[0] };
  const paths = t.path.split(',').length;
  return { quotaList: Array.from({ length: paths }, (_, k) => parts[k] ?? parts[parts.length - 1]).join(',') };
}

/** A mount name from the URI's host ("hdfs-namenode-0…" → hdfs), lower-case letters, digits and -. */
function mountName(uri: string): string {
  const scheme = /^([a-z][\w+.-]*):/i.exec(uri)?.[1]?.toLowerCase() ?? 'data';
  return scheme.replace(/[^a-z0-9-]/g, '-');
}

export function dumpResource(id: 'fluid-dataset' | 'fluid-alluxioruntime', obj: Obj): string {
  return modelineFor(id) + '\n' + jsYaml().dump(obj, { lineWidth: -1, noRefs: true, sortKeys: false });
}

/** The two files: NAME-dataset.yaml and NAME-alluxioruntime.yaml (one resource each). */
export function generateFluidDataset(i: FluidInput): Record<string, string> {
  return {
    [`${i.name}-dataset.yaml`]: dumpResource('fluid-dataset', fluidDataset(i)),
    [`${i.name}-alluxioruntime.yaml`]: dumpResource('fluid-alluxioruntime', fluidRuntime(i)),
  };
}
