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
 * (every line ending in `\n`), joined once. No vscode import.
 */
export class LineBatcher {
  private pending: string[] = [];
  private chars = 0;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly flush: (text: string, lines: number) => void,
    private readonly opts: BatcherOptions = { intervalMs: 100, maxChars: 256 * 1024 },
    private readonly timers: Timers = realTimers,
  ) {}

  push(line: string): void {
    if (this.disposed) return;
    this.pending.push(line);
    this.chars += line.length + 1;
    this.schedule();
  }

  /** Several lines at once (a chunk of a log). */
  pushAll(lines: readonly string[]): void {
    if (this.disposed || lines.length === 0) return;
    const p = this.pending;
    let chars = 0;
    for (let i = 0; i < lines.length; i++) {
      p.push(lines[i]);
      chars += lines[i].length + 1;
    }
    this.chars += chars;
    this.schedule();
  }

  private schedule(): void {
    if (this.chars >= this.opts.maxChars) this.flushNow();
    else if (this.timer === undefined) this.timer = this.timers.setTimeout(() => this.flushNow(), this.opts.intervalMs);
  }

  get pendingLines(): number {
    return this.pending.length;
  }

  flushNow(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const lines = this.pending;
    const n = lines.length;
    this.pending = [];
    this.chars = 0;
    lines.push(''); // one join, ending in a newline, gives one flat string
    this.flush(lines.join('\n'), n);
  }

  /** Flushes what is pending and stops. */
  dispose(): void {
    this.flushNow();
    this.disposed = true;
  }
}
