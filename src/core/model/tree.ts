/**
 * The explorer tree over a ClusterModel: ids → children and node data. Everything is computed on
 * demand for the nodes the view asks about, so a watch event costs nothing until it is displayed.
 * Ids are built and parsed by ./node-id.
 */
import { ROOT, SECTIONS, type ClusterModel, type Failure } from './cluster-model';
import { RESOURCES, type ResourceKind } from './kinds';
import { md, plural, visibleLine, visibleMarkdown } from './format';
import { groupKey, nodeId, parentNode, parseNodeId, type SectionName } from './node-id';
import { clusterNodeIds, clusterNodeNode, podChildren, podNode } from './tree-pods';
import { componentIds, componentNode, infoNode, releaseIds, releaseNode } from './tree-releases';
import { jobCreated, jobIds, jobNode } from './tree-training';
import { fluidIds, fluidNode, fluidSectionDescription, fluidServed } from './tree-fluid';
import type { TreeNodeData } from './types';
import { dataParentId, isDataId, parseDataId } from './data-id';
import { dataChildren, dataNode, releaseDataIds, type DataContext } from './tree-data';

/** The training-operator's CRDs the explorer watches. */
const TRAINING_KINDS: ResourceKind[] = ['tfjobs', 'pytorchjobs'];
/** Failures that concern the whole connection are shown once, not per kind. */
const CONNECTION_FAILURES = new Set(['unreachable', 'unauthorized']);
/** More forbidden kinds than this are grouped under one node. */
const GROUP_FORBIDDEN_FROM = 2;

/** The kinds without which a section cannot be complete. */
const SECTION_KINDS: Record<SectionName, ResourceKind[]> = {
  nodes: ['nodes'],
  training: ['tfjobs', 'pytorchjobs', 'configmaps'],
  hdfs: ['pods', 'statefulsets'],
  alluxio: ['pods', 'helmreleases'],
  fluid: ['datasets', 'alluxioruntimes', 'dataloads'],
};

