/**
 * The most recent lines of a log kept as the blocks they were written in (one string of many lines
 * each, every line ending in `\n`), bounded by a line count and a character count, whichever is hit
 * first. Keeping a few hundred blocks instead of 100,000 line strings means a fast log's lines die
 * young: the garbage collector copies blocks, not lines. The oldest block is cut at a line boundary
 * so the bounds are exact; a single line longer than the character bound is kept alone.
 * No vscode import.
 */
export class BlockRing {
  private blocks: { text: string; lines: number }[] = [];
  private head = 0;
  private count = 0;
  private chars = 0;
  private droppedLines = 0;

  constructor(readonly maxLines = 100_000, readonly maxChars = 8_000_000) {
    if (maxLines < 1 || maxChars < 1) throw new RangeError('BlockRing needs room for at least one line');
  }

  /** `text` holds `lines` lines, each ending in `\n`. */
  push(text: string, lines: number): void {
    if (lines <= 0) return;
    this.blocks.push({ text, lines });
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
    if ((b.lines <= excessLines || b.text.length <= excessChars) && this.count > b.lines) {
      this.head++;
      this.count -= b.lines;
      this.chars -= b.text.length;
      this.droppedLines += b.lines;
      return;
    }
    // Cut just enough lines (at least one, never the last line of the ring).
    let cut = 0;
    let at = 0;
    while (cut < b.lines - 1 || (cut < b.lines && this.count > b.lines)) {
      at = b.text.indexOf('\n', at) + 1;
      cut++;
      if (cut >= excessLines && at >= excessChars) break;
    }
    if (cut === b.lines) {
      this.head++;
    } else {
      this.blocks[this.head] = { text: b.text.slice(at), lines: b.lines - cut };
    }
    this.count -= cut;
    this.chars -= at;
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
    let s = '';
    for (let i = this.head; i < this.blocks.length; i++) s += this.blocks[i].text;
    return s;
  }
}
