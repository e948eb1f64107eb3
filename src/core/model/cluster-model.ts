/**
 * The explorer's model: slim records of the watched resources and the indexes that place them in
 * the tree. Applying one watch event is O(1) in the number of objects and returns the ids of the
 * tree nodes it changed, so that the view refreshes only those. Rendering lives in ./tree.
 */
import { objectKey, type KubeObject, type ResourceKind, type WatchEvent } from './kinds';
import { arenaRec, heldGpus, jobRec, nodeRec, podRec, serviceRec, workloadRec } from './extract';
import { alluxioValues, decodeRelease } from './helm-release';
import { ReleaseStatuses } from './release-status';
import { FluidModel } from './fluid-model';
import {
  clusterNodeId,
  groupNodeId,
  infoNodeId,
  isJobGroup,
  jobGroupKey,
  nodeId,
  parseReleaseKey,
  podNodeId,
  releaseKey,
  releaseKeyOfGroup,
  releaseNodeId,
} from './node-id';
import type { AlluxioValues, ArenaRec, GroupKey, JobRec, NodeRec, PodRec, ServiceRec, WorkloadRec } from './types';

/** A failure of one kind, as the tree shows it (ClusterError fits this shape). */
export interface Failure {
  kind: string; // unreachable | unauthorized | forbidden | crdMissing | ...
  message: string;
  hint: string;
}

/** Tree node ids that changed; ROOT means the root's children changed. */
export type Changes = Set<string>;
export const ROOT = '';

export interface Group {
  pods: Set<string>;
  workloads: Map<string, WorkloadRec>;
}

export const SECTIONS = {
  hdfs: nodeId({ kind: 'section', section: 'hdfs' }),
  alluxio: nodeId({ kind: 'section', section: 'alluxio' }),
  training: nodeId({ kind: 'section', section: 'training' }),
  nodes: nodeId({ kind: 'section', section: 'nodes' }),
  fluid: nodeId({ kind: 'section', section: 'fluid' }),
} as const;

const sectionOfRelease = (release: string) =>
  parseReleaseKey(release)?.product === 'hdfs' ? SECTIONS.hdfs : SECTIONS.alluxio;

export class ClusterModel {
  readonly pods = new Map<string, PodRec>();
  readonly groups = new Map<GroupKey, Group>();
  /** `hdfs|ns|rel` / `alluxio|ns|rel` → its groups. */
  readonly releases = new Map<string, Set<GroupKey>>();
  readonly nodes = new Map<string, NodeRec>();
  /** Pods of a group (HDFS, Alluxio, training) by node name. */
  readonly nodePods = new Map<string, Set<string>>();
  /** GPUs held by running/pending pods on each node (pods the explorer can see). */
  readonly gpuHeld = new Map<string, number>();
  readonly workloads = new Map<string, WorkloadRec>();
  readonly jobs = new Map<GroupKey, JobRec>();
  readonly arena = new Map<GroupKey, ArenaRec>();
  private readonly arenaByConfigMap = new Map<string, GroupKey>();
  readonly services = new Map<string, ServiceRec>();
  /** `alluxio|ns|rel` → values from its deployed Helm release. */
  readonly alluxio = new Map<string, AlluxioValues>();
  private readonly alluxioBySecret = new Map<string, string>();
  private readonly alluxioOwner = new Map<string, string>();
  /** Helm's view of each release (newest revision's status, declared components). */
  readonly helm = new ReleaseStatuses();
  readonly failures = new Map<ResourceKind, Failure>();
  readonly progress = new Map<GroupKey, string>();
  readonly loaded = new Set<ResourceKind>();
  /** Fluid's Datasets, AlluxioRuntimes and DataLoads. */
  readonly fluid = new FluidModel(SECTIONS.fluid);

