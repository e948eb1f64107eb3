import { LineSplitter } from './line-splitter';
import { ResumeCursor } from './resume';
import { textStart } from './timestamps';

/** The new lines of one chunk of a container's log. */
export interface LineBatch {
  /** what to show: prefix, and the server's timestamp when the user asked for it */
  readonly shown: readonly string[];
  /** the text alone, for the progress parser (the same strings as `shown` without prefix or timestamp) */
  readonly texts: readonly string[];
  /** the server timestamp of line `i`, cut out only when asked (for a progress line) */
  timestamp(i: number): string | undefined;
}

export interface ReaderOptions {
  /** keep the server's timestamp in the shown line (the user asked for timestamps) */
  showTimestamps: boolean;
  /** the current prefix of this container's lines (it can change when a second pod appears) */
  prefix: () => string;
  /** the new lines of a chunk */
  onLines?: (batch: LineBatch) => void;
  /** or one line at a time: what to show, the text alone, its server timestamp */
  onLine?: (shown: string, text: string, ts: string | undefined) => void;
}

/**
 * Reads one container's log across any number of requests: splits chunks into lines, drops the lines
 * a resumed request repeats, strips the timestamps unless asked for, prefixes. No vscode import.
 *
 * Built for fast logs: a chunk is split once (the lines are slices of it, not copies), each line's
 * timestamp is skipped by a character check, and the resume cursor is updated once per chunk from its
 * last timestamped lines. Lines are compared with the cursor one by one only while a resumed request
 * replays what was already delivered.
 */
export class ContainerLogReader {
  readonly cursor = new ResumeCursor();
  private splitter = new LineSplitter();
  private delivered = 0;

  constructor(private readonly opts: ReaderOptions) {}

  get lines(): number {
    return this.delivered;
  }

  chunk(data: string): void {
    this.deliver(this.splitter.push(data));
  }

  private deliver(raws: string[]): void {
    const n = raws.length;
    if (n === 0) return;
    let starts: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) starts[i] = textStart(raws[i]);
    // Lines the cursor saw one by one (while replaying): it recorded them already.
    let checked = 0;
    if (this.cursor.replaying) {
      const keptRaws: string[] = [];
      const keptStarts: number[] = [];
      let i = 0;
      for (; i < n && this.cursor.replaying; i++) {
        const st = starts[i];
        if (!this.cursor.accept(st > 0 ? raws[i].slice(0, st - 1) : undefined)) continue;
        keptRaws.push(raws[i]);
        keptStarts.push(st);
      }
      checked = keptRaws.length;
      for (; i < n; i++) {
        keptRaws.push(raws[i]);
        keptStarts.push(starts[i]);
      }
      raws = keptRaws;
      starts = keptStarts;
    }
    const m = raws.length;
    if (m === 0) return;
    this.advanceCursor(raws, starts, checked);
    const texts = new Array<string>(m);
    for (let i = 0; i < m; i++) texts[i] = starts[i] > 0 ? raws[i].slice(starts[i]) : raws[i];
    const prefix = this.opts.prefix();
    const showTs = this.opts.showTimestamps;
    let shown: string[] = texts;
    if (prefix || showTs) {
      shown = new Array<string>(m);
      for (let i = 0; i < m; i++) shown[i] = prefix + (showTs ? raws[i] : texts[i]);
    }
    this.delivered += m;
    const r = raws;
    const s = starts;
    const batch: LineBatch = { shown, texts, timestamp: (i) => (s[i] > 0 ? r[i].slice(0, s[i] - 1) : undefined) };
    if (this.opts.onLines) this.opts.onLines(batch);
    else if (this.opts.onLine) for (let i = 0; i < m; i++) this.opts.onLine(shown[i], texts[i], batch.timestamp(i));
  }

  /** The last timestamp among lines [from, end) and how many lines at the end carry it. */
  private advanceCursor(raws: string[], starts: number[], from: number): void {
    let j = raws.length - 1;
    while (j >= from && starts[j] === 0) j--;
    if (j < from) return;
    const st = starts[j];
    const ts = raws[j].slice(0, st - 1);
    let count = 1;
    for (let k = j - 1; k >= from; k--) {
      if (starts[k] === 0) continue; // a line without timestamp does not count
      if (starts[k] === st && raws[k].startsWith(ts)) count++;
      else break;
    }
    this.cursor.advance(ts, count);
  }

  /**
   * The request ended. When another will follow (a drop), a partial last line is forgotten: the next
   * request repeats it whole. When none will, it is shown.
   */
  end(final: boolean): void {
    const rest = this.splitter.takeRest();
    if (final && rest) this.deliver([rest]);
  }

  /** A new request starts after a drop; `sinceTime` to ask for. */
  resume(): string | undefined {
    this.splitter = new LineSplitter();
    this.cursor.reconnect();
    return this.cursor.sinceTime();
  }
}
