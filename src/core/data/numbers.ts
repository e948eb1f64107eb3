/**
 * Numbers read from Alluxio and HDFS answers: byte sizes as the shells print them ("16.00MB",
 * "1024B", "2.3GB") and counters that must be finite and non-negative to mean anything. Anything
 * else is unknown (undefined), never a guessed number. No vscode import.
 */

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
  PB: 1024 ** 5,
  EB: 1024 ** 6,
};

/** Longest size text we try to read ("1023.99TB" is 9 characters). */
const MAX_SIZE_TEXT = 32;

/**
 * "16.00MB" → 16777216, "1024B" / "1024" → 1024, "2.3 GB" → 2469606195. Units are binary (1 KB =
 * 1024 B) as Alluxio's and Hadoop's shells print them; "K", "KiB" and lower case are accepted.
 * Negative, non-finite or unreadable sizes are undefined.
 */
export function parseByteSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t.length === 0 || t.length > MAX_SIZE_TEXT) return undefined;
  const m = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*([KMGTPE]?)(?:i?B)?$/i.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = UNITS[`${m[2].toUpperCase()}B`] ?? 1;
  return nonNegative(Math.round(n * unit));
}

/** A finite, non-negative number (a count or a byte total), else undefined. Numeric strings are read too. */
export function nonNegative(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' && v.length <= MAX_SIZE_TEXT ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A percentage in [0, 100], else undefined (Alluxio 2.9 reports negative hit rates after free-then-read). */
export function percentage(v: unknown): number | undefined {
  const n = nonNegative(v);
  return n !== undefined && n <= 100 ? n : undefined;
}

/** Adds byte counts; unknown if any part is unknown. */
export function sum(values: readonly (number | undefined)[]): number | undefined {
  let total = 0;
  for (const v of values) {
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

/** 16777216 → "16.0 MB"; undefined → "unknown". For messages and labels. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined) return 'unknown';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
