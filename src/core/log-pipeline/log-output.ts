import { BatcherOptions, LineBatcher } from './batcher';
import { BlockRing } from './block-ring';
import { Timers, realTimers } from './timers';

/** Where a job's text goes: an output channel in the editor, an array in tests. */
export interface TextSink {
  append(text: string): void;
  /** replaces the whole content (used to trim) */
  replace(text: string): void;
}

export interface LogOutputOptions {
  maxLines: number;
  maxChars: number;
  batch: BatcherOptions;
}

export const DEFAULT_LOG_OUTPUT: LogOutputOptions = {
  maxLines: 100_000,
  maxChars: 8_000_000,
  // 64 KB a batch at most: ~20 appends a second at 100,000 lines/s; the pieces waiting for a batch
  // are young strings, and the fewer of them a collection finds alive, the less V8 grows its young
  // generation (256 KB batches: +16 MB RSS over a million lines, test/bench/logs.bench.ts).
  batch: { intervalMs: 100, maxChars: 64 * 1024 },
};

/**
 * A job's log as shown: lines are batched into the sink, the most recent ones are retained (for Open
 * as Editor, as the batches themselves) and the sink itself is trimmed back to the retained lines
 * whenever it has received twice the retained amount, so neither side grows without bound.
 * No vscode import.
 */
export class BoundedLogOutput {
  private readonly ring: BlockRing;
  private readonly batcher: LineBatcher;
  private sinkChars = 0;
  private sinkLines = 0;
  private total = 0;

  constructor(
    private readonly sink: TextSink,
    readonly options: LogOutputOptions = DEFAULT_LOG_OUTPUT,
    timers: Timers = realTimers,
  ) {
    this.ring = new BlockRing(options.maxLines, options.maxChars);
    this.batcher = new LineBatcher((text, lines) => this.write(text, lines), options.batch, timers);
  }

  /** one line, without its newline */
  line(text: string): void {
    this.total++;
    this.batcher.push(text);
  }

  /** `lines` lines, each ending in `\n` */
  block(text: string, lines: number): void {
    this.total += lines;
    this.batcher.pushBlock(text, lines);
  }

  private write(text: string, lines: number): void {
    this.ring.push(text, lines);
    this.sinkChars += text.length;
    this.sinkLines += lines;
    if (this.sinkChars > 2 * this.options.maxChars || this.sinkLines > 2 * this.options.maxLines) {
      const kept = this.ring.text();
      const note = `… ${this.ring.dropped} earlier lines are no longer kept; the last ${this.ring.length} follow …\n`;
      this.sink.replace(note + kept);
      this.sinkChars = note.length + kept.length;
      this.sinkLines = this.ring.length + 1;
      this.trims++;
      return;
    }
    this.sink.append(text);
  }

  /** how many times the sink was trimmed */
  trims = 0;

  flush(): void {
    this.batcher.flushNow();
  }

  /** Everything retained, for Open as Editor. */
  retainedText(): string {
    this.batcher.flushNow();
    return this.ring.text();
  }

  get stats(): { total: number; retained: number; dropped: number; retainedChars: number } {
    this.batcher.flushNow();
    return { total: this.total, retained: this.ring.length, dropped: this.ring.dropped, retainedChars: this.ring.size };
  }

  dispose(): void {
    this.batcher.dispose();
  }
}
