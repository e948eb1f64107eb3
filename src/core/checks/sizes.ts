/** Sizes as Alluxio reads them (20GB, 1G: powers of 1024) and Kubernetes quantities (4Gi, 4G = 4e9). */
const ALLUXIO_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
};

export function parseAlluxioSize(s: unknown): number | undefined {
  if (typeof s === 'number') return s;
  if (typeof s !== 'string') return undefined;
  const m = /^\s*([0-9.]+)\s*([kmgtpb]?)(?:i?b)?\s*$/i.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * ALLUXIO_UNITS[m[2].toLowerCase()];
}

const K8S: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function parseQuantity(s: unknown): number | undefined {
  if (typeof s === 'number') return s;
  if (typeof s !== 'string') return undefined;
  const m = /^\s*([0-9.]+)\s*(m|k|K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?\s*$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * K8S[m[2] ?? ''];
}

/** -Xmx4G in a JVM option string or list → bytes. */
export function heapFromJvmOptions(opts: unknown): number | undefined {
  const text = Array.isArray(opts) ? opts.join(' ') : typeof opts === 'string' ? opts : '';
  const m = /-Xmx([0-9]+)([kmgt]?)\b/i.exec(text);
  return m ? Number(m[1]) * ALLUXIO_UNITS[m[2].toLowerCase()] : undefined;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${units[i]}`;
}
