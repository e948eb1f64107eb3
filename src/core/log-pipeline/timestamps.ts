/**
 * Lines of the pod log endpoint with `timestamps=true` start with an RFC3339Nano time and one space
 * (`2026-01-02T03:04:05.123456789Z text`). CRI log files add the stream and a tag
 * (`2026-01-02T03:04:05.123456789Z stdout F text`). No vscode import.
 */

const CRI = /^(stdout|stderr) ([FP]) /;

export interface TimestampedLine {
  /** the timestamp as the server wrote it, or undefined when the line has none */
  ts: string | undefined;
  text: string;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** `2006-01-02T15:04:05` at `s[at..at+19)`, checked by character codes (logs are read at 100k lines/s). */
function hasSeconds(s: string, at = 0): boolean {
  if (s.length < at + 20) return false;
  for (let i = 0; i < 19; i++) {
    const c = s.charCodeAt(at + i);
    const want = i === 4 || i === 7 ? 45 /* - */ : i === 10 ? 84 /* T */ : i === 13 || i === 16 ? 58 /* : */ : -1;
    if (want === -1 ? !isDigit(c) : c !== want) return false;
  }
  return true;
}

/**
 * Where the RFC3339(Nano) timestamp at `s[at]` ends (exclusive), or -1: seconds, an optional fraction
 * of 1 to 9 digits, then `Z` or `±hh:mm`.
 */
export function timestampEnd(s: string, at = 0): number {
  if (!hasSeconds(s, at)) return -1;
  let i = at + 19;
  if (s.charCodeAt(i) === 46 /* . */) {
    const from = ++i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    if (i === from || i - from > 9) return -1;
  }
  const z = s.charCodeAt(i);
  if (z === 90 /* Z */) return i + 1;
  return isOffset(s, i) ? i + 6 : -1;
}

/**
 * Where the text of the log line starting at `s[at]` begins, after its leading timestamp and one
 * space; 0 when it has none.
 */
export function textStart(s: string, at = 0): number {
  const end = timestampEnd(s, at);
  return end > 0 && s.charCodeAt(end) === 32 ? end + 1 : 0;
}

/** Splits a leading RFC3339(Nano) timestamp off a line. */
export function splitTimestamp(line: string): TimestampedLine {
  const at = textStart(line);
  if (at === 0) return { ts: undefined, text: line };
  return { ts: line.slice(0, at - 1), text: line.slice(at) };
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
let cachedZone = '';
let cachedSecondsMs = NaN;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

function isOffset(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (
    (c === 43 || c === 45) &&
    isDigit(s.charCodeAt(i + 1)) &&
    isDigit(s.charCodeAt(i + 2)) &&
    s.charCodeAt(i + 3) === 58 &&
    isDigit(s.charCodeAt(i + 4)) &&
    isDigit(s.charCodeAt(i + 5))
  );
}

export function timeKey(ts: string): TimeKey | undefined {
  const n = ts.length;
  let i = 19;
  let nanos = 0;
  if (ts.charCodeAt(19) === 46) {
    i = 20;
    while (i < n && isDigit(ts.charCodeAt(i))) nanos = nanos * 10 + (ts.charCodeAt(i++) - 48);
    const digits = i - 20;
    if (digits === 0 || digits > 9) return undefined;
    nanos *= POW10[9 - digits];
  }
  const utc = n - i === 1 && ts.charCodeAt(i) === 90;
  if (!utc && !(n - i === 6 && isOffset(ts, i))) return undefined;
  let secondsMs: number;
  // The seconds part of the previous time (already checked) is reused: only the fraction is read.
  if (cachedSeconds && ts.startsWith(cachedSeconds) && (utc ? cachedZone === 'Z' : ts.endsWith(cachedZone)))
    secondsMs = cachedSecondsMs;
  else {
    if (!hasSeconds(ts)) return undefined;
    const seconds = ts.slice(0, 19);
    const zone = utc ? 'Z' : ts.slice(i);
    secondsMs = Date.parse(seconds + zone);
    if (Number.isNaN(secondsMs)) return undefined;
    cachedSeconds = seconds;
    cachedZone = zone;
    cachedSecondsMs = secondsMs;
  }
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
