import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { kubeconfigCandidates } from '../core/kubeconfig-paths';
import { Config } from '../platform/config';
import { ExplorerState, setExplorerState } from './explorer-state';

export const EXPLORER_VIEW = 'alluxioDl.explorer';

/**
 * The cluster explorer view. Owns its tree view, emitter and subscriptions. Until a cluster is
 * connected it has no items, and the view shows the welcome content of its state.
 */
export class ClusterExplorer implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<vscode.TreeItem>;
  private readonly disposables: vscode.Disposable[] = [];
  private state: ExplorerState = 'loading';

  constructor(private readonly config: Config, private readonly log: vscode.LogOutputChannel) {
    this.view = vscode.window.createTreeView(EXPLORER_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view, this.changed, config.onDidChange(() => this.refresh()));
    this.refresh();
  }

  refresh(): void {
    const files = kubeconfigCandidates(this.config.get().kubeconfig, process.env, os.homedir());
    const found = files.filter((f) => fs.existsSync(f));
    this.state = found.length === 0 ? 'noKubeconfig' : 'empty';
    this.log.info(`explorer: kubeconfig ${found.length ? found.join(', ') : `not found (looked at ${files.join(', ')})`}`);
    void setExplorerState(this.state);
    this.changed.fire(undefined);
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
