import * as vscode from 'vscode';

/** The extension's own log: one LogOutputChannel, owned by the extension context. */
export function createLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  const log = vscode.window.createOutputChannel('Alluxio DL', { log: true });
  context.subscriptions.push(log);
  return log;
}

/** A readable one-line description of anything thrown. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
