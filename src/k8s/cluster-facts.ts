import { ClusterContext, clusterContextFromObjects } from '../core/checks/cluster';
import type { ClusterClient } from './cluster-client';

/** Facts older than this are fetched again in the background when asked for. */
const STALE_MS = 30_000;

/**
 * What the authoring checks and generators know of the cluster: HDFS namenode services and node
 * labels, listed through the ClusterClient. `current()` answers at once from the last fetch (the
 * diagnostics are synchronous) and refreshes stale facts in the background; `fetch()` waits.
 * Whatever can't be listed (403, unreachable, no kubeconfig) is simply not known: no facts, no checks.
 */
export class ClusterFacts {
  private facts: ClusterContext | undefined;
  private fetchedAt = 0;
  private inFlight: Promise<ClusterContext | undefined> | undefined;
  private lastError = '';

  constructor(
    private readonly client: () => Promise<ClusterClient>,
    /** The namespace to fall back to when listing across all namespaces is forbidden. */
    private readonly namespace: () => string,
    private readonly onChange: () => void = () => undefined,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  current(): ClusterContext | undefined {
    if (Date.now() - this.fetchedAt > STALE_MS) void this.fetch();
    return this.facts;
  }

  fetch(): Promise<ClusterContext | undefined> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Forget what was known (another context was chosen). */
  reset(): void {
    this.facts = undefined;
    this.fetchedAt = 0;
  }

  private async load(): Promise<ClusterContext | undefined> {
    this.fetchedAt = Date.now();
    try {
      const client = await this.client();
      const ns = this.namespace();
      const items = (kind: 'services' | 'pods' | 'nodes' | 'datasets') =>
        client
          .list(kind, '')
          .catch(() => (kind === 'nodes' || !ns ? Promise.reject(new Error('forbidden')) : client.list(kind, ns)))
          .then((r) => r.items)
          .catch(() => undefined);
      const [services, pods, nodes, datasets] = await Promise.all([
        items('services'),
        items('pods'),
        items('nodes'),
        // Fluid's Datasets, when the CRD is installed (otherwise: not known, no Fluid choices).
        items('datasets'),
      ]);
      const before = JSON.stringify(this.facts);
      const facts = clusterContextFromObjects({ services: services ?? [], pods, nodes });
      if (!services) facts.namenodes = undefined; // not known, which is not "no HDFS"
      if (datasets)
        facts.datasets = datasets.map((d) => ({ name: d.metadata.name, namespace: d.metadata.namespace ?? 'default' }));
      this.facts = facts;
      if (JSON.stringify(this.facts) !== before) this.onChange();
      this.lastError = '';
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.lastError) this.log(`cluster facts for the authoring checks are not available: ${message}`);
      this.lastError = message;
    }
    return this.facts;
  }
}
