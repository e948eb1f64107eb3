import * as fs from 'node:fs';
import * as path from 'node:path';
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

/** Which kubeconfig files and context to follow logs in: the explorer's choice, or given by a test. */
export interface LogsTarget {
  kubeconfigFiles: string[];
  /** Empty: the kubeconfig's current-context. */
  context?: string;
}

/**
 * Opens a connection to the target's cluster (the context the user chose in the explorer, so logs
 * come from the cluster the tree shows), loading the client-node bundle dist/k8s.js on first use.
 */
export function kubeConnectionFactory(extensionPath: string, target: () => LogsTarget): ConnectionFactory {
  return async () => {
    const files = target().kubeconfigFiles.filter((f) => fs.existsSync(f));
    if (files.length === 0)
      throw new Error('No kubeconfig found: set alluxioDl.kubeconfig or KUBECONFIG, or create ~/.kube/config.');
    const context = target().context || readKubeconfigs(files).currentContext;
    if (!context)
      throw new Error(
        `The kubeconfig (${files.join(', ')}) has no current-context: pick one with Alluxio DL: Switch Kubernetes Context.`,
      );
    // A separate bundle, loaded only when a cluster is used (keeps activation fast).
    const bundle = path.join(extensionPath, 'dist', 'k8s.js');
    const mod: Partial<KubeModule & KubeLogModule> = loadKubeModule(path.dirname(bundle));
    if (!mod.createClusterClient || !mod.createPodLogStreamer) {
      throw new Error(
        `${bundle} does not export createClusterClient and createPodLogStreamer: rebuild the extension (npm run build).`,
      );
    }
    const client = mod.createClusterClient({ kubeconfigFiles: files, context });
    const streamer = mod.createPodLogStreamer({ kubeconfigFiles: files, context });
    return { context, client, streamer, dispose: () => client.dispose() };
  };
}
