/** ApplyDeps from the extension's services (activate): the connection's client and context, the prompter. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SchemaStore } from '../../core/schema/store';
import type { Config } from '../../platform/config';
import type { ClusterConnection } from '../../connection/cluster-connection';
import { openEditorFiles, saveOpenFile } from '../../platform/open-editors';
import { ToolOutput, type Prompter } from '../../platform/prompter';
import type { RecentAnswers } from '../recent-answers';
import type { ApplyDeps } from './deps';

export function createApplyDeps(
  connection: ClusterConnection,
  prompter: Prompter,
  config: Config,
  log: vscode.LogOutputChannel,
  extensionPath: string,
  recent: RecentAnswers,
): { deps: ApplyDeps; disposables: vscode.Disposable[] } {
  const outputs = {
    helm: new ToolOutput('Alluxio DL: Helm'),
    build: new ToolOutput('Alluxio DL: Build'),
    upload: new ToolOutput('Alluxio DL: Upload'),
    submit: new ToolOutput('Alluxio DL: Submit'),
    data: new ToolOutput('Alluxio DL: Data'),
  };
  let store: SchemaStore | undefined;
  const deps: ApplyDeps = {
    log,
    settings: () => config.get(),
    saveSetting: (key, value) => config.update(key, value),
    prompter,
    client: () => connection.client(),
    cluster: () => {
      const t = connection.toolTarget();
      return { kubeconfig: t.kubeconfig, kubeContext: t.kubeContext, namespace: connection.namespace || 'default' };
    },
    outputs,
    workspaceDir: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    schemas: () => (store ??= new SchemaStore(path.join(extensionPath, 'schemas'))),
    postRendererScript: () => path.join(extensionPath, 'dist', 'cli', 'postrender.js'),
    // Several chosen kubeconfig files reach helm and arena as KUBECONFIG, as kubectl would merge them.
    env: () => ({ ...process.env, ...connection.toolTarget().env }),
    openEditors: openEditorFiles,
    saveFile: saveOpenFile,
    recent,
    explorerNamespace: () => connection.namespace,
    showNamespace: (namespace) => connection.useNamespace(namespace),
    runCommand: (id, arg) => Promise.resolve(vscode.commands.executeCommand(id, arg)),
  };
  return { deps, disposables: Object.values(outputs) };
}
