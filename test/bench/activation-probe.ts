/**
 * Loaded by the extension host as a tests module (see activation.bench.ts): measures how long the
 * extension takes to load and activate, and how long the lazily loaded Kubernetes bundle takes to load
 * on first cluster use, then reports one JSON line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const id = process.env.ALLUXIO_DL_PROBE_EXTENSION ?? 'alluxio-dl.alluxio-dl';
  const ext = vscode.extensions.getExtension(id);
  if (!ext) throw new Error(`extension ${id} not loaded`);
  const wasActive = ext.isActive;
  const t0 = performance.now();
  await ext.activate();
  const activateMs = performance.now() - t0;
  const k8sBundle = path.join(ext.extensionPath, 'dist', 'k8s.js');
  let k8sLoadMs: number | null = null;
  if (fs.existsSync(k8sBundle)) {
    const t1 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- timing the load of a bundle by its runtime path
    require(k8sBundle);
    k8sLoadMs = performance.now() - t1;
  }
  console.log(`ACTIVATION ${JSON.stringify({ wasActive, activateMs, k8sLoadMs })}`);
}
