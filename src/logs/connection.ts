import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigCandidates } from '../core/kubeconfig-paths';
import type { ClusterClient, KubeModule } from '../k8s/cluster-client';
import { readKubeconfigs } from '../k8s/kubeconfig';
import type { KubeLogModule, PodLogStreamer } from '../k8s/logs/types';
import { loadKubeModule } from '../k8s/load';

/** What following logs needs of the cluster. */
export interface LogsConnection {
  readonly context: string;
  readonly client: ClusterClient;
  readonly streamer: PodLogStreamer;
  dispose(): void;
}

export type ConnectionFactory = () => Promise<LogsConnection>;

/**
 * Opens a connection from the kubeconfig setting (or KUBECONFIG, ~/.kube/config), loading the
 * client-node bundle dist/k8s.js on first use.
 */
export function kubeConnectionFactory(extensionPath: string, kubeconfigSetting: () => string): ConnectionFactory {
  return async () => {
    const files = kubeconfigCandidates(kubeconfigSetting(), process.env, os.homedir()).filter((f) => fs.existsSync(f));
    if (files.length === 0) throw new Error('No kubeconfig found: set alluxioDl.kubeconfig or KUBECONFIG, or create ~/.kube/config.');
    const summary = readKubeconfigs(files);
    const context = summary.currentContext;
    if (!context) throw new Error(`The kubeconfig (${files.join(', ')}) has no current-context: run kubectl config use-context NAME.`);
    // A separate bundle, loaded only when a cluster is used (keeps activation fast).
    const bundle = path.join(extensionPath, 'dist', 'k8s.js');
    const mod: Partial<KubeModule & KubeLogModule> = loadKubeModule(path.dirname(bundle));
    if (!mod.createClusterClient || !mod.createPodLogStreamer) {
      throw new Error(`${bundle} does not export createClusterClient and createPodLogStreamer: rebuild the extension (npm run build).`);
    }
    const client = mod.createClusterClient({ kubeconfigFiles: files, context });
    const streamer = mod.createPodLogStreamer({ kubeconfigFiles: files, context });
    return { context, client, streamer, dispose: () => client.dispose() };
  };
}
