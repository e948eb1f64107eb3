// Where the cursor is, from the text alone (so completion works while the document doesn't parse).
import type { PathSegment } from './document';
import { LineIndex } from './lines';

export interface CursorContext {
  /** Path of the mapping the cursor's key belongs to (key position), or of the key whose value is typed. */
  path: PathSegment[];
  position: 'key' | 'value';
  /** The word typed so far and its range (replaced by the completion). */
  prefix: string;
  start: number;
  end: number;
  /** Keys already present in the same mapping (key position). */
  siblings: string[];
}

const KEY_LINE = /^(\s*)(?:- +)*("[^"]*"|'[^']*'|[^\s#'"][^#]*?)\s*:(?:\s|$)/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

function isBlankOrComment(line: string): boolean {
  return /^\s*(#.*)?$/.test(line);
}

function unquote(k: string): string {
  return /^["'].*["']$/.test(k) ? k.slice(1, -1) : k;
}

/** Column of the key on a line, past any `- ` sequence markers. */
function keyColumn(line: string): number {
  const m = /^(\s*(?:- +)*)/.exec(line)!;
  return m[1].length;
}

/** Parent path of a key at `column` on `line` (walking up through less-indented keys and `- ` items). */
function parentPath(lines: LineIndex, line: number, column: number): PathSegment[] {
  const path: PathSegment[] = [];
  let target = column;
  for (let l = line - 1; l >= 0 && target > 0; l--) {
    const text = lines.lineText(l);
    if (isBlankOrComment(text)) continue;
    const ind = indentOf(text);
    const dashes = /^\s*((?:- +)+)/.exec(text);
    if (dashes && ind < target) {
      // Each `- ` opens one sequence level; the key after the dashes (if any) sits at keyColumn.
      const kc = keyColumn(text);
      if (kc <= target - 0 && kc < target) {
        const m = KEY_LINE.exec(text);
        if (m && kc < target) {
          path.unshift(unquote(m[2]));
          const levels = dashes[1].trim().split(/\s+/).length;
          for (let i = 0; i < levels; i++) path.unshift(0);
          target = ind + 1;
          continue;
        }
      }
      const levels = dashes[1].trim().split(/\s+/).length;
      for (let i = 0; i < levels; i++) path.unshift(0);
      target = ind + 1;
      continue;
    }
    if (ind < target) {
      const m = KEY_LINE.exec(text);
      if (!m) continue;
      path.unshift(unquote(m[2]));
      target = ind;
    }
  }
  return path;
}

function siblingKeys(lines: LineIndex, line: number, column: number): string[] {
  const out: string[] = [];
  const scan = (from: number, step: number): void => {
    for (let l = from; l >= 0 && l < lines.lineCount; l += step) {
      const text = lines.lineText(l);
      if (isBlankOrComment(text)) continue;
      const kc = keyColumn(text);
      const ind = indentOf(text);
      if (ind < column && kc !== column) break;
      if (kc === column) {
        const m = KEY_LINE.exec(text);
        if (m) out.push(unquote(m[2]));
        if (step < 0 && ind < column) break; // the `- ` line that opens this item
      }
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return out;
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lines = new LineIndex(text);
  const { line, character } = lines.positionAt(offset);
  const full = lines.lineText(line);
  const before = full.slice(0, character);
  const wordAfter = /^[^\s:#]*/.exec(full.slice(character))![0];
  const valueMatch = /^(\s*(?:- +)*)("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:(?:\s+(.*))?$/.exec(before);
  if (valueMatch) {
    const column = valueMatch[1].length;
    const path = parentPath(lines, line, column);
    if (valueMatch[1].includes('-')) for (let i = 0; i < valueMatch[1].trim().split(/\s+/).length; i++) path.push(0);
    const prefix = (valueMatch[3] ?? '').replace(/^["']/, '');
    return {
      path: [...path, unquote(valueMatch[2])],
      position: 'value',
      prefix,
      start: offset - prefix.length,
      end: offset + wordAfter.length,
      siblings: [],
    };
  }
  const keyMatch = /^(\s*(?:- +)*)([^\s:#]*)$/.exec(before);
  const column = keyMatch ? keyMatch[1].length : character;
  const prefix = keyMatch ? keyMatch[2] : '';
  const path = parentPath(lines, line, column);
  if (keyMatch && keyMatch[1].includes('-')) {
    const levels = keyMatch[1].trim().split(/\s+/).length;
    for (let i = 0; i < levels; i++) path.push(0);
  }
  return {
    path,
    position: 'key',
    prefix,
    start: offset - prefix.length,
    end: offset + wordAfter.length,
    siblings: siblingKeys(lines, line, column).filter((k) => k !== prefix),
  };
}
