/** Fluid from VS Code: apply the open file's Dataset and AlluxioRuntime, warm a dataset up with a DataLoad. */
import * as vscode from 'vscode';
import type { CommandTable } from '../platform/commands';
import type { ApplyDeps } from './apply/deps';
import { applyFluid } from './fluid-apply';
import { fluidWarmUp } from './fluid-warmup';

export function fluidCommands(deps: ApplyDeps): CommandTable {
  const activeFile = () => {
    const doc = vscode.window.activeTextEditor?.document;
    return doc?.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
  };
  return {
    'alluxioDl.applyFluid': { run: (t) => applyFluid(deps, t, activeFile) },
    'alluxioDl.fluidWarmUp': { run: (t) => fluidWarmUp(deps, t) },
  };
}
