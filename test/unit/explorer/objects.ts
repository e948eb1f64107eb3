/** Builders of the Kubernetes objects the explorer reads, shaped like the charts' real objects. */
import type { KubeObject } from '../../../src/core/model/kinds';
import { encodeRelease, type HelmRelease } from '../../../src/core/model/helm-release';

const T0 = '2026-01-01T00:00:00Z';

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  node?: string;
  phase?: string;
  ready?: boolean;
  restarts?: number;
  gpus?: number;
  owner?: { kind: string; name: string };
  waiting?: string;
  image?: string;
  /** The scheduler's message: a Pending pod with PodScheduled=False, reason Unschedulable, no node. */
  unschedulable?: string;
}

export function pod(name: string, o: PodOptions = {}): KubeObject {
  const phase = o.phase ?? 'Running';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}`,
      creationTimestamp: T0,
      labels: o.labels ?? {},
      ownerReferences: o.owner ? [{ kind: o.owner.kind, name: o.owner.name }] : undefined,
    },
    spec: {
      nodeName: o.node,
      containers: [
        {
          name: 'main',
          image: o.image ?? 'busybox',
          resources: o.gpus ? { limits: { 'nvidia.com/gpu': String(o.gpus) } } : {},
        },
      ],
    },
    status: o.unschedulable
      ? {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: o.unschedulable }],
        }
      : {
          phase,
          containerStatuses: [
            {
              name: 'main',
              ready: o.ready ?? phase === 'Running',
              restartCount: o.restarts ?? 0,
              state: o.waiting ? { waiting: { reason: o.waiting } } : { running: {} },
            },
          ],
        },
  };
}

export function hdfsLabels(
  role: 'namenode' | 'datanode' | 'journalnode' | 'client',
  release = 'hdfs',
): Record<string, string> {
  return { app: `hdfs-${role}`, release, chart: `hdfs-${role}-k8s-0.1.0` };
}

export function alluxioLabels(role: 'master' | 'worker' | 'fuse', release = 'alluxio'): Record<string, string> {
  return { app: 'alluxio', role: `alluxio-${role}`, release, chart: 'alluxio-0.5.5', heritage: 'Helm' };
}

export function node(
  name: string,
  o: { labels?: Record<string, string>; gpus?: number; ready?: boolean } = {},
): KubeObject {
  const capacity: Record<string, string> = { cpu: '8', memory: '32Gi' };
  if (o.gpus) capacity['nvidia.com/gpu'] = String(o.gpus);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: o.labels ?? {}, creationTimestamp: T0 },
    spec: {},
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

export function statefulSet(
  name: string,
  labels: Record<string, string>,
  replicas: number,
  ready: number,
  namespace = 'default',
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, labels },
    spec: { replicas },
    status: { replicas, readyReplicas: ready },
  };
}

export function daemonSet(
  name: string,
  labels: Record<string, string>,
  desired: number,
  ready: number,
  namespace = 'default',
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels },
    spec: {},
    status: { desiredNumberScheduled: desired, numberReady: ready },
  };
}

export function service(name: string, labels: Record<string, string>, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: {} };
}

export function tfJob(
  name: string,
  o: {
    conditions?: string[];
    workers?: number;
    active?: number;
    namespace?: string;
    labels?: Record<string, string>;
  } = {},
): KubeObject {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name, namespace: o.namespace ?? 'default', labels: o.labels, creationTimestamp: T0 },
    spec: { tfReplicaSpecs: { Worker: { replicas: o.workers ?? 1, template: {} } } },
    status: {
      conditions: (o.conditions ?? ['Created']).map((type, i) => ({
        type,
        status: 'True',
        lastTransitionTime: `2026-01-01T00:0${i}:00Z`,
        message: `TFJob ${name} is ${type.toLowerCase()}.`,
      })),
      replicaStatuses: { Worker: { active: o.active ?? 0 } },
    },
  };
}

export function arenaConfigMap(job: string, type = 'tfjob', namespace = 'default'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${job}-${type}`,
      namespace,
      labels: { createdBy: 'arena', release: job, app: type },
      creationTimestamp: T0,
    },
    data: { values: 'gpus: 1\n', app: type, [type]: '0.3.3' },
  };
}

export function helmSecret(
  release: string,
  revision: number,
  chart: string,
  config: Record<string, unknown>,
  defaults: Record<string, unknown> = {},
  namespace = 'default',
  extra: Pick<HelmRelease, 'info' | 'manifest' | 'hooks'> = {},
): KubeObject {
  const status = extra.info?.status ?? 'deployed';
  const encoded = encodeRelease({
    name: release,
    namespace,
    version: revision,
    chart: { metadata: { name: chart, version: '0.5.5' }, values: defaults },
    config,
    info: { status, ...extra.info },
    manifest: extra.manifest,
    hooks: extra.hooks,
  });
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `sh.helm.release.v1.${release}.v${revision}`,
      namespace,
      labels: { owner: 'helm', name: release, status, version: String(revision) },
    },
    data: { release: encoded },
  };
}

/** The PyTorch-on-HDFS guide's Alluxio config.yaml, as Helm user values. */
export const SEED_ALLUXIO_VALUES = {
  properties: {
    'alluxio.master.mount.table.root.ufs': 'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020',
    'alluxio.user.file.writetype.default': 'MUST_CACHE',
  },
  tieredstore: {
    levels: [
      {
        level: 0,
        alias: 'MEM',
        mediumtype: 'MEM',
        path: '/dev/shm',
        type: 'hostPath',
        quota: '20GB',
        high: 0.99,
        low: 0.8,
      },
    ],
  },
};