  /** Applies one watch event. */
  apply(kind: ResourceKind, ev: WatchEvent, changes: Changes = new Set()): Changes {
    const gone = ev.type === 'DELETED';
    const o = ev.object;
    switch (kind) {
      case 'pods':
        this.setPod(objectKey(o), gone ? undefined : podRec(o), changes);
        break;
      case 'nodes':
        this.setNode(o.metadata.name, gone ? undefined : nodeRec(o), changes);
        break;
      case 'statefulsets':
      case 'daemonsets':
      case 'deployments':
        this.setWorkload(`${kind}:${objectKey(o)}`, gone ? undefined : workloadRec(kind, o), changes);
        break;
      case 'services':
        this.setService(objectKey(o), gone ? undefined : serviceRec(o), changes);
        break;
      case 'configmaps':
        this.setArena(objectKey(o), gone ? undefined : arenaRec(o), changes);
        break;
      case 'tfjobs':
      case 'pytorchjobs': {
        const rec = jobRec(kind, o);
        this.setJob(rec.key, gone ? undefined : rec, changes);
        break;
      }
      case 'helmreleases':
        this.setRelease(objectKey(o), gone ? undefined : o, changes);
        break;
      case 'datasets':
      case 'alluxioruntimes':
      case 'dataloads':
        this.fluid.apply(kind, o, gone, changes);
        break;
    }
    return changes;
  }

  /** Replaces every object of a kind (after a list): removes the ones that are gone. */
  reset(kind: ResourceKind, items: KubeObject[], changes: Changes = new Set()): Changes {
    const keep = new Set(items.map((o) => this.keyOf(kind, o)));
    for (const key of this.keysOf(kind)) {
      if (!keep.has(key)) this.remove(kind, key, changes);
    }
    for (const o of items) this.apply(kind, { type: 'ADDED', object: o }, changes);
    if (!this.loaded.has(kind)) {
      this.loaded.add(kind);
      changes.add(ROOT);
    }
    return changes;
  }

  /** Records (or clears) the failure of a kind. */
  setFailure(kind: ResourceKind, failure: Failure | undefined, changes: Changes = new Set()): Changes {
    const old = this.failures.get(kind);
    if (old?.message === failure?.message && old?.kind === failure?.kind) return changes;
    if (failure) this.failures.set(kind, failure);
    else this.failures.delete(kind);
    changes.add(ROOT);
    if (old?.kind === 'crdMissing' || failure?.kind === 'crdMissing') changes.add(SECTIONS.training);
    changes.add(SECTIONS.fluid);
    return changes;
  }

  /** Progress text for a training job's node (set by the logs feature). */
  setJobProgress(namespace: string, name: string, text: string | undefined, changes: Changes = new Set()): Changes {
    for (const kind of ['tfjobs', 'pytorchjobs', 'arena'] as const) {
      const key = jobGroupKey(kind, namespace, name);
      if (text) this.progress.set(key, text);
      else this.progress.delete(key);
      changes.add(groupNodeId(key));
    }
    return changes;
  }

  /** Forgets everything (context or namespace switched). */
  clear(): void {
    for (const m of [
      this.pods,
      this.groups,
      this.releases,
      this.nodes,
      this.nodePods,
      this.gpuHeld,
      this.workloads,
      this.jobs,
      this.arena,
      this.arenaByConfigMap,
      this.services,
      this.alluxio,
      this.alluxioBySecret,
      this.alluxioOwner,
      this.failures,
      this.progress,
    ])
      m.clear();
    this.helm.clear();
    this.fluid.clear();
    this.loaded.clear();
  }

  private keyOf(kind: ResourceKind, o: KubeObject): string {
    if (kind === 'statefulsets' || kind === 'daemonsets' || kind === 'deployments') return `${kind}:${objectKey(o)}`;
    if (kind === 'tfjobs' || kind === 'pytorchjobs')
      return jobGroupKey(kind, o.metadata.namespace ?? '', o.metadata.name);
    return objectKey(o);
  }

  private keysOf(kind: ResourceKind): string[] {
    switch (kind) {
      case 'pods':
        return [...this.pods.keys()];
      case 'nodes':
        return [...this.nodes.keys()];
      case 'statefulsets':
      case 'daemonsets':
      case 'deployments':
        return [...this.workloads.values()].filter((w) => w.kind === kind).map((w) => w.key);
      case 'services':
        return [...this.services.keys()];
      case 'configmaps':
        return [...this.arenaByConfigMap.keys()];
      case 'tfjobs':
      case 'pytorchjobs':
        return [...this.jobs.values()].filter((j) => j.kind === kind).map((j) => j.key);
      case 'helmreleases':
        return [...new Set([...this.alluxioBySecret.keys(), ...this.helm.secrets()])];
      case 'datasets':
      case 'alluxioruntimes':
      case 'dataloads':
        return this.fluid.keys(kind);
    }
  }

