import * as vscode from 'vscode';

/** What the explorer shows when it has no tree: each state has welcome content in package.json. */
export type ExplorerState = 'loading' | 'noKubeconfig' | 'unreachable' | 'empty' | 'ready';

const KEY = 'alluxioDl.explorerState';

/** Sets the context key that package.json's viewsWelcome entries read. */
export function setExplorerState(state: ExplorerState): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', KEY, state);
}
