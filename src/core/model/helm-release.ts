/** Helm 3 release Secrets → the values the explorer shows (cache tiers, root UFS). */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KubeObject } from './kinds';
import type { AlluxioValues, TierLevel } from './types';

export interface HelmRelease {
  name: string;
  namespace: string;
  version: number;
  chart: { metadata?: { name?: string; version?: string; appVersion?: string }; values?: Record<string, unknown> };
  config?: Record<string, unknown>;
  info?: { status?: string; description?: string };
  manifest?: string;
  hooks?: { manifest?: string; events?: string[]; last_run?: { phase?: string } }[];
}

/**
 * Decodes the `release` key of a Helm release Secret. The API gives Secret data base64-encoded;
 * Helm itself stores base64(gzip(JSON)) in it, so there are two base64 layers.
 */
export function decodeRelease(secret: KubeObject): HelmRelease | undefined {
  const data = secret.data?.release;
  if (!data) return undefined;
  try {
    const helmEncoded = Buffer.from(data, 'base64').toString('latin1');
    let raw = Buffer.from(helmEncoded, 'base64');
    if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
    return JSON.parse(raw.toString('utf8')) as HelmRelease;
  } catch {
    return undefined;
  }
}

/** Helm-style deep merge of user values over chart defaults (maps merge, everything else replaces). */
export function mergeValues(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = v === null ? undefined : mergeValues(base[k], v);
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

const ROOT_UFS = 'alluxio.master.mount.table.root.ufs';

/** The values the explorer shows for an Alluxio release, or undefined for another chart. */
export function alluxioValues(release: HelmRelease): AlluxioValues | undefined {
  if (release.chart?.metadata?.name !== 'alluxio') return undefined;
  const values = mergeValues(release.chart.values ?? {}, release.config ?? {}) as Record<string, any>;
  const levels: TierLevel[] = (Array.isArray(values.tieredstore?.levels) ? values.tieredstore.levels : []).map(
    (l: any, i: number) => ({
      level: typeof l?.level === 'number' ? l.level : i,
      alias: String(l?.alias ?? l?.mediumtype ?? ''),
      path: String(l?.path ?? ''),
      type: String(l?.type ?? ''),
      quota: String(l?.quota ?? ''),
    }),
  );
  const rootUfs = String(values.properties?.[ROOT_UFS] ?? values.master?.properties?.[ROOT_UFS] ?? '');
  return {
    release: release.name,
    namespace: release.namespace,
    chartVersion: release.chart.metadata?.version ?? '',
    revision: release.version,
    levels,
    rootUfs,
  };
}

/** Encodes a release the way Helm stores it (for tests and fakes). */
export function encodeRelease(release: HelmRelease): string {
  const helm = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
  return Buffer.from(helm, 'latin1').toString('base64');
}