  private remove(kind: ResourceKind, key: string, changes: Changes): void {
    switch (kind) {
      case 'pods':
        this.setPod(key, undefined, changes);
        break;
      case 'nodes':
        this.setNode(key, undefined, changes);
        break;
      case 'statefulsets':
      case 'daemonsets':
      case 'deployments':
        this.setWorkload(key, undefined, changes);
        break;
      case 'services':
        this.setService(key, undefined, changes);
        break;
      case 'configmaps':
        this.setArena(key, undefined, changes);
        break;
      case 'tfjobs':
      case 'pytorchjobs':
        this.setJob(key, undefined, changes);
        break;
      case 'helmreleases':
        this.setRelease(key, undefined, changes);
        break;
      case 'datasets':
      case 'alluxioruntimes':
      case 'dataloads':
        this.fluid.remove(kind, key, changes);
        break;
    }
  }

  // ---- pods -------------------------------------------------------------------------------

  private setPod(key: string, rec: PodRec | undefined, changes: Changes): void {
    const old = this.pods.get(key);
    if (!old && !rec) return;
    if (rec) this.pods.set(key, rec);
    else this.pods.delete(key);
    if (old?.group !== rec?.group) {
      if (old?.group) this.groupOf(old.group, changes).pods.delete(key);
      if (rec?.group) this.groupOf(rec.group, changes).pods.add(key);
    }
    const oldPlaced = old?.group ? old.node : '';
    const newPlaced = rec?.group ? rec.node : '';
    if (oldPlaced !== newPlaced) {
      if (oldPlaced) this.nodePods.get(oldPlaced)?.delete(key);
      if (newPlaced) {
        let set = this.nodePods.get(newPlaced);
        if (!set) this.nodePods.set(newPlaced, (set = new Set()));
        set.add(key);
      }
    }
    const oldGpus = old ? heldGpus(old) : 0;
    const newGpus = rec ? heldGpus(rec) : 0;
    if (old && oldGpus) this.addGpus(old.node, -oldGpus, changes);
    if (rec && newGpus) this.addGpus(rec.node, newGpus, changes);
    if (old) this.touchPod(old, changes);
    if (rec) this.touchPod(rec, changes);
    if (old?.group && old.group !== rec?.group) this.dropIfEmpty(old.group, changes);
  }

  private addGpus(node: string, n: number, changes: Changes): void {
    const v = (this.gpuHeld.get(node) ?? 0) + n;
    if (v) this.gpuHeld.set(node, v);
    else this.gpuHeld.delete(node);
    changes.add(clusterNodeId(node));
  }

  private touchPod(p: PodRec, changes: Changes): void {
    if (!p.group) return;
    const parent = groupNodeId(p.group);
    changes.add(parent);
    changes.add(podNodeId(parent, p.namespace, p.name));
    if (!isJobGroup(p.group)) changes.add(releaseNodeId(releaseKeyOfGroup(p.group)));
    if (p.node) {
      changes.add(clusterNodeId(p.node));
      changes.add(podNodeId(clusterNodeId(p.node), p.namespace, p.name));
    }
  }

  // ---- groups and workloads ---------------------------------------------------------------

