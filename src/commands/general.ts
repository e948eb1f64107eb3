import type * as vscode from 'vscode';
import type { CommandTable } from '../platform/commands';
import type { ClusterExplorer } from '../views/explorer';

export interface GeneralDeps {
  log: vscode.LogOutputChannel;
  explorer: ClusterExplorer;
}

/** Commands that belong to no single area. */
export function generalCommands(deps: GeneralDeps): CommandTable {
  return {
    'alluxioDl.showLog': { run: () => deps.log.show(true) },
    'alluxioDl.refresh': { run: () => deps.explorer.refresh() },
  };
}
