/**
 * Line-by-line reading of shell output with bounds: at most `max` lines, each cut at MAX_LINE
 * characters, so a hostile or huge answer cannot freeze the host. No vscode import.
 */

export const MAX_LINE = 8192;

/** Calls `each` for every line of `text` (LF or CRLF), at most `max` lines; answers whether it stopped early. */
export function forEachLine(text: string, max: number, each: (line: string) => void): boolean {
  let start = 0;
  let n = 0;
  while (start < text.length) {
    if (n++ >= max) return true;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, Math.min(end, start + MAX_LINE));
    if (line.endsWith('\r')) line = line.slice(0, -1);
    each(line);
    start = end + 1;
  }
  return false;
}
