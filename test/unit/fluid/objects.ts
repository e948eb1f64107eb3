/** Builders for Fluid objects as the API server returns them (status as Fluid v1.0.8's controllers write it). */
import type { KubeObject } from '../../../src/core/model/kinds';

const API = 'data.fluid.io/v1alpha1';

export function dataset(name: string, status: Record<string, unknown> = {}, namespace = 'default'): KubeObject {
  return {
    apiVersion: API,
    kind: 'Dataset',
    metadata: { name, namespace, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { mounts: [{ mountPoint: 'hdfs://hdfs-namenode-0.hdfs-namenode.default:8020/data', name: 'data' }] },
    status,
  };
}

/** The status Fluid wrote for a bound dataset in the sandbox run (cached and percentage varied by tests). */
export function boundStatus(cached: string, cachedPercentage: string): Record<string, unknown> {
  return {
    phase: 'Bound',
    ufsTotal: '3.90MiB',
    fileNum: '4',
    runtimes: [{ category: 'Accelerate', name: 'mnist', namespace: 'default', type: 'alluxio' }],
    cacheStates: {
      cacheCapacity: '256.00MiB',
      cacheHitRatio: '0.0%',
      cacheThroughputRatio: '0.0%',
      cached,
      cachedPercentage,
      localHitRatio: '0.0%',
      localThroughputRatio: '0.0%',
      remoteHitRatio: '0.0%',
      remoteThroughputRatio: '0.0%',
    },
  };
}

export function runtime(
  name: string,
  status: Record<string, unknown> = {},
  fuseNodeSelector?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: API,
    kind: 'AlluxioRuntime',
    metadata: { name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      replicas: 2,
      tieredstore: { levels: [{ mediumtype: 'MEM', path: '/dev/shm', quota: '2Gi' }] },
      ...(fuseNodeSelector ? { fuse: { nodeSelector: fuseNodeSelector } } : {}),
    },
    status,
  };
}

export const READY_RUNTIME_STATUS = {
  masterPhase: 'Ready',
  masterNumberReady: 1,
  desiredMasterNumberScheduled: 1,
  workerPhase: 'Ready',
  workerNumberReady: 2,
  desiredWorkerNumberScheduled: 2,
  fusePhase: 'Ready',
  fuseNumberReady: 0,
  desiredFuseNumberScheduled: 0,
  setupDuration: '1m2s',
};

export function dataLoad(name: string, datasetName: string, status: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: API,
    kind: 'DataLoad',
    metadata: { name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { dataset: { name: datasetName, namespace: 'default' }, target: [{ path: '/data' }] },
    status,
  };
}
