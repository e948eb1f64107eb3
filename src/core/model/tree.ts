/**
 * The explorer tree over a ClusterModel: ids → children and node data. Everything is computed on
 * demand for the nodes the view asks about, so a watch event costs nothing until it is displayed.
 *
 * Ids: `s:hdfs|alluxio|training|nodes` sections; `r:hdfs|NS|REL`, `r:alluxio|NS|REL` releases;
 * `c:PRODUCT|NS|REL|ROLE` components; `j:job|KIND|NS|NAME` jobs; `n:NODE` cluster nodes;
 * `PARENT>pod:NS/NAME` pods; `r:...>info:cache|ufs`; `f:KIND` failures (under training for CRDs).
 */
import { ROOT, SECTIONS, type ClusterModel, type Failure } from './cluster-model';
import { RESOURCES, type ResourceKind } from './kinds';
import { md, plural } from './format';
import { clusterNodeIds, clusterNodeNode, podChildren, podNode } from './tree-pods';
import { componentIds, componentNode, infoNode, releaseIds, releaseNode } from './tree-releases';
import { jobIds, jobNode } from './tree-training';
import type { TreeNodeData } from './types';

/** Failures that concern the whole connection are shown once, not per kind. */
const CONNECTION_FAILURES = new Set(['unreachable', 'unauthorized']);
/** More forbidden kinds than this are grouped under one node. */
const GROUP_FORBIDDEN_FROM = 2;

/** The kinds without which a section cannot be complete. */
const SECTION_KINDS: Record<string, ResourceKind[]> = {
  [SECTIONS.nodes]: ['nodes'],
  [SECTIONS.training]: ['tfjobs', 'pytorchjobs', 'configmaps'],
  [SECTIONS.hdfs]: ['pods', 'statefulsets'],
  [SECTIONS.alluxio]: ['pods', 'helmreleases'],
};

export class ExplorerTree {
  constructor(readonly model: ClusterModel) {}

  children(id: string = ROOT): string[] {
    const m = this.model;
    if (id === ROOT) return [...this.failureIds(), SECTIONS.hdfs, SECTIONS.alluxio, SECTIONS.training, SECTIONS.nodes];
    if (id === SECTIONS.hdfs) return releaseIds(m, 'hdfs');
    if (id === SECTIONS.alluxio) return releaseIds(m, 'alluxio');
    if (id === SECTIONS.training) return [...this.crdFailureIds(), ...jobIds(m)];
    if (id === SECTIONS.nodes) return clusterNodeIds(m);
    if (id === 'f:forbidden') return this.forbiddenKinds().map((k) => `f:forbidden>f:${k}`);
    if (id.includes('>')) return [];
    if (id.startsWith('r:')) return componentIds(m, id.slice(2));
    if (id.startsWith('c:') || id.startsWith('j:')) return podChildren(m, id, m.groups.get(id.slice(2))?.pods);
    if (id.startsWith('n:')) return podChildren(m, id, m.nodePods.get(id.slice(2)));
    return [];
  }

  parent(id: string): string | undefined {
    const cut = id.lastIndexOf('>');
    if (cut >= 0) return id.slice(0, cut);
    if (id.startsWith('s:') || id.startsWith('f:')) return undefined;
    if (id.startsWith('r:hdfs|')) return SECTIONS.hdfs;
    if (id.startsWith('r:alluxio|')) return SECTIONS.alluxio;
    if (id.startsWith('c:')) return `r:${id.slice(2, id.lastIndexOf('|'))}`;
    if (id.startsWith('j:')) return SECTIONS.training;
    if (id.startsWith('n:')) return SECTIONS.nodes;
    return undefined;
  }

  node(id: string, now = Date.now()): TreeNodeData | undefined {
    const m = this.model;
    const cut = id.lastIndexOf('>');
    if (cut >= 0) {
      const leaf = id.slice(cut + 1);
      const parent = id.slice(0, cut);
      if (leaf.startsWith('pod:')) {
        const p = m.pods.get(leaf.slice(4));
        return p ? podNode(id, p, now) : undefined;
      }
      if (leaf.startsWith('info:')) return infoNode(m, parent.slice(2), leaf.slice(5));
      if (leaf.startsWith('f:')) return this.failureNode(id, leaf.slice(2) as ResourceKind);
      return undefined;
    }
    if (id.startsWith('s:')) return this.sectionNode(id);
    if (id === 'f:forbidden') return this.forbiddenGroupNode();
    if (id.startsWith('f:')) return this.failureNode(id, id.slice(2));
    if (id.startsWith('r:')) return releaseNode(m, id.slice(2));
    if (id.startsWith('c:')) return componentNode(m, id.slice(2));
    if (id.startsWith('j:')) return jobNode(m, id.slice(2), now);
    if (id.startsWith('n:')) return clusterNodeNode(m, id.slice(2), now);
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
        if (!seen.has(f.kind)) ids.unshift(`f:${f.kind}`);
        seen.add(f.kind);
      } else if (f.kind === 'forbidden' && grouped) {
        if (!seen.has('forbidden')) ids.push('f:forbidden');
        seen.add('forbidden');
      } else ids.push(`f:${kind}`);
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
    return {
      id: 'f:forbidden',
      kind: 'failure',
      label: `Limited access${user ? ` for user ${user}` : ''}`,
      description: `cannot list ${kinds.map((k) => (RESOURCES[k].plural === 'secrets' ? 'helm releases' : RESOURCES[k].plural)).join(', ')}`,
      tooltip: [
        ...kinds.map((k) => `- ${md(this.model.failures.get(k)!.message)}`),
        '',
        md(this.model.failures.get(kinds[0])!.hint),
      ].join('\n'),
      state: 'warning',
      icon: 'lock',
      expandable: true,
      contextValue: 'failure failure-forbidden retry',
    };
  }

  private crdFailureIds(): string[] {
    return [...this.model.failures]
      .filter(([, f]) => f.kind === 'crdMissing')
      .map(([k]) => `${SECTIONS.training}>f:${k}`);
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
        f.kind === 'crdMissing' ? 'training-operator not installed' : CONNECTION_FAILURES.has(f.kind) ? f.message : '',
      tooltip: `${md(f.message)}\n\n${md(f.hint)}${kinds.length > 1 ? `\n\nAffects: ${kinds.join(', ')}` : ''}`,
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

  private sectionNode(id: string): TreeNodeData | undefined {
    const m = this.model;
    const count = this.children(id).filter((c) => !c.includes('>f:')).length;
    const spec: Record<string, [string, string, string]> = {
      [SECTIONS.hdfs]: ['HDFS', 'files', plural(count, 'release')],
      [SECTIONS.alluxio]: ['Alluxio', 'layers', plural(count, 'release')],
      [SECTIONS.training]: ['Training', 'rocket', plural(count, 'job')],
      [SECTIONS.nodes]: [
        'Nodes',
        'server-environment',
        `${plural(count, 'node')}${this.datasetNodes() ? ` · ${this.datasetNodes()} with dataset` : ''}`,
      ],
    };
    const s = spec[id];
    if (!s) return undefined;
    const blocked = SECTION_KINDS[id]?.filter((k) => m.failures.get(k)?.kind === 'forbidden') ?? [];
    return {
      id,
      kind: 'section',
      label: s[0],
      description:
        count || id === SECTIONS.training
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
