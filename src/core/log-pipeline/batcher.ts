import { Timers, realTimers } from './timers';

export interface BatcherOptions {
  /** longest time a line waits before it is flushed */
  intervalMs: number;
  /** flush at once when this many characters are pending */
  maxChars: number;
}

/**
 * Collects lines and hands them over in batches: at most one flush per interval, or sooner when
 * many characters are pending, so a fast log costs a few appends a second. A batch is one string
 * (every line ending in `\n`), joined once from the blocks pushed. No vscode import.
 */
export class LineBatcher {
  private pending: string[] = [];
  private chars = 0;
  private lines = 0;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly flush: (text: string, lines: number) => void,
    private readonly opts: BatcherOptions = { intervalMs: 100, maxChars: 256 * 1024 },
    private readonly timers: Timers = realTimers,
  ) {}

  /** One line, without its newline. */
  push(line: string): void {
    this.pushBlock(`${line}\n`, 1);
  }

  /** `lines` lines at once (a chunk of a log), each ending in `\n`. */
  pushBlock(text: string, lines: number): void {
    if (this.disposed || lines === 0) return;
    this.pending.push(text);
    this.chars += text.length;
    this.lines += lines;
    if (this.chars >= this.opts.maxChars) this.flushNow();
    else if (this.timer === undefined) this.timer = this.timers.setTimeout(() => this.flushNow(), this.opts.intervalMs);
  }

  get pendingLines(): number {
    return this.lines;
  }

  flushNow(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.lines === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    const n = this.lines;
    this.pending = [];
    this.chars = 0;
    this.lines = 0;
    this.flush(text, n);
  }

  /** Flushes what is pending and stops. */
  dispose(): void {
    this.flushNow();
    this.disposed = true;
  }
}
