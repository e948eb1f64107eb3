/**
 * What Helm says about each release, from all its revision Secrets: the newest revision's status
 * (deployed, failed, pending-install, …) and Helm's description of it, the components its manifest
 * declares (so a master missing from a half-installed release can be shown), and, for the Alluxio 2.2
 * chart, the tier quotas in the config ConfigMap as its pre-install hook last wrote it (an upgrade does
 * not re-run that hook, so the cluster keeps the old quota whatever the values say).
 */
import { flattenHelmErrors } from '../apply/helm-args';
import { jsYaml } from '../yaml/js-yaml';
import { chartGroup } from './extract';
import type { HelmRelease } from './helm-release';
import type { KubeObject } from './kinds';
import { parseGroupKey, releaseKey, type Product } from './node-id';

export interface ReleaseStatus {
  product: Product;
  namespace: string;
  release: string;
  revision: number;
  /** deployed | failed | pending-install | pending-upgrade | pending-rollback | superseded | uninstalling … */
  status: string;
  description: string;
  /** Component roles (master, worker, namenode, …) the revision's manifest declares workloads for. */
  expected: string[];
}

interface SecretRecord {
  rel: string;
  revision: number;
  status: ReleaseStatus;
  manifest: string;
  /** level → quota as the revision's config hook wrote it; undefined when the hook did not run in it. */
  hookQuotas?: Map<number, string>;
}

const WORKLOAD_KINDS = new Set(['StatefulSet', 'DaemonSet', 'Deployment']);
const MAX_MANIFEST = 8 * 1024 * 1024;

export function productOf(release: HelmRelease): Product | undefined {
  const name = release.chart?.metadata?.name ?? '';
  if (name === 'alluxio') return 'alluxio';
  if (/^hdfs/.test(name)) return 'hdfs';
  return undefined;
}

/** Roles of the workloads a manifest declares, by the same chart labels the explorer groups pods with. */
export function expectedRoles(manifest: string, namespace: string): string[] {
  if (!manifest || manifest.length > MAX_MANIFEST) return [];
  const roles = new Set<string>();
  try {
    for (const doc of jsYaml().loadAll(manifest, { schema: jsYaml().YAML11_SCHEMA })) {
      const o = doc as KubeObject | null;
      if (!o || typeof o !== 'object' || !WORKLOAD_KINDS.has(String(o.kind))) continue;
      const labels = o.spec?.template?.metadata?.labels ?? o.metadata?.labels;
      const group = chartGroup(namespace, labels);
      const parsed = group ? parseGroupKey(group) : undefined;
      if (parsed?.type === 'component') roles.add(parsed.role);
    }
  } catch {
    return [];
  }
  return [...roles];
}

/** `-Dalluxio.worker.tieredstore.levelN.dirs.quota=Q` in the hooks that ran in this revision. */
function hookQuotas(release: HelmRelease): Map<number, string> | undefined {
  let found: Map<number, string> | undefined;
  for (const h of release.hooks ?? []) {
    if (!h.last_run?.phase || typeof h.manifest !== 'string') continue;
    for (const m of h.manifest
      .slice(0, MAX_MANIFEST)
      .matchAll(/-Dalluxio\.worker\.tieredstore\.level(\d+)\.dirs\.quota=([^\s"']+)/g))
      (found ??= new Map()).set(Number(m[1]), m[2]);
  }
  return found;
}

export class ReleaseStatuses {
  private readonly bySecret = new Map<string, SecretRecord>();
  /** release key → secret key of its newest revision */
  private readonly newest = new Map<string, string>();
  private readonly expectedCache = new Map<string, string[]>();

  /** Records (or forgets) one revision Secret; returns the release keys whose status may have changed. */
  set(secretKey: string, secret: KubeObject | undefined, decoded: HelmRelease | undefined): string[] {
    const old = this.bySecret.get(secretKey);
    const product = decoded ? productOf(decoded) : undefined;
    const changed = new Set<string>();
    if (old) {
      this.bySecret.delete(secretKey);
      changed.add(old.rel);
    }
    if (decoded && product) {
      const namespace = decoded.namespace || secret?.metadata.namespace || '';
      const rel = releaseKey({ product, namespace, release: decoded.name });
      const status = decoded.info?.status ?? secret?.metadata.labels?.status ?? '';
      this.bySecret.set(secretKey, {
        rel,
        revision: decoded.version,
        manifest: typeof decoded.manifest === 'string' ? decoded.manifest : '',
        hookQuotas: product === 'alluxio' ? hookQuotas(decoded) : undefined,
        status: {
          product,
          namespace,
          release: decoded.name,
          revision: decoded.version,
          status,
          description: flattenHelmErrors(decoded.info?.description ?? ''),
          expected: [],
        },
      });
      changed.add(rel);
    }
    for (const rel of changed) this.pickNewest(rel);
    return [...changed];
  }

  private pickNewest(rel: string): void {
    let best: [string, SecretRecord] | undefined;
    for (const entry of this.bySecret)
      if (entry[1].rel === rel && (!best || entry[1].revision > best[1].revision)) best = entry;
    this.expectedCache.delete(rel);
    if (best) this.newest.set(rel, best[0]);
    else this.newest.delete(rel);
  }

  /** The newest revision's status, with the roles its manifest declares. */
  get(rel: string): ReleaseStatus | undefined {
    const rec = this.bySecret.get(this.newest.get(rel) ?? '');
    if (!rec) return undefined;
    let expected = this.expectedCache.get(rel);
    if (!expected) this.expectedCache.set(rel, (expected = expectedRoles(rec.manifest, rec.status.namespace)));
    return { ...rec.status, expected };
  }

  /** Tier quotas as the newest revision whose config hook ran wrote them (what the cluster has). */
  clusterQuotas(rel: string): Map<number, string> | undefined {
    let best: SecretRecord | undefined;
    for (const r of this.bySecret.values())
      if (r.rel === rel && r.hookQuotas && (!best || r.revision > best.revision)) best = r;
    return best?.hookQuotas;
  }

  releases(): string[] {
    return [...this.newest.keys()];
  }

  secrets(): string[] {
    return [...this.bySecret.keys()];
  }

  clear(): void {
    this.bySecret.clear();
    this.newest.clear();
    this.expectedCache.clear();
  }
}
