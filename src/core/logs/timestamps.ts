/**
 * Lines of the pod log endpoint with `timestamps=true` start with an RFC3339Nano time and one space
 * (`2026-01-02T03:04:05.123456789Z text`). CRI log files add the stream and a tag
 * (`2026-01-02T03:04:05.123456789Z stdout F text`). No vscode import.
 */

const TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}) /;
const CRI = /^(stdout|stderr) ([FP]) /;

export interface TimestampedLine {
  /** the timestamp as the server wrote it, or undefined when the line has none */
  ts: string | undefined;
  text: string;
}

/** Splits a leading RFC3339(Nano) timestamp off a line. */
export function splitTimestamp(line: string): TimestampedLine {
  const m = TS.exec(line);
  if (!m) return { ts: undefined, text: line };
  return { ts: m[0].slice(0, -1), text: line.slice(m[0].length) };
}

export interface CriLine {
  ts: string;
  stream: 'stdout' | 'stderr';
  /** false for a partial (P) record that the next record continues */
  full: boolean;
  text: string;
}

/** Parses one record of a CRI log file; undefined when the line is not one. */
export function parseCriLine(line: string): CriLine | undefined {
  const t = splitTimestamp(line);
  if (!t.ts) return undefined;
  const m = CRI.exec(t.text);
  if (!m) return undefined;
  return { ts: t.ts, stream: m[1] as CriLine['stream'], full: m[2] === 'F', text: t.text.slice(m[0].length) };
}

/** Formats a CRI record, as a container runtime (and the sandbox's writer) appends it. */
export function formatCriLine(date: Date, text: string, stream: 'stdout' | 'stderr' = 'stdout'): string {
  return `${date.toISOString()} ${stream} F ${text}`;
}

/** A time as [milliseconds since the epoch, nanoseconds within the millisecond]: comparable exactly. */
export type TimeKey = readonly [number, number];

// Logs carry many lines per second: the seconds part is parsed once and reused.
let cachedSeconds = '';
let cachedSecondsMs = NaN;

export function timeKey(ts: string): TimeKey | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return undefined;
  const secondsText = `${m[1]}${m[3]}`;
  let secondsMs: number;
  if (secondsText === cachedSeconds) secondsMs = cachedSecondsMs;
  else {
    secondsMs = Date.parse(secondsText);
    if (Number.isNaN(secondsMs)) return undefined;
    cachedSeconds = secondsText;
    cachedSecondsMs = secondsMs;
  }
  const frac = m[2] ?? '';
  const nanos = frac ? Number(frac) * 10 ** (9 - frac.length) : 0;
  return [secondsMs + Math.floor(nanos / 1e6), nanos % 1e6];
}

export function compareKeys(a: TimeKey, b: TimeKey): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** The whole second at or before the time, as RFC3339 in UTC: safe for any server's sinceTime. */
export function floorToSecond(key: TimeKey): string {
  const ms = Math.floor(key[0] / 1000) * 1000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
