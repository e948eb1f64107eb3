/** Slim records kept by the model (not whole objects: 5,000 pods must stay small) and tree node data. */
import type { ResourceKind } from './kinds';

export type HdfsRole = 'namenode' | 'journalnode' | 'datanode' | 'client';
export type AlluxioRole = 'master' | 'worker' | 'fuse';
export type JobKind = 'tfjobs' | 'pytorchjobs' | 'arena';

/** Which group a pod or workload belongs to, as a string key built and parsed by ./node-id. */
export type GroupKey = string;

export interface PodRec {
  key: string; // ns/name
  namespace: string;
  name: string;
  phase: string; // Pending | Running | Succeeded | Failed | Unknown | Terminating
  reason: string; // e.g. CrashLoopBackOff, '' when none
  readyContainers: number;
  containers: number;
  restarts: number;
  node: string;
  created: number; // ms since epoch, 0 if unknown
  gpus: number;
  group: GroupKey | undefined;
  /** A container image, to tell Hadoop 2 (web 50070) from 3 (9870). */
  image: string;
  /** training replica type when known (Worker, PS, Master...). */
  replicaType: string;
  /** The scheduler's message while the pod cannot be placed (PodScheduled=False), '' otherwise. */
  unschedulable: string;
}

export interface WorkloadRec {
  key: string; // kind:ns/name
  kind: 'statefulsets' | 'daemonsets' | 'deployments';
  namespace: string;
  name: string;
  group: GroupKey;
  desired: number;
  ready: number;
}

export interface NodeRec {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  dataset: string; // value of the `dataset` label, '' when absent
  labels: Record<string, string>;
  gpuCapacity: number;
  created: number;
}

export interface JobRec {
  key: GroupKey; // job|KIND|NS|NAME
  kind: 'tfjobs' | 'pytorchjobs';
  namespace: string;
  name: string;
  status: string; // Created | Running | Restarting | Succeeded | Failed | Pending
  statusMessage: string;
  replicas: { type: string; desired: number; active: number; succeeded: number; failed: number }[];
  created: number;
  arena: boolean; // labelled createdBy by Arena's chart
}

export interface ArenaRec {
  key: GroupKey;
  namespace: string;
  name: string; // job name
  configMap: string;
  type: string; // tfjob, pytorchjob, mpijob, ...
  chart: string; // e.g. tfjob-0.3.3
  created: number;
}

export interface ServiceRec {
  key: string; // ns/name
  namespace: string;
  name: string;
  release: string;
}

export interface TierLevel {
  level: number;
  alias: string;
  path: string;
  type: string;
  quota: string;
}

export interface AlluxioValues {
  release: string;
  namespace: string;
  chartVersion: string;
  revision: number;
  levels: TierLevel[];
  rootUfs: string;
}

export type NodeState = 'ok' | 'progress' | 'warning' | 'error' | 'idle' | 'info';

export type TreeNodeKind =
  | 'section'
  | 'hdfsRelease'
  | 'alluxioRelease'
  | 'component'
  | 'pod'
  | 'job'
  | 'clusterNode'
  | 'info'
  | 'failure'
  | 'data'
  | 'fluidDataset'
  | 'fluidRuntime'
  | 'dataLoad';

export interface ResourceRef {
  kind: ResourceKind;
  namespace?: string;
  name: string;
}

/** One tree node, as the view renders it. Pure data: the view maps it to a vscode.TreeItem. */
export interface TreeNodeData {
  id: string;
  kind: TreeNodeKind;
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  state: NodeState;
  /** Icon hint for the view: a codicon name. */
  icon: string;
  expandable: boolean;
  /** Space-separated tokens for `viewItem =~ /\btoken\b/` menus. */
  contextValue: string;
  ref?: ResourceRef;
  /** For Open Web UI: a pod and its port. */
  webUi?: { namespace: string; pod: string; port: number };
  /** For Follow Logs. */
  logs?: { namespace: string; kind: string; name: string };
  /** Another node this one points at (the HDFS an Alluxio release mounts). */
  linkTo?: string;
  /** Where the description shows a relative age: the time it counts from (ms since epoch). */
  since?: number;
  /** An HDFS or Alluxio path this node stands for (data views), for Warm Up, Upload and readiness. */
  dataPath?: { product: 'hdfs' | 'alluxio'; namespace: string; release: string; path: string };
}
