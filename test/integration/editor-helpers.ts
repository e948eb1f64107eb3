/** Helpers for integration tests that open documents and wait for Alluxio DL's diagnostics. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

/**
 * Temp folders for a suite's files: made on demand, removed when the suite ends. Dirty documents are
 * saved first: the editor would otherwise write them back (recreating the folder) when it exits.
 */
export function tempFolders(prefix: string): { make(): string } {
  const made: string[] = [];
  suiteTeardown(async () => {
    await vscode.workspace.saveAll(false);
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return {
    make() {
      const d = mkdtempSync(join(tmpdir(), prefix));
      made.push(d);
      return d;
    },
  };
}

/** Resolves when `check` holds for the document's Alluxio DL diagnostics (re-checked on each change). */
export function diagnosticsWhen(
  uri: vscode.Uri,
  check: (d: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Alluxio DL');
  return new Promise((resolve, reject) => {
    const done = (): boolean => {
      const d = ours();
      if (!check(d)) return false;
      sub.dispose();
      clearTimeout(timer);
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) done();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify(ours().map((x) => x.message))}`));
    }, timeoutMs);
    done();
  });
}

export async function open(dir: string, name: string, text: string): Promise<vscode.TextDocument> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}
