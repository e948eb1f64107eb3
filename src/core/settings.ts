/** The extension's settings as the code sees them, cleaned of bad values. No vscode import. */
export interface SettingsShape {
  kubeconfig: string;
  helmPath: string;
  kubectlPath: string;
  imageBuilder: 'auto' | 'docker' | 'podman' | 'buildah';
  logTail: number;
  logTimestamps: boolean;
  progressPattern: string;
  schemas: Record<string, string>;
  alluxioChart: string;
  hdfsChart: string;
  /** seconds between refreshes of the explorer's data nodes while visible; 0 = only on Refresh */
  dataRefreshSeconds: number;
  /** the Alluxio path whose cache state the explorer shows ('' = the mount point other than /) */
  dataDatasetPath: string;
}

const BUILDERS = ['auto', 'docker', 'podman', 'buildah'] as const;

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v.trim() : fallback;
}

function int(v: unknown, fallback: number, min: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fallback;
}

function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Reads every setting through `get(key)` (key without the `alluxioDl.` prefix). */
export function readSettings(get: (key: string) => unknown): SettingsShape {
  const builder = str(get('imageBuilder'), 'auto');
  return {
    kubeconfig: str(get('kubeconfig')),
    helmPath: str(get('helmPath')),
    kubectlPath: str(get('kubectlPath')),
    imageBuilder: (BUILDERS as readonly string[]).includes(builder)
      ? (builder as SettingsShape['imageBuilder'])
      : 'auto',
    logTail: int(get('logs.tail'), 20, -1),
    logTimestamps: get('logs.timestamps') === true,
    progressPattern: str(get('logs.progressPattern')),
    schemas: stringMap(get('schemas')),
    alluxioChart: str(get('charts.alluxio')),
    hdfsChart: str(get('charts.hdfs')),
    dataRefreshSeconds: int(get('data.refreshSeconds'), 15, 0),
    dataDatasetPath: str(get('data.datasetPath')),
  };
}
