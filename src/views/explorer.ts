import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { kubeconfigCandidates } from '../core/kubeconfig-paths';
import { ROOT, type Changes } from '../core/model/cluster-model';
import type { TreeNodeData } from '../core/model/types';
import type { ClusterClient, KubeModule } from '../k8s/cluster-client';
import { readKubeconfigs, type KubeconfigSummary } from '../k8s/kubeconfig';
import { loadKubeModule } from '../k8s/load';
import type { Config } from '../platform/config';
import { ClusterSession } from './cluster-session';
import { ExplorerNode, ExplorerNodes } from './explorer-node';
import { ExplorerState, setExplorerState } from './explorer-state';
import { toTreeItem } from './items';
import { ContextStatusBar } from './status-bar';

export const EXPLORER_VIEW = 'alluxioDl.explorer';
const CONTEXT_KEY = 'alluxioDl.explorer.context';
const NAMESPACE_KEY = (context: string) => `alluxioDl.explorer.namespace.${context}`;
/** More changed nodes than this in one debounce window: refresh the whole tree instead. */
const MAX_NODE_REFRESH = 200;

/** Where the explorer points: other features (logs, apply) can follow the same context. */
export interface ExplorerConnection {
  kubeconfigFiles: string[];
  context: string;
  namespace: string;
}

export interface ExplorerDeps {
  config: Config;
  log: vscode.LogOutputChannel;
  /** Where the chosen context and namespaces persist (workspaceState): the kubeconfig is never written. */
  state: vscode.Memento;
  /** Loads the client-node bundle; tests may pass another. */
  loadKube?: () => KubeModule;
  debounceMs?: number;
}

/**
 * The cluster explorer view. Owns its tree view, emitter, status bar item and the current
 * ClusterSession; watches run only while the view is visible. Elements are ExplorerNodes (one per id).
 */
