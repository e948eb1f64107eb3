import type { SchemaId } from './names';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const HDFS_SUBCHARTS = [
  'hdfs-simple-namenode-k8s',
  'hdfs-namenode-k8s',
  'hdfs-datanode-k8s',
  'hdfs-config-k8s',
  'hdfs-journalnode-k8s',
  'hdfs-client-k8s',
  'hdfs-krb5-k8s',
];
const COMPONENTS = ['', 'master', 'worker', 'fuse', 'jobMaster', 'jobWorker', 'proxy', 'logserver'];
const ONLY_29 = [
  'proxy',
  'shortCircuit',
  'logserver',
  'metrics',
  'csi',
  'hostAliases',
  'imagePullSecrets',
  'serviceAccount',
  'metastore',
  'configmaps',
];

/** Recognises our files by their content. A YAML file of another tool gives undefined. */
export function detectSchema(value: unknown): SchemaId | undefined {
  if (!isObj(value)) return undefined;
  if (value.apiVersion && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('kubeflow.org/')) {
    if (value.kind === 'TFJob') return 'tfjob';
    if (value.kind === 'PyTorchJob') return 'pytorchjob';
    return undefined;
  }
  if (typeof value.apiVersion === 'string' && value.apiVersion.startsWith('data.fluid.io/')) {
    if (value.kind === 'Dataset') return 'fluid-dataset';
    if (value.kind === 'AlluxioRuntime') return 'fluid-alluxioruntime';
    if (value.kind === 'DataLoad') return 'fluid-dataload';
    return undefined;
  }
  if (value.apiVersion !== undefined || value.kind !== undefined) return undefined;
  if (HDFS_SUBCHARTS.some((k) => k in value) || (isObj(value.global) && 'namenodeHAEnabled' in value.global))
    return 'hdfs';
  return isAlluxioValues(value) ? alluxioFlavour(value) : undefined;
}

function hasAlluxioProperty(v: unknown): boolean {
  return isObj(v) && Object.keys(v).some((k) => k.startsWith('alluxio.'));
}

function isAlluxioValues(v: Obj): boolean {
  if (COMPONENTS.some((c) => hasAlluxioProperty(c ? (isObj(v[c]) ? v[c].properties : undefined) : v.properties)))
    return true;
  if (isObj(v.tieredstore) && Array.isArray(v.tieredstore.levels)) return true;
  const sections = ['master', 'worker', 'fuse'].filter((k) => isObj(v[k])).length;
  return sections >= 2 && ['journal', 'jobMaster', 'jobWorker', 'shortCircuit'].some((k) => k in v);
}

function levels(v: Obj): Obj[] {
  return isObj(v.tieredstore) && Array.isArray(v.tieredstore.levels) ? v.tieredstore.levels.filter(isObj) : [];
}

/** 2.9 (lists, fuse mountPoint...) vs 2.2; for 2.2, Alibaba's `alias` tiers vs the official `mediumtype`. */
export function alluxioFlavour(v: Obj): SchemaId {
  const jvm = COMPONENTS.map((c) => (c ? (isObj(v[c]) ? v[c].jvmOptions : undefined) : v.jvmOptions)).filter(
    (x) => x !== undefined && x !== null,
  );
  const fuse = isObj(v.fuse) ? v.fuse : {};
  const tiers = levels(v);
  const tag = typeof v.imageTag === 'string' || typeof v.imageTag === 'number' ? String(v.imageTag) : '';
  const says29 =
    jvm.some(Array.isArray) ||
    ['mountPoint', 'mountOptions', 'alluxioPath'].some((k) => k in fuse) ||
    ONLY_29.some((k) => k in v) ||
    tiers.some((l) => 'alias' in l && 'mediumtype' in l) ||
    /^2\.[3-9]/.test(tag);
  const says22 = jvm.some((x) => typeof x === 'string') || 'image' in fuse || 'args' in fuse || /^2\.[0-2]/.test(tag);
  if (says29 && !says22) return 'alluxio-2.9';
  if (!says22 && !tiers.length) return 'alluxio-2.9';
  if (tiers.some((l) => 'alias' in l && !('mediumtype' in l))) return 'alluxio-2.2-alibaba';
  if (says29 && tiers.every((l) => !('mediumtype' in l) || 'alias' in l) && !says22) return 'alluxio-2.9';
  return says22 ? 'alluxio-2.2' : 'alluxio-2.9';
}
