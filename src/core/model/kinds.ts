/** The resource kinds the explorer reads, and how to reach each one. No vscode, no client-node. */

export type ResourceKind =
  | 'pods'
  | 'nodes'
  | 'statefulsets'
  | 'daemonsets'
  | 'deployments'
  | 'services'
  | 'configmaps'
  | 'tfjobs'
  | 'pytorchjobs'
  | 'helmreleases'
  | 'datasets'
  | 'alluxioruntimes'
  | 'dataloads';

export interface ResourceSpec {
  group: string; // '' for the core group
  version: string;
  plural: string; // the REST resource name
  kind: string; // the object kind, for YAML and events
  namespaced: boolean;
  /** What the explorer needs of this kind; keeps lists and watches small. */
  labelSelector?: string;
  /** Installed by a CRD: a 404 on list means "not installed", not "not found". */
  crd?: boolean;
}

const WORKLOAD_APPS = 'app in (hdfs-namenode,hdfs-datanode,hdfs-journalnode,hdfs-client,alluxio)';

export const RESOURCES: Record<ResourceKind, ResourceSpec> = {
  pods: { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  nodes: { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false },
  statefulsets: {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    labelSelector: WORKLOAD_APPS,
  },
  daemonsets: {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    kind: 'DaemonSet',
    namespaced: true,
    labelSelector: WORKLOAD_APPS,
  },
  deployments: {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    labelSelector: WORKLOAD_APPS,
  },
  services: {
    group: '',
    version: 'v1',
    plural: 'services',
    kind: 'Service',
    namespaced: true,
    labelSelector: 'app=hdfs-namenode',
  },
  configmaps: {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
    labelSelector: 'createdBy=arena',
  },
  tfjobs: { group: 'kubeflow.org', version: 'v1', plural: 'tfjobs', kind: 'TFJob', namespaced: true, crd: true },
  pytorchjobs: {
    group: 'kubeflow.org',
    version: 'v1',
    plural: 'pytorchjobs',
    kind: 'PyTorchJob',
    namespaced: true,
    crd: true,
  },
  // Helm 3 keeps each release revision in a Secret: the deployed one gives the values, the newest the status.
  helmreleases: {
    group: '',
    version: 'v1',
    plural: 'secrets',
    kind: 'Secret',
    namespaced: true,
    labelSelector: 'owner=helm',
  },
  // Fluid (data.fluid.io): a Dataset names the data, an AlluxioRuntime caches it, a DataLoad warms it.
  datasets: {
    group: 'data.fluid.io',
    version: 'v1alpha1',
    plural: 'datasets',
    kind: 'Dataset',
    namespaced: true,
    crd: true,
  },
  alluxioruntimes: {
    group: 'data.fluid.io',
    version: 'v1alpha1',
    plural: 'alluxioruntimes',
    kind: 'AlluxioRuntime',
    namespaced: true,
    crd: true,
  },
  dataloads: {
    group: 'data.fluid.io',
    version: 'v1alpha1',
    plural: 'dataloads',
    kind: 'DataLoad',
    namespaced: true,
    crd: true,
  },
};

export const ALL_KINDS = Object.keys(RESOURCES) as ResourceKind[];

/** The REST path of a kind's collection (namespace '' or undefined: all namespaces / cluster scope). */
export function collectionPath(kind: ResourceKind, namespace?: string): string {
  const s = RESOURCES[kind];
  const base = s.group ? `/apis/${s.group}/${s.version}` : `/api/${s.version}`;
  const ns = s.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${s.plural}`;
}

export function objectPath(kind: ResourceKind, namespace: string | undefined, name: string): string {
  return `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
}

/** The minimal shape of any Kubernetes object the explorer reads. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid?: string }[];
  };
  spec?: any;
  status?: any;
  data?: Record<string, string>;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export function objectKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}
