/** Small formatting helpers for the tree. */

/** kubectl-style age: 45s, 12m, 3h, 5d. */
export function age(created: number, now: number): string {
  if (!created) return '';
  const s = Math.max(0, Math.floor((now - created) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** When the text age(created, ·) shows at `now` next changes (ms since epoch; Infinity without a time). */
export function nextAgeChange(created: number, now: number): number {
  if (!created) return Infinity;
  const elapsed = Math.max(0, now - created);
  const s = Math.floor(elapsed / 1000);
  const unit = s < 120 ? 1000 : s < 120 * 60 ? 60_000 : s < 48 * 3600 ? 3_600_000 : 86_400_000;
  return created + (Math.floor(elapsed / unit) + 1) * unit;
}

/** An absolute time for tooltips: 2026-01-01 00:00:00 UTC. */
export function utc(t: number): string {
  return t ? `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC` : 'unknown';
}

/** A count quantity such as nvidia.com/gpu ("2", "1k" is not used for GPUs). */
export function count(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return 0;
  const n = Number.parseInt(q, 10);
  return Number.isFinite(n) ? n : 0;
}

export function time(ts: string | undefined): number {
  if (!ts) return 0;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? 0 : t;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Escapes text for a Markdown tooltip (outside code spans: use code() for values to copy). */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * A value as a Markdown code span, verbatim: escapes are not interpreted inside backticks, so the
 * value is fenced with a run of backticks longer than any it contains. Newlines become spaces.
 */
export function code(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

const collator = new Intl.Collator(undefined, { numeric: true });

/** Natural order (node-2 before node-10); one shared collator: localeCompare with options is slow. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Line breaks, C0/C1 controls and the bidi controls (LRM, RLM, ALM, LRE..RLO, LRI..PDI). */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const INVISIBLE_IN_MARKDOWN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const escape = (c: string) =>
  c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text from the cluster as one visible line: line breaks, controls and bidi marks (which could hide or
 * reorder what a user reads, e.g. an RTL override) are written out as `\n`, `\u202e`.
 */
export function visibleLine(text: string): string {
  return text.replace(INVISIBLE, escape);
}

/** The same for Markdown, keeping its line breaks and tabs (the text in it is escaped by md()). */
export function visibleMarkdown(text: string): string {
  return text.replace(INVISIBLE_IN_MARKDOWN, escape);
}