/** "a", "a and b", "a, b and c". */
function listing(words: string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export class ExplorerTree {
  /** `data`: what the data nodes (HDFS and Alluxio contents) read; without it releases show none. */
  constructor(
    readonly model: ClusterModel,
    private readonly data?: DataContext,
  ) {}

  children(id: string = ROOT): string[] {
    const m = this.model;
    if (isDataId(id)) return this.data ? dataChildren(this.data, id) : [];
    if (id === ROOT)
      return [
        ...this.failureIds(),
        SECTIONS.hdfs,
        SECTIONS.alluxio,
        ...(fluidServed(m) ? [SECTIONS.fluid] : []),
        SECTIONS.training,
        SECTIONS.nodes,
      ];
    const n = parseNodeId(id);
    switch (n?.kind) {
      case 'section':
        if (n.section === 'nodes') return clusterNodeIds(m);
        if (n.section === 'fluid') return fluidIds(m);
        if (n.section === 'training') return [...this.crdFailureIds(), ...jobIds(m)];
        return releaseIds(m, n.section);
      case 'forbiddenGroup':
        return this.forbiddenKinds().map((k) => nodeId({ kind: 'failure', key: k, under: 'forbidden' }));
      case 'release':
        return [...componentIds(m, n.release), ...(this.data ? releaseDataIds(this.data, n.release) : [])];
      case 'component':
        return podChildren(m, n, m.groups.get(groupKey({ type: 'component', ...n.component }))?.pods);
      case 'job':
        return podChildren(m, n, m.groups.get(groupKey({ type: 'job', ...n.job }))?.pods);
      case 'clusterNode':
        return podChildren(m, n, m.nodePods.get(n.name));
      default:
        return [];
    }
  }

  parent(id: string): string | undefined {
    if (isDataId(id)) {
      const d = parseDataId(id);
      return d && dataParentId(d);
    }
    const n = parseNodeId(id);
    const p = n && parentNode(n);
    return p && nodeId(p);
  }

  /** The node's data, its texts made visible (cluster text may carry line breaks and bidi marks). */
  node(id: string, now = Date.now()): TreeNodeData | undefined {
    const d = this.build(id, now);
    return (
      d && {
        ...d,
        label: visibleLine(d.label),
        description: visibleLine(d.description),
        tooltip: visibleMarkdown(d.tooltip),
      }
    );
  }

  private build(id: string, now: number): TreeNodeData | undefined {
    if (isDataId(id)) return this.data && dataNode(this.data, id);
    const m = this.model;
    const n = parseNodeId(id);
    switch (n?.kind) {
      case 'pod': {
        const p = m.pods.get(`${n.namespace}/${n.name}`);
        return p ? podNode(n, p, now) : undefined;
      }
      case 'info':
        return infoNode(m, n.release, n.what);
      case 'failure':
        return this.failureNode(id, n.key);
      case 'forbiddenGroup':
        return this.forbiddenGroupNode();
      case 'section':
        return this.sectionNode(n.section);
      case 'release':
        return releaseNode(m, n.release);
      case 'component':
        return componentNode(m, n.component);
      case 'job':
        return jobNode(m, n.job, now);
      case 'clusterNode':
        return clusterNodeNode(m, n.name, now);
      case 'fluid':
        return fluidNode(m, n);
      default:
        return undefined;
    }
  }

  /**
   * The time a row's relative age counts from, for rows that show one (pods, jobs); cheap, so that
   * a ticker can ask it of every row on screen each second.
   */
  since(id: string): number | undefined {
    const n = parseNodeId(id);
    if (n?.kind === 'pod') return this.model.pods.get(`${n.namespace}/${n.name}`)?.created || undefined;
    if (n?.kind === 'job') return jobCreated(this.model, groupKey({ type: 'job', ...n.job })) || undefined;
    return undefined;
  }

  /** Whether nothing at all was found (for the "empty" welcome state). */
  isEmpty(): boolean {
    const m = this.model;
    return (
      m.releases.size === 0 &&
      m.alluxio.size === 0 &&
      m.jobs.size === 0 &&
      m.arena.size === 0 &&
      m.nodes.size === 0 &&
      m.fluid.datasets.size === 0 &&
      m.failures.size === 0
    );
  }

  private failureIds(): string[] {
    const ids: string[] = [];
    const seen = new Set<string>();
    const grouped = this.forbiddenKinds().length > GROUP_FORBIDDEN_FROM;
    for (const [kind, f] of [...this.model.failures].sort(([a], [b]) => a.localeCompare(b))) {
      if (f.kind === 'crdMissing') continue;
      if (CONNECTION_FAILURES.has(f.kind)) {
        if (!seen.has(f.kind)) ids.unshift(nodeId({ kind: 'failure', key: f.kind }));
        seen.add(f.kind);
      } else if (f.kind === 'forbidden' && grouped) {
        if (!seen.has('forbidden')) ids.push(nodeId({ kind: 'forbiddenGroup' }));
        seen.add('forbidden');
      } else ids.push(nodeId({ kind: 'failure', key: kind }));
    }
    return ids;
  }

  private forbiddenKinds(): ResourceKind[] {
    return [...this.model.failures]
      .filter(([, f]) => f.kind === 'forbidden')
      .map(([k]) => k)
      .sort();
  }

  /** Several forbidden kinds: one expandable "limited access" node with one child per kind. */
  private forbiddenGroupNode(): TreeNodeData | undefined {
    const kinds = this.forbiddenKinds();
    if (!kinds.length) return undefined;
    const user = /for user (\S+)$/.exec(this.model.failures.get(kinds[0])!.message)?.[1];
    const names = kinds.map((k) => (RESOURCES[k].plural === 'secrets' ? 'helm releases' : RESOURCES[k].plural));
    return {
      id: nodeId({ kind: 'forbiddenGroup' }),
      kind: 'failure',
      label: `Limited access${user ? ` for user ${user}` : ''}`,
      description: `cannot list ${names.join(', ')}`,
      tooltip: [
        ...kinds.map((k) => `- ${md(this.model.failures.get(k)!.message)}`),
        '',
        `Ask your cluster administrator for "list" and "watch" on ${md(listing(names))}, or switch to another context or namespace. Expand this row for one row per kind; Retry (in its menu) lists again.`,
      ].join('\n'),
      state: 'warning',
      icon: 'lock',
      expandable: true,
      contextValue: 'failure failure-forbidden retry',
    };
  }

  private crdFailureIds(): string[] {
    return [...this.model.failures]
      .filter(([k, f]) => f.kind === 'crdMissing' && TRAINING_KINDS.includes(k))
      .map(([k]) => nodeId({ kind: 'failure', key: k, under: 'training' }));
  }

  private findFailure(key: string): Failure | undefined {
    if (CONNECTION_FAILURES.has(key)) return [...this.model.failures.values()].find((f) => f.kind === key);
    return this.model.failures.get(key as ResourceKind);
  }

  private failureNode(id: string, key: string): TreeNodeData | undefined {
    const f = this.findFailure(key);
    if (!f) return undefined;
    const kinds = [...this.model.failures].filter(([, x]) => x.kind === f.kind).map(([k]) => k);
    const label =
      f.kind === 'unreachable'
        ? 'Cluster unreachable'
        : f.kind === 'unauthorized'
          ? 'Credentials rejected (401)'
          : f.kind === 'crdMissing'
            ? `${RESOURCES[key as ResourceKind]?.kind ?? key}: CRD not installed`
            : f.message;
    return {
      id,
      kind: 'failure',
      label,
      description:
        f.kind === 'crdMissing' ? this.crdMissingNote(key) : CONNECTION_FAILURES.has(f.kind) ? f.message : '',
      tooltip: `${md(f.message)}\n\n${f.kind === 'crdMissing' ? this.crdMissingHint(key, f) : md(f.hint)}${kinds.length > 1 ? `\n\nAffects: ${kinds.join(', ')}` : ''}`,
      state: f.kind === 'crdMissing' ? 'info' : f.kind === 'forbidden' ? 'warning' : 'error',
      icon:
        f.kind === 'crdMissing'
          ? 'info'
          : f.kind === 'forbidden'
            ? 'lock'
            : f.kind === 'unauthorized'
              ? 'key'
              : 'debug-disconnect',
      expandable: false,
      contextValue: `failure failure-${f.kind} retry`,
    };
  }

  /** The training CRDs listed without failure (the operator serves them), other than this one. */
  private servedTrainingKinds(except: string): ResourceKind[] {
    return TRAINING_KINDS.filter((k) => k !== except && this.model.loaded.has(k) && !this.model.failures.has(k));
  }

  /** "training-operator not installed" only when no training CRD is served at all. */
  private crdMissingNote(key: string): string {
    const served = this.servedTrainingKinds(key);
    if (served.length) return `${served.map((k) => `${RESOURCES[k].kind}s`).join(', ')} are served`;
    const others = TRAINING_KINDS.filter((k) => k !== key);
    const allMissing = others.every((k) => this.model.failures.get(k)?.kind === 'crdMissing');
    return allMissing ? 'training-operator not installed' : '';
  }

  private crdMissingHint(key: string, f: Failure): string {
    const served = this.servedTrainingKinds(key);
    if (!served.length) return md(f.hint);
    const kind = RESOURCES[key as ResourceKind]?.kind ?? key;
    return md(
      `The training-operator's ${served.map((k) => RESOURCES[k].kind).join(' and ')} CRD is installed, so the operator is probably there but this one CRD is missing (deleted, or not part of the install): apply the ${kind} CRD from the training-operator's manifests, then Refresh.`,
    );
  }

  private sectionNode(section: SectionName): TreeNodeData {
    const m = this.model;
    const id = SECTIONS[section];
    const count = this.children(id).filter((c) => parseNodeId(c)?.kind !== 'failure').length;
    const spec: Record<SectionName, [string, string, string]> = {
      hdfs: ['HDFS', 'files', plural(count, 'release')],
      alluxio: ['Alluxio', 'layers', plural(count, 'release')],
      training: ['Training', 'rocket', plural(count, 'job')],
      fluid: ['Fluid', 'database', fluidSectionDescription(m)],
      nodes: [
        'Nodes',
        'server-environment',
        `${plural(count, 'node')}${this.datasetNodes() ? ` · ${this.datasetNodes()} with dataset` : ''}`,
      ],
    };
    const s = spec[section];
    const blocked = SECTION_KINDS[section].filter((k) => m.failures.get(k)?.kind === 'forbidden');
    return {
      id,
      kind: 'section',
      label: s[0],
      description:
        count || section === 'training' || section === 'fluid'
          ? s[2]
          : blocked.length
            ? `none visible (cannot list ${blocked.map((k) => RESOURCES[k].plural).join(', ')})`
            : 'none found',
      tooltip: `**${s[0]}**: ${s[2]}${m.loaded.size === 0 ? ' (loading)' : ''}`,
      state: 'info',
      icon: s[1],
      expandable: true,
      contextValue: `section section-${s[0].toLowerCase()}`,
    };
  }

  private datasetNodes(): number {
    let n = 0;
    for (const node of this.model.nodes.values()) if (node.dataset) n++;
    return n;
  }
}
