import { ResumeCursor } from './resume';
import { textStart } from './timestamps';

/** The new lines of one chunk of a container's log, as two strings (no string per line). */
export interface LineBlock {
  /** what to show, every line ending in `\n`: the prefix, then the line (with its timestamp when asked) */
  readonly text: string;
  /** how many lines */
  readonly lines: number;
  /** the same lines as the server sent them (`<timestamp> <text>`, each ending in `\n`), for progress */
  readonly raw: string;
}

export interface ReaderOptions {
  /** keep the server's timestamp in the shown line (the user asked for timestamps) */
  showTimestamps: boolean;
  /** the current prefix of this container's lines (it can change when a second pod appears) */
  prefix: () => string;
  onLines: (block: LineBlock) => void;
}

/**
 * The leading RFC3339(Nano) timestamp and space of every line but the first, with the newline before
 * it (not `^` with the m flag: that also matches after `\r` and U+2028). The form `textStart` accepts.
 */
const NEXT_LINE_TIMESTAMP = /\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /g;

/** The lines of `block` without their leading timestamps. */
function stripTimestamps(block: string): string {
  const first = textStart(block);
  return (first > 0 ? block.slice(first) : block).replace(NEXT_LINE_TIMESTAMP, '\n');
}

/** How many `\n` the text holds. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Every line of `block` (each ending in `\n`) with `prefix` in front. */
function prefixLines(block: string, prefix: string): string {
  return prefix + block.slice(0, -1).replaceAll('\n', `\n${prefix}`) + '\n';
}

/**
 * Reads one container's log across any number of requests: splits chunks into lines, drops the lines
 * a resumed request repeats, strips the timestamps unless asked for, prefixes. No vscode import.
 *
 * Built for fast logs (the server sends ~100,000 lines/s in chunks of a few KB): a chunk's complete
 * lines are handled as one string — timestamps stripped by one regex replace, the prefix added by one
 * replaceAll, the resume cursor updated from the chunk's last lines — so no string or object is made
 * per line and the lines die young. Lines are looked at one by one only while a resumed request
 * replays what was already delivered.
 */
export class ContainerLogReader {
  readonly cursor = new ResumeCursor();
  private rest = '';
  private delivered = 0;

  constructor(private readonly opts: ReaderOptions) {}

  get lines(): number {
    return this.delivered;
  }

  chunk(data: string): void {
    const text = this.rest ? this.rest + data : data;
    const end = text.lastIndexOf('\n');
    if (end === -1) {
      this.rest = text;
      return;
    }
    this.rest = end + 1 < text.length ? text.slice(end + 1) : '';
    this.deliver(end + 1 < text.length ? text.slice(0, end + 1) : text);
  }

  /** `raw`: complete lines, each ending in `\n`. */
  private deliver(raw: string): void {
    if (raw.includes('\r')) raw = raw.replaceAll('\r\n', '\n');
    let checkedUpTo = 0;
    if (this.cursor.replaying) {
      const r = this.skipReplayed(raw);
      raw = r.kept;
      checkedUpTo = r.checkedUpTo;
    }
    if (!raw) return;
    const lines = countLines(raw);
    this.advanceCursor(raw, checkedUpTo);
    const prefix = this.opts.prefix();
    let text = raw;
    if (!this.opts.showTimestamps) text = stripTimestamps(raw);
    if (prefix) text = prefixLines(text, prefix);
    this.delivered += lines;
    this.opts.onLines({ text, lines, raw });
  }

  /**
   * Lines of a resumed request that were delivered before are dropped, one by one, until the cursor
   * says the replay is over; the cursor records the lines it let through. Returns what is kept and
   * where, in it, the lines the cursor has not seen start.
   */
  private skipReplayed(raw: string): { kept: string; checkedUpTo: number } {
    let kept = '';
    let from = 0;
    while (from < raw.length && this.cursor.replaying) {
      const next = raw.indexOf('\n', from) + 1;
      const st = textStart(raw, from);
      if (this.cursor.accept(st > 0 ? raw.slice(from, st - 1) : undefined)) kept += raw.slice(from, next);
      from = next;
    }
    return { kept: kept + raw.slice(from), checkedUpTo: kept.length };
  }

  /** Records the last timestamp among the lines from `from` on, and how many lines at the end carry it. */
  private advanceCursor(raw: string, from: number): void {
    let ts: string | undefined;
    let count = 0;
    // Lines from the last one back: those without a timestamp do not count.
    for (let end = raw.length - 1; end > from;) {
      const start = raw.lastIndexOf('\n', end - 1) + 1;
      if (start < from) break;
      const st = textStart(raw, start);
      end = start - 1;
      if (st === 0) continue;
      if (ts === undefined) ts = raw.slice(start, st - 1);
      else if (st - 1 - start !== ts.length || !raw.startsWith(ts, start)) break;
      count++;
    }
    if (ts !== undefined) this.cursor.advance(ts, count);
  }

  /**
   * The request ended. When another will follow (a drop), a partial last line is forgotten: the next
   * request repeats it whole. When none will, it is shown.
   */
  end(final: boolean): void {
    const rest = this.rest;
    this.rest = '';
    if (final && rest) this.deliver(rest + '\n');
  }

  /** A new request starts after a drop; `sinceTime` to ask for. */
  resume(): string | undefined {
    this.rest = '';
    this.cursor.reconnect();
    return this.cursor.sinceTime();
  }
}
