import * as vscode from 'vscode';
import { ROOT, type Changes } from '../core/model/cluster-model';
import type { TreeNodeData } from '../core/model/types';
import type { ClusterConnection, ConnectionTarget } from '../connection/cluster-connection';
import type { Config } from '../platform/config';
import { AgeTicker } from './age-ticker';
import { ClusterSession } from './cluster-session';
import { ExplorerNode, ExplorerNodes } from './explorer-node';
import { ExplorerState, setExplorerState } from './explorer-state';
import { snapshotNode, toTreeItem, type SnapshotNode } from './items';
import { ContextStatusBar } from './status-bar';

export const EXPLORER_VIEW = 'alluxioDl.explorer';
/** More changed nodes than this in one debounce window: refresh the whole tree instead. */
const MAX_NODE_REFRESH = 200;
/** Tries of reveal() when VS Code cannot yet find the node under its parent. */
const REVEAL_ATTEMPTS = 4;

export interface ExplorerDeps {
  /** Which cluster: the one connection service (kubeconfig, context, namespace, client). */
  connection: ClusterConnection;
  config: Config;
  log: vscode.LogOutputChannel;
  debounceMs?: number;
}

/**
 * The cluster explorer view. Owns its tree view, emitter, status bar item and the current
 * ClusterSession; watches run only while the view is visible. Elements are ExplorerNodes (one per id).
 */
