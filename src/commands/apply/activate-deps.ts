/** ApplyDeps from the extension's services (activate): the explorer's client and context, vscode windows. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SchemaStore } from '../../core/schema/store';
import type { Config } from '../../platform/config';
import { ToolOutput, VsCodePrompter } from '../../platform/prompter';
import type { ClusterExplorer } from '../../views/explorer';
import type { ApplyDeps } from './deps';

export function createApplyDeps(
  explorer: ClusterExplorer,
  config: Config,
  log: vscode.LogOutputChannel,
  extensionPath: string,
): { deps: ApplyDeps; disposables: vscode.Disposable[] } {
  const prompter = new VsCodePrompter();
  const outputs = {
    helm: new ToolOutput('Alluxio DL: Helm'),
    build: new ToolOutput('Alluxio DL: Build'),
    upload: new ToolOutput('Alluxio DL: Upload'),
    submit: new ToolOutput('Alluxio DL: Submit'),
  };
  let store: SchemaStore | undefined;
  const deps: ApplyDeps = {
    log,
    settings: () => config.get(),
    prompter,
    client: () => explorer.client(),
    target: () => ({
      kubeconfig: config.get().kubeconfig || undefined,
      kubeContext: explorer.context || undefined,
      namespace: explorer.namespace || 'default',
    }),
    resolveItem: (arg) =>
      arg && (typeof arg === 'string' || (typeof arg === 'object' && 'id' in arg))
        ? explorer.resolve(arg as any)
        : undefined,
    outputs,
    workspaceDir: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    schemas: () => (store ??= new SchemaStore(path.join(extensionPath, 'schemas'))),
    env: () => process.env,
  };
  return { deps, disposables: [prompter, ...Object.values(outputs)] };
}
