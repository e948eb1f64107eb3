import { Timers, realTimers } from './timers';

export interface BatcherOptions {
  /** longest time a line waits before it is flushed */
  intervalMs: number;
  /** flush at once when this many characters are pending */
  maxChars: number;
}

/**
 * Collects lines and hands them over in batches: at most one flush per interval, or sooner when
 * many characters are pending, so a fast log costs a few appends a second. No vscode import.
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
    this.pending = [];
    this.chars = 0;
    this.flush(lines.join('\n') + '\n', lines.length);
  }

  /** Flushes what is pending and stops. */
  dispose(): void {
    this.flushNow();
    this.disposed = true;
  }
}
