import * as vscode from 'vscode';
import type { Problem } from '../core/checks/types';
import { toRange, type AuthoringService } from './service';

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export const SOURCE = 'Alluxio DL';

/** Keeps a DiagnosticCollection in step with open YAML and Dockerfile documents (debounced on typing). */
export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('alluxioDl');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly service: AuthoringService,
    private readonly log: vscode.LogOutputChannel,
    private readonly delayMs = 250,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
    );
    // Documents already open are validated after activation returns, not during it.
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  private relevant(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme !== 'output' && (doc.languageId === 'yaml' || this.service.isDockerfile(doc));
  }

  schedule(doc: vscode.TextDocument, delayMs = this.delayMs): void {
    if (!this.relevant(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.update(doc);
      }, delayMs),
    );
  }

  /** Validates now; returns the diagnostics set. */
  update(doc: vscode.TextDocument): vscode.Diagnostic[] {
    if (!this.relevant(doc) || doc.isClosed) return [];
    try {
      const diagnostics = this.service.problems(doc).map((p) => {
        const d = new vscode.Diagnostic(toRange(doc, p.start, p.end), p.message, SEVERITY[p.severity]);
        d.source = SOURCE;
        d.code = p.code;
        return d;
      });
      this.collection.set(doc.uri, diagnostics);
      return diagnostics;
    } catch (err) {
      this.log.error(
        `validating ${doc.uri.fsPath} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      return [];
    }
  }

  refreshAll(): void {
    this.service.invalidateAll();
    for (const d of vscode.workspace.textDocuments) this.update(d);
  }

  private clear(doc: vscode.TextDocument): void {
    clearTimeout(this.timers.get(doc.uri.toString()));
    this.collection.delete(doc.uri);
    this.service.forget(doc);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