export class ClusterExplorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly connectionChanged = new vscode.EventEmitter<ExplorerConnection>();
  /** Fires when the kubeconfig files, context or namespace change (not on every refresh). */
  readonly onDidChangeConnection = this.connectionChanged.event;
  readonly view: vscode.TreeView<ExplorerNode>;
  private readonly elements = new ExplorerNodes((id) => this.session?.tree.node(id));
  private readonly statusBar = new ContextStatusBar();
  private readonly disposables: vscode.Disposable[] = [];
  private session: ClusterSession | undefined;
  private summary: KubeconfigSummary = { files: [], currentContext: '', contexts: [], problems: [] };
  private state: ExplorerState = 'loading';
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private connectError: string | undefined;
  context = '';
  namespace = '';

  constructor(private readonly deps: ExplorerDeps) {
    this.view = vscode.window.createTreeView(EXPLORER_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      this.connectionChanged,
      this.statusBar,
      deps.config.onDidChange(() => this.refresh()),
      this.view.onDidChangeVisibility((e) => (e.visible ? this.show() : this.session?.pause())),
    );
    // Read after activate() returns: parsing the kubeconfig loads js-yaml.
    const first = setTimeout(() => this.refresh(), 0);
    this.disposables.push({ dispose: () => clearTimeout(first) });
  }

  /** Re-reads the kubeconfig; reconnects when the context changed, else retries failed watches now. */
  refresh(): void {
    const before = `${this.summary.files.join()}|${this.context}|${this.namespace}`;
    this.readKubeconfig();
    const moved = before !== `${this.summary.files.join()}|${this.context}|${this.namespace}`;
    if (moved || this.connectError) this.disconnect();
    if (moved) this.connectionChanged.fire(this.connection);
    if (this.view.visible) this.show();
    this.session?.retry();
    this.fireNow(undefined);
  }

  /** The client of the current session, connecting if needed. */
  async client(): Promise<ClusterClient> {
    const s = this.ensureSession();
    if (!s) throw new Error(this.connectError ?? 'No kubeconfig: set alluxioDl.kubeconfig or KUBECONFIG.');
    return s.client;
  }

  get connection(): ExplorerConnection {
    return { kubeconfigFiles: this.summary.files, context: this.context, namespace: this.namespace };
  }

  get contexts(): KubeconfigSummary['contexts'] {
    return this.summary.contexts;
  }

  async useContext(context: string): Promise<void> {
    await this.deps.state.update(CONTEXT_KEY, context);
    this.refresh();
  }

  async useNamespace(namespace: string): Promise<void> {
    await this.deps.state.update(NAMESPACE_KEY(this.context), namespace);
    this.refresh();
  }

  /** Node data of an element, or undefined when it is gone. */
  resolve(element: ExplorerNode | string | undefined): TreeNodeData | undefined {
    const target = element ?? this.view.selection[0];
    if (target === undefined) return undefined;
    return this.session?.tree.node(typeof target === 'string' ? target : target.id);
  }

  async reveal(id: string): Promise<void> {
    await this.view.reveal(this.elements.get(id), { select: true, focus: true, expand: true });
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
    nodes: { id: string; label: string; description: string; contextValue: string }[];
  } {
    const nodes: { id: string; label: string; description: string; contextValue: string }[] = [];
    const tree = this.session?.tree;
    const walk = (id: string | undefined) => {
      for (const c of tree?.children(id) ?? []) {
        const d = tree?.node(c);
        if (d) nodes.push({ id: c, label: d.label, description: d.description, contextValue: d.contextValue });
        walk(c);
      }
    };
    walk(undefined);
    return {
      state: this.modelState(),
      context: this.context,
      namespace: this.namespace,
      watching: !!this.session?.watching,
      nodes,
    };
  }

  // ---- TreeDataProvider ------------------------------------------------------------------------

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    const d = element.data;
    return d ? toTreeItem(d) : new vscode.TreeItem('(gone)');
  }

  getChildren(element?: ExplorerNode): ExplorerNode[] {
    if (!this.session) {
      // Asked for children, so the view is shown (e.g. restored visible at startup): connect.
      if (!element && this.summary.files.length && !this.connectError) queueMicrotask(() => this.show());
      return [];
    }
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

  // ---- connection --------------------------------------------------------------------------------

  private readKubeconfig(): void {
    const candidates = kubeconfigCandidates(this.deps.config.get().kubeconfig, process.env, os.homedir());
    const existing = candidates.filter((f) => fs.existsSync(f));
    this.summary = readKubeconfigs(existing);
    for (const p of this.summary.problems) this.deps.log.warn(`explorer: kubeconfig ${p}`);
    if (this.summary.files.length === 0) {
      this.deps.log.info(`explorer: no kubeconfig (looked at ${candidates.join(', ')})`);
      this.context = '';
      this.namespace = '';
      this.setState('noKubeconfig');
      this.updateTitle();
      return;
    }
    const saved = this.deps.state.get<string>(CONTEXT_KEY);
    const known = (name: string | undefined) => !!name && this.summary.contexts.some((c) => c.name === name);
    this.context = known(saved) ? saved! : this.summary.currentContext;
    const ctx = this.summary.contexts.find((c) => c.name === this.context);
    this.namespace = this.deps.state.get<string>(NAMESPACE_KEY(this.context)) ?? (ctx?.namespace || 'default');
    if (this.state === 'noKubeconfig') this.setState('loading');
    this.updateTitle();
  }

  private ensureSession(): ClusterSession | undefined {
    if (this.session) return this.session;
    if (!this.summary.files.length) return undefined;
    const started = Date.now();
    try {
      const kube = (this.deps.loadKube ?? loadKubeModule)();
      const client = kube.createClusterClient({ kubeconfigFiles: this.summary.files, context: this.context });
      this.session = new ClusterSession(client, this.namespace, this.deps.log, (c) => this.schedule(c));
      this.connectError = undefined;
      this.deps.log.info(
        `explorer: context ${client.context} (user ${client.user || '?'}), namespace ${this.namespace || 'all'}; client ready in ${Date.now() - started} ms`,
      );
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
    this.view.title = this.context ? `${this.context} / ${this.namespace || 'all namespaces'}` : 'Cluster';
    this.statusBar.update(this.context, this.namespace, this.connectError ?? this.failureSummary());
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

  private schedule(changes: Changes): void {
    for (const c of changes) this.pending.add(c);
    if (this.timer || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const ids = this.pending;
      this.pending = new Set();
      this.fireNow(ids.has(ROOT) || ids.size > MAX_NODE_REFRESH ? undefined : this.elements.known(ids));
    }, this.deps.debounceMs ?? 100);
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
