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
}

/** The preferred URI for a namenode service (pod DNS name when pods are known, as the seed writes it). */
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
