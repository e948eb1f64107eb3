import * as vscode from 'vscode';
import { SettingsShape, readSettings } from '../core/settings';

export const SECTION = 'alluxioDl';

/** Typed access to the `alluxioDl.*` settings; values are cleaned up by core/settings. */
export class Config {
  get(scope?: vscode.ConfigurationScope): SettingsShape {
    const raw = vscode.workspace.getConfiguration(SECTION, scope);
    return readSettings((key) => raw.get(key));
  }

  /** Writes a setting (key without the prefix): in the workspace when a folder is open, else for the user. */
  async update(key: string, value: unknown): Promise<void> {
    const target = vscode.workspace.workspaceFolders?.length
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update(key, value, target);
  }

  /** Fires when any `alluxioDl.*` setting changes. */
  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) listener();
    });
  }
}
