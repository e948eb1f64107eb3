import * as path from 'node:path';
import * as vscode from 'vscode';
import { ClusterConnection } from '../../src/connection/cluster-connection';
import { loadKubeModule } from '../../src/k8s/load';
import { MemoryStore } from '../doubles/memory-store';
import { EXTENSION_ID } from './index';

/** A real connection service for one kubeconfig file, with the extension's client bundle (dist/k8s.js). */
export function connectionTo(kubeconfig: string): ClusterConnection {
  const dist = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist');
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  return new ClusterConnection({
    kubeconfigSetting: () => kubeconfig,
    state: new MemoryStore(),
    log: quiet,
    watchFiles: false,
    loadKube: () => loadKubeModule(dist),
  });
}
