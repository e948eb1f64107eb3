import * as vscode from 'vscode';

/** One status bar item: the progress of the most recently updated followed job. */
export class ProgressStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'alluxioDl.logs.progress',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private job: string | undefined;

  constructor() {
    this.item.name = 'Alluxio DL Training Progress';
    this.item.command = 'alluxioDl.showTrainingCurve';
  }

  show(job: string, text: string, tooltip: string): void {
    this.job = job;
    this.item.text = `$(pulse) ${job}: ${text}`;
    this.item.tooltip = `${tooltip}\nClick: Show Training Curve`;
    this.item.show();
  }

  /** Hides the item if it shows this job. */
  clear(job: string): void {
    if (this.job !== job) return;
    this.job = undefined;
    this.item.hide();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
