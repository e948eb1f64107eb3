/**
 * The most recent lines of a log, bounded by a line count and a character count, whichever is hit
 * first. A circular array: pushing is O(1) and memory does not grow with the log.
 * The extension keeps batches in BlockRing (src/core/log-pipeline/block-ring.ts); this simpler line ring is
 * the reference the unit tests check BlockRing against.
 */
export class LineRing {
  private readonly buf: (string | undefined)[];
  private start = 0;
  private count = 0;
  private chars = 0;
  private droppedLines = 0;

  constructor(
    readonly maxLines = 100_000,
    readonly maxChars = 8_000_000,
  ) {
    if (maxLines < 1 || maxChars < 1) throw new RangeError('LineRing needs room for at least one line');
    this.buf = new Array(maxLines);
  }

  push(line: string): void {
    if (this.count === this.maxLines) this.dropOldest();
    this.buf[(this.start + this.count) % this.maxLines] = line;
    this.count++;
    this.chars += line.length + 1;
    while (this.chars > this.maxChars && this.count > 1) this.dropOldest();
  }

  private dropOldest(): void {
    const line = this.buf[this.start]!;
    this.buf[this.start] = undefined;
    this.start = (this.start + 1) % this.maxLines;
    this.count--;
    this.chars -= line.length + 1;
    this.droppedLines++;
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

  lines(): string[] {
    const out: string[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.buf[(this.start + i) % this.maxLines]!;
    return out;
  }

  text(): string {
    return this.count === 0 ? '' : this.lines().join('\n') + '\n';
  }

  clear(): void {
    this.buf.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.chars = 0;
  }
}
