import * as vscode from 'vscode';
import { WALKTHROUGH_ID } from '../core/walkthrough';
import type { CommandTable } from '../platform/commands';
import type { ClusterExplorer } from '../views/explorer';

export interface GeneralDeps {
  log: vscode.LogOutputChannel;
  explorer: ClusterExplorer;
  /** This extension's id (publisher.name), which qualifies its walkthrough's id. */
  extensionId: string;
}

/** Commands that belong to no single area. */
export function generalCommands(deps: GeneralDeps): CommandTable {
  return {
    'alluxioDl.showLog': { run: () => deps.log.show(true) },
    'alluxioDl.refresh': { run: () => deps.explorer.refresh() },
    'alluxioDl.openWalkthrough': {
      run: () =>
        vscode.commands.executeCommand(
          'workbench.action.openWalkthrough',
          `${deps.extensionId}#${WALKTHROUGH_ID}`,
          false,
        ),
    },
  };
}
