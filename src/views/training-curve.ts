import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { CurvePoint } from '../follow/job-follower';
import type { LogsService, ProgressChange } from '../follow/logs-service';
import { jobKey } from '../follow/logs-service';
import type { JobRef } from '../core/log-pipeline/pods';

/** Messages to the webview (media/curve/curve.js). */
export type CurveMessage =
  | { type: 'reset'; title: string; points: CurvePoint[]; summary: string }
  | { type: 'append'; points: CurvePoint[]; summary: string };

/**
 * "Training Curve": TrainingCurves owns a webview panel per job plotting loss and accuracy over time, one line per
 * replica (worker-0, worker-1, ...) with a legend, drawn in SVG by
 * media/curve/curve.js (no external resources; strict CSP with a nonce), updated live and batched.
 */
export class TrainingCurves implements vscode.Disposable {
  private readonly panels = new Map<string, TrainingCurvePanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logs: LogsService,
  ) {}

  show(job: JobRef): TrainingCurvePanel {
    const existing = this.panels.get(jobKey(job));
    if (existing) {
      existing.reveal();
      return existing;
    }
    const p = new TrainingCurvePanel(this.extensionUri, this.logs, job, () => this.panels.delete(jobKey(job)));
    this.panels.set(jobKey(job), p);
    return p;
  }

  get open(): TrainingCurvePanel[] {
    return [...this.panels.values()];
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }
}

export class TrainingCurvePanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: CurvePoint[] = [];
  private summary = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** messages posted, for tests */
  posted = 0;

  constructor(
    extensionUri: vscode.Uri,
    private readonly logs: LogsService,
    readonly job: JobRef,
    private readonly onDispose: () => void,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media', 'curve');
    this.panel = vscode.window.createWebviewPanel(
      'alluxioDl.trainingCurve',
      `Training Curve: ${job.name}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: false,
      },
    );
    this.panel.webview.html = this.html(media);
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: { type?: string }) => {
        if (m?.type === 'ready') this.reset();
      }),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible) this.reset();
      }),
      logs.onDidChangeProgress((c) => this.onProgress(c)),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private onProgress(c: ProgressChange): void {
    if (jobKey(c.job) !== jobKey(this.job)) return;
    this.summary = c.text;
    this.pending.push(...c.points);
    // Batched: a fast log posts at most a few messages a second.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (!this.panel.visible) {
        this.pending = []; // reset() sends every point when the panel is shown again
        return;
      }
      const points = this.pending;
      this.pending = [];
      this.post({ type: 'append', points, summary: this.summary });
    }, 250);
  }

  private reset(): void {
    const s = this.logs.session(this.job);
    this.pending = [];
    this.post({
      type: 'reset',
      title: `${this.job.kind} ${this.job.namespace}/${this.job.name}`,
      points: s?.points ?? [],
      summary: this.summary || (s?.follower ? '' : 'Not followed: run "Follow Logs" on this job to plot its curve.'),
    });
  }

  private post(m: CurveMessage): void {
    this.posted++;
    void this.panel.webview.postMessage(m);
  }

  private html(media: vscode.Uri): string {
    const nonce = crypto.randomBytes(16).toString('base64');
    const w = this.panel.webview;
    const script = w.asWebviewUri(vscode.Uri.joinPath(media, 'curve.js'));
    const style = w.asWebviewUri(vscode.Uri.joinPath(media, 'curve.css'));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${w.cspSource}; img-src ${w.cspSource} data:; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Training Curve</title>
</head>
<body>
<header><h1 id="title">Training curve</h1><span id="summary" role="status"></span></header>
<ul id="legend" aria-label="Replicas"></ul>
<section class="chart"><h2>Loss</h2><svg id="loss" role="img" aria-label="Loss over time"></svg></section>
<section class="chart"><h2>Accuracy</h2><svg id="accuracy" role="img" aria-label="Accuracy over time"></svg></section>
<p id="empty">No progress lines yet. Lines like <code>Train Epoch: 1 [640/60000 (1%)]&#9;Loss: 0.53</code> and <code>Test set: Average loss: 0.05, Accuracy: 9840/10000 (98%)</code> are plotted (setting alluxioDl.logs.progressPattern for other formats).</p>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.onDispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
