import { ClusterError, type ClusterClient } from '../k8s/cluster-client';
import { ResourceWatcher, WatchLog } from '../k8s/watcher';
import type { PodSource } from './job-follower';

/**
 * The pods of one namespace, kept in sync by the explorer's ResourceWatcher (list, watch, restart
 * on the 30 s cycle, re-list on 410, backoff); the follower filters them by the job's labels.
 */
export function namespacePods(client: ClusterClient, namespace: string, log: WatchLog): PodSource {
  return {
    start(handlers) {
      const w = new ResourceWatcher(
        client,
        'pods',
        namespace,
        {
          reset: (_kind, items) => handlers.reset(items),
          event: (_kind, ev) => handlers.event(ev),
          failure: (_kind, err) =>
            handlers.failure(
              err
                ? new ClusterError(
                    err.kind,
                    err.resource,
                    err.namespace,
                    err.hint ? `${err.message}. ${err.hint}` : err.message,
                    err.hint,
                  )
                : undefined,
            ),
        },
        log,
      );
      void w.start();
      return { dispose: () => w.stop() };
    },
  };
}