  private groupOf(key: GroupKey, changes: Changes): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = { pods: new Set(), workloads: new Map() };
      this.groups.set(key, g);
      this.groupsChanged(key, changes);
      if (!isJobGroup(key)) {
        const rel = releaseKeyOfGroup(key);
        let set = this.releases.get(rel);
        if (!set) {
          this.releases.set(rel, (set = new Set()));
          changes.add(sectionOfRelease(rel));
        }
        set.add(key);
      }
    }
    return g;
  }

  private dropIfEmpty(key: GroupKey, changes: Changes): void {
    const g = this.groups.get(key);
    if (!g || g.pods.size > 0 || g.workloads.size > 0) return;
    this.groups.delete(key);
    this.groupsChanged(key, changes);
    if (!isJobGroup(key)) {
      const rel = releaseKeyOfGroup(key);
      const set = this.releases.get(rel);
      set?.delete(key);
      if (set && set.size === 0) {
        this.releases.delete(rel);
        changes.add(sectionOfRelease(rel));
      }
    }
  }

  private groupsChanged(key: GroupKey, changes: Changes): void {
    if (isJobGroup(key)) {
      changes.add(SECTIONS.training);
      changes.add(groupNodeId(key));
    } else changes.add(releaseNodeId(releaseKeyOfGroup(key)));
  }

  private setWorkload(key: string, rec: WorkloadRec | undefined, changes: Changes): void {
    const old = this.workloads.get(key);
    if (!old && !rec) return;
    if (rec) this.workloads.set(key, rec);
    else this.workloads.delete(key);
    if (old && old.group !== rec?.group) this.groups.get(old.group)?.workloads.delete(key);
    if (rec) this.groupOf(rec.group, changes).workloads.set(key, rec);
    for (const r of [old, rec]) {
      if (!r) continue;
      changes.add(groupNodeId(r.group));
      changes.add(releaseNodeId(releaseKeyOfGroup(r.group)));
    }
    if (old && old.group !== rec?.group) this.dropIfEmpty(old.group, changes);
  }

  // ---- nodes, jobs, services, releases ----------------------------------------------------

  private setNode(name: string, rec: NodeRec | undefined, changes: Changes): void {
    const had = this.nodes.has(name);
    if (rec) this.nodes.set(name, rec);
    else this.nodes.delete(name);
    if (had !== !!rec) changes.add(SECTIONS.nodes);
    changes.add(clusterNodeId(name));
  }

  private setJob(key: GroupKey, rec: JobRec | undefined, changes: Changes): void {
    const had = this.jobs.has(key);
    if (rec) this.jobs.set(key, rec);
    else this.jobs.delete(key);
    if (had !== !!rec) changes.add(SECTIONS.training);
    changes.add(groupNodeId(key));
  }

  private setArena(cmKey: string, rec: ArenaRec | undefined, changes: Changes): void {
    const oldKey = this.arenaByConfigMap.get(cmKey);
    if (oldKey && oldKey !== rec?.key) {
      this.arena.delete(oldKey);
      changes.add(SECTIONS.training);
      changes.add(groupNodeId(oldKey));
    }
    if (rec) {
      if (!this.arena.has(rec.key)) changes.add(SECTIONS.training);
      this.arena.set(rec.key, rec);
      this.arenaByConfigMap.set(cmKey, rec.key);
      changes.add(groupNodeId(rec.key));
    } else this.arenaByConfigMap.delete(cmKey);
  }

  private setService(key: string, rec: ServiceRec | undefined, changes: Changes): void {
    if (rec) this.services.set(key, rec);
    else if (!this.services.delete(key)) return;
    // Links from Alluxio releases to HDFS may change: there are only a few of them.
    for (const rel of this.alluxio.keys()) changes.add(infoNodeId(rel, 'ufs'));
  }

  private setRelease(secretKey: string, secret: KubeObject | undefined, changes: Changes): void {
    const oldRel = this.alluxioBySecret.get(secretKey);
    const decoded = secret ? decodeRelease(secret) : undefined;
    for (const rel of this.helm.set(secretKey, secret, decoded)) {
      changes.add(sectionOfRelease(rel));
      changes.add(releaseNodeId(rel));
      if (parseReleaseKey(rel)?.product === 'alluxio') changes.add(infoNodeId(rel, 'cache'));
    }
    const deployed = (decoded?.info?.status ?? secret?.metadata.labels?.status) === 'deployed';
    const values = decoded && deployed ? alluxioValues(decoded) : undefined;
    const rel = values
      ? releaseKey({
          product: 'alluxio',
          namespace: values.namespace || secret?.metadata.namespace || '',
          release: values.release,
        })
      : undefined;
    if (oldRel && oldRel !== rel) {
      this.alluxioBySecret.delete(secretKey);
      // During an upgrade the new revision may arrive before the old one stops being "deployed".
      if (this.alluxioOwner.get(oldRel) === secretKey) {
        this.alluxio.delete(oldRel);
        this.alluxioOwner.delete(oldRel);
        this.releaseValuesChanged(oldRel, changes);
      }
    }
    if (values && rel) {
      this.alluxioBySecret.set(secretKey, rel);
      const current = this.alluxio.get(rel);
      if (current && this.alluxioOwner.get(rel) !== secretKey && current.revision > values.revision) return;
      this.alluxio.set(rel, values);
      this.alluxioOwner.set(rel, secretKey);
      this.releaseValuesChanged(rel, changes);
    }
  }

  private releaseValuesChanged(rel: string, changes: Changes): void {
    changes.add(SECTIONS.alluxio);
    changes.add(releaseNodeId(rel));
    changes.add(infoNodeId(rel, 'cache'));
    changes.add(infoNodeId(rel, 'ufs'));
  }
}
