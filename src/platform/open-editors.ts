/** The files open in visible editors (the active one marked), and saving one: what commands carry forward. */
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
  return out;
}

export async function saveOpenFile(fsPath: string): Promise<boolean> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === fsPath);
  return doc ? doc.save() : false;
}
