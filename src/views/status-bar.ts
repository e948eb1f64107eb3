import * as vscode from 'vscode';

/** The current kubeconfig context and namespace in the status bar; clicking switches context. */
export class ContextStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('alluxioDl.context', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Alluxio DL: Kubernetes context';
    this.item.command = 'alluxioDl.switchContext';
  }

  update(context: string, namespace: string, problem?: string): void {
    if (!context) {
      this.item.hide();
      return;
    }
    this.item.text = `$(cloud) ${context} / ${namespace || 'all namespaces'}`;
    const tip = new vscode.MarkdownString(
      `**Alluxio DL cluster**\n\nContext \`${context}\`, namespace \`${namespace || 'all'}\`${problem ? `\n\n$(warning) ${problem}` : ''}\n\nClick to switch context.`,
      true,
    );
    this.item.tooltip = tip;
    this.item.backgroundColor = problem ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
