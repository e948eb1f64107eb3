/** Turns chunks of a byte stream (already decoded as UTF-8) into lines. No vscode import. */
export class LineSplitter {
  private rest = '';

  /** Complete lines of the chunk (without their `\n` or `\r\n`); a trailing partial line is kept. */
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const parts = text.split('\n');
    this.rest = parts.pop() ?? '';
    for (let i = 0; i < parts.length; i++) if (parts[i].endsWith('\r')) parts[i] = parts[i].slice(0, -1);
    return parts;
  }

  /** The partial line held back, and forgets it. */
  takeRest(): string {
    const r = this.rest;
    this.rest = '';
    return r;
  }
}
