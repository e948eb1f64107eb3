import { parseQuantity } from './sizes';

/** What the cluster looks like, passed in as plain data by whoever knows it (the explorer). */
export interface NamenodeService {
  /** Service name, e.g. hdfs-namenode. */
  name: string;
  namespace: string;
  /** RPC port (8020 for the hdfs-k8s chart). */
  port?: number;
  /** Pod names behind the headless service, e.g. hdfs-namenode-0. */
  pods?: string[];
}

export interface ClusterContext {
  namenodes?: NamenodeService[];
  /** Labels of each node. */
  nodeLabels?: Array<Record<string, string>>;
  /** Size of /dev/shm on the cache nodes, in bytes, when known. */
  shmBytes?: number;
  /** Allocatable memory of each node, in bytes (from the nodes' status). */
  nodeMemoryBytes?: number[];
  /** Fluid Datasets (data.fluid.io), when the CRD is installed and they could be listed. */
  datasets?: DatasetRef[];
}

export interface DatasetRef {
  name: string;
  namespace: string;
}

/** The preferred URI for a namenode service (pod DNS name when pods are known, as Alluxio's PyTorch-on-HDFS guide writes it). */
export function namenodeUri(nn: NamenodeService): string {
  const svc = `${nn.name}.${nn.namespace}.svc.cluster.local`;
  const host = nn.pods?.length ? `${nn.pods[0]}.${svc}` : svc;
  return `hdfs://${host}:${nn.port ?? 8020}`;
}

/** Does `host:port` reach this service (service or pod DNS name, short or fully qualified)? */
export function hostMatchesNamenode(host: string, port: number | undefined, nn: NamenodeService): boolean {
  if (port !== undefined && nn.port !== undefined && port !== nn.port) return false;
  const labels = host.toLowerCase().split('.');
  const i = labels.indexOf(nn.name);
  if (i < 0 || i > 1) return false;
  if (i === 1 && nn.pods && !nn.pods.includes(labels[0])) return false;
  const ns = labels[i + 1];
  return ns === undefined || ns === nn.namespace;
}

/** The few fields of Kubernetes objects this needs (Service, Pod, Node as listed by any client). */
interface ObjectLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { ports?: Array<{ name?: string; port?: number }> };
  status?: { allocatable?: Record<string, string> };
}

/**
 * Builds the cluster facts from listed objects: hdfs-k8s namenode services (label
 * app=hdfs-namenode, RPC port 8020 or the port named fs), their pods, and every node's labels.
 */
export function clusterContextFromObjects(objs: {
  services: ObjectLike[];
  pods?: ObjectLike[];
  nodes?: ObjectLike[];
  shmBytes?: number;
}): ClusterContext {
  const namenodes: NamenodeService[] = [];
  for (const s of objs.services) {
    const labels = s.metadata?.labels ?? {};
    if (labels.app !== 'hdfs-namenode' || !s.metadata?.name) continue;
    const ports = s.spec?.ports ?? [];
    const port = ports.find((p) => p.port === 8020 || p.name === 'fs')?.port ?? ports[0]?.port;
    const namespace = s.metadata.namespace ?? 'default';
    const pods = (objs.pods ?? [])
      .filter(
        (p) =>
          p.metadata?.namespace === namespace &&
          p.metadata?.labels?.app === 'hdfs-namenode' &&
          (!labels.release || p.metadata?.labels?.release === labels.release),
      )
      .map((p) => p.metadata!.name!)
      .filter(Boolean)
      .sort();
    namenodes.push({ name: s.metadata.name, namespace, port, pods });
  }
  const memory = objs.nodes?.map((n) => parseQuantity(n.status?.allocatable?.memory)).filter((m) => m !== undefined);
  return {
    namenodes,
    nodeLabels: objs.nodes?.map((n) => n.metadata?.labels ?? {}),
    shmBytes: objs.shmBytes,
    ...(memory?.length ? { nodeMemoryBytes: memory } : {}),
  };
}
