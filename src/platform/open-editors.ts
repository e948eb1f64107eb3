/**
 * The files open in editors: the active one, the visible ones, then those in tabs behind them (their
 * documents as loaded), and saving one: what commands carry forward.
 */
import * as vscode from 'vscode';
import type { OpenFile } from '../core/apply/open-files';

export function openEditorFiles(): OpenFile[] {
  const active = vscode.window.activeTextEditor?.document;
  const docs = [...(active ? [active] : []), ...vscode.window.visibleTextEditors.map((e) => e.document)];
  const seen = new Set<string>();
  const out: OpenFile[] = [];
  for (const d of docs) {
    if (d.uri.scheme !== 'file' || seen.has(d.uri.fsPath)) continue;
    seen.add(d.uri.fsPath);
    out.push({ path: d.uri.fsPath, text: d.getText(), active: d === active, dirty: d.isDirty });
  }
  const loaded = new Map(
    vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => [d.uri.fsPath, d]),
  );
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs).slice(0, MAX_TABS)) {
    const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
    const d = uri?.scheme === 'file' ? loaded.get(uri.fsPath) : undefined;
    if (!d || seen.has(d.uri.fsPath)) continue;
    seen.add(d.uri.fsPath);
    out.push({ path: d.uri.fsPath, text: d.getText(), active: false, dirty: d.isDirty, background: true });
  }
  return out;
}

/** Tabs looked at (a window rarely has more). */
const MAX_TABS = 100;

export async function saveOpenFile(fsPath: string): Promise<boolean> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === fsPath);
  return doc ? doc.save() : false;
}