export class ClusterExplorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ExplorerNode>;
  private readonly elements = new ExplorerNodes((id) => this.session?.tree.node(id));
  private readonly statusBar = new ContextStatusBar();
  /** Keeps the rows' relative ages true while the view is visible (refreshes those rows only). */
  private readonly ages = new AgeTicker({
    rows: () => this.elements.ids(),
    since: (id) => this.session?.tree.since(id),
    refresh: (ids) => this.changed.fire(this.elements.known(ids)),
  });
  private readonly disposables: vscode.Disposable[] = [];
  private session: ClusterSession | undefined;
  private state: ExplorerState = 'loading';
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private connectError: string | undefined;

  constructor(private readonly deps: ExplorerDeps) {
    this.view = vscode.window.createTreeView(EXPLORER_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      this.statusBar,
      deps.config.onDidChange(() => this.refresh()),
      this.view.onDidChangeVisibility((e) => (e.visible ? this.show() : this.session?.pause())),
      // Data nodes refresh only while expanded: collapsing one stops the refreshes below it.
      this.view.onDidCollapseElement((e) => this.session?.data.collapse(e.element.id)),
      this.view.onDidExpandElement((e) => this.session?.data.expanded(e.element.id)),
      // Another context, namespace or kubeconfig content: a new session on the new client.
      deps.connection.onDidChange(() => {
        this.disconnect();
        if (this.view.visible) this.show();
        this.fireNow(undefined);
      }),
    );
    this.disposables.push(
      this.ages,
      this.view.onDidChangeVisibility((e) => this.ages.setVisible(e.visible)),
    );
    this.ages.setVisible(this.view.visible);
    // Read after activate() returns: parsing the kubeconfig loads js-yaml.
    const first = setTimeout(() => this.refresh(), 0);
    this.disposables.push({ dispose: () => clearTimeout(first) });
  }

  /** Re-reads the kubeconfig (a moved target reconnects through the change event), else retries now. */
  refresh(): void {
    const change = this.deps.connection.reload();
    if (!change.moved && this.connectError) this.disconnect();
    if (this.view.visible) this.show();
    this.session?.retry();
    this.fireNow(undefined);
  }

  /** Node data of an element, or undefined when it is gone. */
  resolve(element: ExplorerNode | string | undefined): TreeNodeData | undefined {
    const target = element ?? this.view.selection[0];
    if (target === undefined) return undefined;
    return this.session?.tree.node(typeof target === 'string' ? target : target.id);
  }

  /**
   * Shows a node, expanding its ancestors. VS Code finds it through its parents' children as they were
   * last rendered: a change still waiting for the debounce is sent first, and a node that appeared in a
   * folder being re-rendered meanwhile ("Cannot resolve tree item") is tried again after that refresh.
   */
  async reveal(id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.flush();
      try {
        await this.view.reveal(this.elements.get(id), { select: true, focus: true, expand: true });
        return;
      } catch (err) {
        if (attempt >= REVEAL_ATTEMPTS || !this.session?.tree.node(id)) throw err;
        this.deps.log.info(
          `explorer: reveal ${id}: ${(err as Error).message}; trying again (${attempt + 1}/${REVEAL_ATTEMPTS})`,
        );
        await new Promise((r) => setTimeout(r, (this.deps.debounceMs ?? 100) * 2 ** attempt));
      }
    }
  }

  /** Fetches these data nodes again (a file was deleted from or uploaded into a folder). */
  reloadData(ids: string[]): void {
    this.session?.data.reload(ids);
  }

  /** For the logs feature: progress text on a training job's node (undefined clears it). */
  setJobProgress(namespace: string, name: string, text: string | undefined): void {
    if (this.session) this.schedule(this.session.model.setJobProgress(namespace, name, text));
  }

  /** What the tree holds, for tests and "copy tree": every node with its label and description. */
  snapshot(): {
    state: ExplorerState;
    context: string;
    namespace: string;
    watching: boolean;
    nodes: SnapshotNode[];
    /** the data nodes' requests so far (port-forwards, execs) and whether their timer runs */
    data?: { portForwards: number; execs: number; fetches: number; refreshing: boolean };
  } {
    const nodes: SnapshotNode[] = [];
    const tree = this.session?.tree;
    const walk = (id: string | undefined) => {
      for (const c of tree?.children(id) ?? []) {
        const d = tree?.node(c);
        if (d) nodes.push(snapshotNode(d));
        walk(c);
      }
    };
    walk(undefined);
    const { context, namespace } = this.target;
    const data = this.session && { ...this.session.data.stats, refreshing: this.session.data.refreshing };
    return { state: this.modelState(), context, namespace, watching: !!this.session?.watching, nodes, data };
  }

  // ---- TreeDataProvider ------------------------------------------------------------------------

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    this.session?.data.shown(element.id);
    const d = element.data;
    return d ? toTreeItem(d) : new vscode.TreeItem('(gone)');
  }

  getChildren(element?: ExplorerNode): ExplorerNode[] {
    if (!this.session) {
      // Asked for children, so the view is shown (e.g. restored visible at startup): connect.
      if (!element && this.target.kubeconfigFiles.length && !this.connectError) queueMicrotask(() => this.show());
      return [];
    }
    if (element) this.session.data.expanded(element.id);
    return this.session.tree.children(element?.id).map((id) => this.elements.get(id));
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    const parent = this.session?.tree.parent(element.id);
    return parent === undefined ? undefined : this.elements.get(parent);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.disconnect();
    for (const d of this.disposables) d.dispose();
  }

  // ---- session -----------------------------------------------------------------------------------

  private get target(): ConnectionTarget {
    return this.deps.connection.target;
  }

  private ensureSession(): ClusterSession | undefined {
    if (this.session) return this.session;
    if (!this.target.kubeconfigFiles.length) {
      this.setState('noKubeconfig');
      this.updateTitle();
      return undefined;
    }
    if (this.state === 'noKubeconfig') this.setState('loading');
    try {
      const client = this.deps.connection.acquire().client;
      this.session = new ClusterSession(
        client,
        this.target.namespace,
        this.deps.log,
        (c) => this.schedule(c),
        () => {
          const s = this.deps.config.get();
          return { refreshSeconds: s.dataRefreshSeconds, datasetPath: s.dataDatasetPath };
        },
      );
      this.connectError = undefined;
    } catch (e) {
      this.connectError = (e as Error).message;
      this.deps.log.error(`explorer: ${this.connectError}`);
      this.setState('unreachable');
    }
    this.updateTitle();
    return this.session;
  }

  private show(): void {
    const s = this.ensureSession();
    if (!s) return;
    s.resume();
    this.fireNow(undefined);
  }

  private disconnect(): void {
    this.session?.dispose();
    this.session = undefined;
    this.pending.clear();
    this.elements.clear();
  }

  private updateTitle(): void {
    // The title, not the description: with the view alone in its container VS Code shows only
    // "Alluxio DL: <title>", and the description would be hidden.
    const { context, namespace } = this.target;
    this.view.title = context ? `${context} / ${namespace || 'all namespaces'}` : 'Cluster';
    this.statusBar.update(context, namespace, this.connectError ?? this.failureSummary());
  }

  private failureSummary(): string | undefined {
    const f = this.session
      ? [...this.session.model.failures.values()].find((x) => x.kind === 'unreachable' || x.kind === 'unauthorized')
      : undefined;
    return f?.message;
  }

  private setState(state: ExplorerState): void {
    if (state === this.state) return;
    this.state = state;
    void setExplorerState(state);
  }

  // ---- debounced refresh ---------------------------------------------------------------------

  /** Sends the changes waiting for the debounce now. */
  private flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const ids = this.pending;
    this.pending = new Set();
    this.fireNow(ids.has(ROOT) || ids.size > MAX_NODE_REFRESH ? undefined : this.elements.known(ids));
  }

  private schedule(changes: Changes): void {
    for (const c of changes) this.pending.add(c);
    if (this.timer || this.pending.size === 0) return;
    this.timer = setTimeout(() => this.flush(), this.deps.debounceMs ?? 100);
  }

  /** The whole-view state from the model (the welcome contents in package.json key on it). */
  private modelState(): ExplorerState {
    if (!this.session) return this.state;
    const m = this.session.model;
    const unreachable =
      m.failures.size > 0 && [...m.failures.values()].every((f) => f.kind === 'unreachable') && m.loaded.size === 0;
    return unreachable ? 'unreachable' : m.loaded.size === 0 ? 'loading' : 'ready';
  }

  private fireNow(elements: ExplorerNode[] | undefined): void {
    if (this.session) {
      this.setState(this.modelState());
      this.updateTitle();
    }
    if (elements && elements.length === 0) return;
    this.changed.fire(elements);
  }
}
