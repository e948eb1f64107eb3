// "New HDFS values": the PyTorch-on-HDFS guide's `helm install hdfs ... --set` flags as a values file.
import { modelineFor } from '../schema/names';

export interface HdfsValuesInput {
  ha: boolean;
  /** Node label (key=value) the simple namenode must run on; empty: no nodeSelector. */
  namenodeSelector: { key: string; value: string } | undefined;
  dataNodeHostPath: string[];
}

export const SEED_HDFS_INPUT: HdfsValuesInput = {
  ha: false,
  namenodeSelector: { key: 'hdfs-namenode-selector', value: 'hdfs-namenode-0' },
  dataNodeHostPath: ['/hdfs-data'],
};

export function generateHdfsValues(i: HdfsValuesInput): string {
  const L = [
    modelineFor('hdfs'),
    'tags:',
    `  ha: ${i.ha}`,
    `  simple: ${!i.ha}`,
    'global:',
    `  namenodeHAEnabled: ${i.ha}`,
    '  dataNodeHostPath:',
    ...i.dataNodeHostPath.map((p) => `    - ${p}`),
  ];
  const sub = i.ha ? 'hdfs-namenode-k8s' : 'hdfs-simple-namenode-k8s';
  if (i.namenodeSelector)
    L.push(`${sub}:`, '  nodeSelector:', `    ${i.namenodeSelector.key}: ${i.namenodeSelector.value}`);
  return L.join('\n') + '\n';
}

/** The service URI the simple namenode gets for a release (the hdfs-k8s naming rule). */
export function simpleNamenodeUri(release: string, namespace: string): string {
  const full = release.includes('hdfs') ? release : `${release}-hdfs`;
  return `hdfs://${full}-namenode-0.${full}-namenode.${namespace}.svc.cluster.local:8020`;
}
