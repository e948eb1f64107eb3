/** What the data commands tell the rest of the extension: a warm-up ended, so the data views refresh. */
import * as vscode from 'vscode';
import type { WarmUpReport } from '../../core/data/warm-up';

export interface WarmUpEnded {
  namespace: string;
  release: string;
  /** the Alluxio path warmed up */
  path: string;
  report: WarmUpReport;
}

/** Owned by activate; the data tree subscribes to onDidWarmUp and refreshes the release's nodes. */
export class DataEvents implements vscode.Disposable {
  private readonly warmUp = new vscode.EventEmitter<WarmUpEnded>();
  /** Fires when a warm-up ends, done, cancelled or failed (the cache may have changed either way). */
  readonly onDidWarmUp = this.warmUp.event;

  fireWarmUp(e: WarmUpEnded): void {
    this.warmUp.fire(e);
  }

  dispose(): void {
    this.warmUp.dispose();
  }
}
