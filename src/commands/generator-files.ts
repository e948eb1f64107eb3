/**
 * Where the generators write and how: the folder (the one the command ran on, else the workspace,
 * else asked), files written only after asking before any overwrite, and what the cluster offers.
 */
import * as vscode from 'vscode';
import type { ClusterContext } from '../core/checks/cluster';
import { fileOf, type CommandTarget } from '../core/command-target';
import type { Prompter } from '../platform/prompter';
import { required } from './wizard';

export interface GeneratorDeps {
  log: vscode.LogOutputChannel;
  /** What the cluster offers (namenode services, node labels), fetched when a generator asks. */
  clusterOffers?: () => Promise<ClusterContext | undefined>;
}

/** The folder to write to: the explorer folder the command was run on, else the workspace folder, else ask. */
export async function targetFolder(p: Prompter, target: CommandTarget): Promise<vscode.Uri> {
  const file = fileOf(target);
  if (file) {
    const uri = vscode.Uri.file(file);
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => undefined,
    );
    return stat?.type === vscode.FileType.Directory ? uri : vscode.Uri.joinPath(uri, '..');
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri;
  if (folders.length > 1) {
    const f = await p.pickOne(
      folders.map((w) => ({ label: w.name, description: w.uri.fsPath, value: w.uri })),
      { title: 'Folder for the new files' },
    );
    return required(f);
  }
  const picked = await p.openFiles({
    title: 'Folder for the new files',
    folders: true,
    files: false,
    openLabel: 'Create Here',
  });
  return vscode.Uri.file(required(picked?.[0]));
}

/** Writes files, asking before overwriting any that exists; returns the written ones. */
export async function writeFiles(
  p: Prompter,
  folder: vscode.Uri,
  files: Record<string, string>,
): Promise<vscode.Uri[]> {
  const written: vscode.Uri[] = [];
  for (const [name, text] of Object.entries(files)) {
    const uri = vscode.Uri.joinPath(folder, name);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (exists) {
      const answer = required(
        await p.warn(`${name} already exists in ${folder.fsPath}. Replace it?`, { modal: true }, REPLACE, SKIP),
      );
      if (answer !== REPLACE) continue;
    }
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    written.push(uri);
  }
  // a tab of its own, not a preview the next editor opened replaces: Build and Install look for it there
  if (written[0]) await vscode.window.showTextDocument(written[0], { preview: false });
  return written;
}

export const REPLACE = 'Replace';
export const SKIP = 'Skip';

export async function offers(deps: GeneratorDeps): Promise<ClusterContext | undefined> {
  try {
    return await deps.clusterOffers?.();
  } catch (err) {
    deps.log.warn(`cluster offers unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
