import { Slab, SlabStore } from './slab-store';

/** A block of lines kept as UTF-8 bytes, with its line and character counts. */
interface Block {
  data: Buffer;
  slab: Slab | undefined;
  lines: number;
  chars: number;
}

/**
 * The most recent lines of a log kept as the blocks they were written in (many lines each, every
 * line ending in `\n`), bounded by a line count and a character count, whichever is hit first.
 * Blocks are kept as UTF-8 Buffers, outside V8's heap: every line of a fast log passes through this
 * ring, and as strings they would all be promoted by the young generation's collections (which
 * V8 answers by growing the young generation, tens of MB); as Buffers only a small object per block
 * is. The Buffers are slabs reused as blocks are dropped (SlabStore). The oldest block is cut at a
 * line boundary so the bounds are exact; a single line longer than the character bound is kept
 * alone. No vscode import.
 */
export class BlockRing {
  private blocks: Block[] = [];
  private head = 0;
  private count = 0;
  private chars = 0;
  private droppedLines = 0;

  constructor(
    readonly maxLines = 100_000,
    readonly maxChars = 8_000_000,
    private readonly store = new SlabStore(),
  ) {
    if (maxLines < 1 || maxChars < 1) throw new RangeError('BlockRing needs room for at least one line');
  }

  /** `text` holds `lines` lines, each ending in `\n`. */
  push(text: string, lines: number): void {
    if (lines <= 0) return;
    const { data, slab } = this.store.write(text);
    this.blocks.push({ data, slab, lines, chars: text.length });
    this.count += lines;
    this.chars += text.length;
    while (this.count > this.maxLines || (this.chars > this.maxChars && this.count > 1)) this.dropOldest();
    // Dropped slots are reclaimed in steps, so a push stays O(1) amortized.
    if (this.head > 64 && this.head * 2 > this.blocks.length) {
      this.blocks = this.blocks.slice(this.head);
      this.head = 0;
    }
  }

  /** Drops whole oldest blocks while that keeps within the bounds' need, else cuts lines off the oldest. */
  private dropOldest(): void {
    const b = this.blocks[this.head];
    const excessLines = Math.max(0, this.count - this.maxLines);
    const excessChars = Math.max(0, this.chars - this.maxChars);
    if ((b.lines <= excessLines || b.chars <= excessChars) && this.count > b.lines) {
      this.store.release(b.slab);
      this.head++;
      this.count -= b.lines;
      this.chars -= b.chars;
      this.droppedLines += b.lines;
      return;
    }
    // Cut just enough lines (at least one, never the last line of the ring), counting characters as
    // the lines' text has them (a block of ASCII has as many bytes as characters).
    const ascii = b.data.length === b.chars;
    let cut = 0;
    let at = 0;
    let chars = 0;
    while (cut < b.lines - 1 || (cut < b.lines && this.count > b.lines)) {
      const next = b.data.indexOf(10, at) + 1;
      chars += ascii ? next - at : b.data.toString('utf8', at, next).length;
      at = next;
      cut++;
      if (cut >= excessLines && chars >= excessChars) break;
    }
    if (cut === b.lines) {
      this.store.release(b.slab);
      this.head++;
    } else {
      this.blocks[this.head] = {
        data: b.data.subarray(at),
        slab: b.slab,
        lines: b.lines - cut,
        chars: b.chars - chars,
      };
    }
    this.count -= cut;
    this.chars -= chars;
    this.droppedLines += cut;
  }

  get length(): number {
    return this.count;
  }

  /** characters retained, counting one newline per line */
  get size(): number {
    return this.chars;
  }

  /** lines pushed out so far */
  get dropped(): number {
    return this.droppedLines;
  }

  /** every retained line, each ending in `\n` */
  text(): string {
    return Buffer.concat(this.blocks.slice(this.head).map((b) => b.data)).toString('utf8');
  }
}
