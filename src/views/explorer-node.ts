import { parseNodeId, type NodeId } from '../core/model/node-id';
import type { ResourceRef, TreeNodeData } from '../core/model/types';

/**
 * The element the tree view holds for a node id: one instance per id (VS Code refreshes elements by
 * identity), resolving its data live from the model. Commands of other areas receive it from menus:
 * `logs` ({namespace, kind, name}) is what Follow Logs reads, `ref` names the Kubernetes object and
 * `at` is the typed id (which release, job, node or pod), for turning a node into a command's target.
 */
export class ExplorerNode {
  constructor(
    readonly id: string,
    private readonly lookup: (id: string) => TreeNodeData | undefined,
  ) {}

  get data(): TreeNodeData | undefined {
    return this.lookup(this.id);
  }

  get at(): NodeId | undefined {
    return parseNodeId(this.id);
  }

  get logs(): TreeNodeData['logs'] {
    return this.data?.logs;
  }

  get ref(): ResourceRef | undefined {
    return this.data?.ref;
  }
}

/** Keeps one ExplorerNode per id; forgets them all when the connection changes. */
export class ExplorerNodes {
  private readonly nodes = new Map<string, ExplorerNode>();

  constructor(private readonly lookup: (id: string) => TreeNodeData | undefined) {}

  get(id: string): ExplorerNode {
    let n = this.nodes.get(id);
    if (!n) this.nodes.set(id, (n = new ExplorerNode(id, this.lookup)));
    return n;
  }

  /** The elements already handed to the view for these ids (others need no refresh). */
  known(ids: Iterable<string>): ExplorerNode[] {
    const out: ExplorerNode[] = [];
    for (const id of ids) {
      const n = this.nodes.get(id);
      if (n) out.push(n);
    }
    return out;
  }

  /** Ids of every element handed to the view. */
  ids(): IterableIterator<string> {
    return this.nodes.keys();
  }

  clear(): void {
    this.nodes.clear();
  }
}
