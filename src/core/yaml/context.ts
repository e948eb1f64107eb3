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

/** What starts at a column of a line: a list item's `- `, or a mapping key. */
interface Segment {
  column: number;
  dash: boolean;
  key?: string;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"][^#]*?)\s*:(?:\s|$)/;
/** How far up the walks look: enough for any real file, bounded for a hostile one. */
const MAX_LINES_UP = 5000;
/** Characters of a line looked at. */
const MAX_LINE = 2000;

function unquote(k: string): string {
  return /^["'].*["']$/.test(k) ? k.slice(1, -1) : k;
}

/** The `- ` markers and the key of a line, by column; empty for blank, comment and plain lines. */
function segmentsOf(raw: string): Segment[] {
  const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  const out: Segment[] = [];
  let col = /^ */.exec(line)![0].length;
  while (line[col] === '-' && (col + 1 === line.length || line[col + 1] === ' ')) {
    out.push({ column: col, dash: true });
    col += 1 + /^ */.exec(line.slice(col + 1))![0].length;
  }
  const m = KEY.exec(line.slice(col));
  if (m && line[col] !== '#') out.push({ column: col, dash: false, key: unquote(m[1]) });
  return out;
}

const isDocumentMarker = (line: string) => /^(---|\.\.\.)(\s|$)/.test(line);

/** The lines of a text, from the cursor's line up to the start of its document. */
class Lines {
  private readonly cache = new Map<number, Segment[]>();
  constructor(
    private readonly index: LineIndex,
    private readonly cursorLine: number,
    private readonly cursorSegments: Segment[],
  ) {}

  segments(line: number): Segment[] {
    if (line === this.cursorLine) return this.cursorSegments;
    let s = this.cache.get(line);
    if (!s) {
      s = segmentsOf(this.index.lineText(line));
      this.cache.set(line, s);
    }
    return s;
  }

  /** Lines above `line` (nearest first), stopping at a document marker. */
  *above(line: number): Generator<number> {
    const stop = Math.max(0, line - MAX_LINES_UP);
    for (let l = line - 1; l >= stop; l--) {
      if (isDocumentMarker(this.index.lineText(l))) return;
      if (this.segments(l).length) yield l;
    }
  }

  *below(line: number): Generator<number> {
    const stop = Math.min(this.index.lineCount, line + 1 + MAX_LINES_UP);
    for (let l = line + 1; l < stop; l++) {
      if (isDocumentMarker(this.index.lineText(l))) return;
      if (this.segments(l).length) yield l;
    }
  }
}

/**
 * The path of the node that holds segment `i` of `line`: for a key, its mapping; for a `- `, its list.
 * The parent is the segment just before it on the line, else the nearest line above with a segment
 * left of it (or, for a `- `, a key in the same column: a list written without indentation).
 */
function containerPath(lines: Lines, line: number, i: number): PathSegment[] {
  const seg = lines.segments(line)[i];
  if (i > 0) {
    const prev = lines.segments(line)[i - 1];
    return [...containerPath(lines, line, i - 1), ...(prev.dash ? [itemIndex(lines, line, i - 1)] : [prev.key!])];
  }
  for (const l of lines.above(line)) {
    const segs = lines.segments(l);
    let j = -1;
    for (let k = segs.length - 1; k >= 0; k--) {
      const s = segs[k];
      if (s.column < seg.column || (seg.dash && !s.dash && s.column === seg.column && k === segs.length - 1)) {
        j = k;
        break;
      }
    }
    if (j < 0) continue;
    const parent = segs[j];
    if (parent.dash) return [...containerPath(lines, l, j), itemIndex(lines, l, j)];
    return [...containerPath(lines, l, j), parent.key!];
  }
  return [];
}

/** Index of the list item opened by the `- ` at segment `i` of `line`: the `- ` lines before it in its list. */
function itemIndex(lines: Lines, line: number, i: number): number {
  const column = lines.segments(line)[i].column;
  if (i > 0) return 0;
  let index = 0;
  for (const l of lines.above(line)) {
    const segs = lines.segments(l);
    const same = segs.find((s) => s.column === column);
    if (same?.dash) index++;
    else if (same) break; // a key in the dash's column: the list's own key (no indentation)
    if (segs[0].column < column) break;
  }
  return index;
}

/** Keys of the mapping holding the key at segment `i` of `line` (not those of the next or previous list item). */
function siblingKeys(lines: Lines, line: number, i: number): string[] {
  const column = lines.segments(line)[i].column;
  const out: string[] = [];
  if (i === 0)
    for (const l of lines.above(line)) {
      const segs = lines.segments(l);
      const same = segs.find((s) => s.column === column);
      if (same && !same.dash && same.key !== undefined) out.push(same.key);
      if (segs[0].column < column || same?.dash) break;
    }
  for (const l of lines.below(line)) {
    const segs = lines.segments(l);
    if (segs[0].column < column) break;
    if (segs[0].column === column && !segs[0].dash && segs[0].key !== undefined) out.push(segs[0].key);
    else if (segs[0].column === column) break;
  }
  return out;
}

function dashSegments(markers: string): Segment[] {
  const out: Segment[] = [];
  for (let c = markers.indexOf('-'); c >= 0; c = markers.indexOf('-', c + 1)) out.push({ column: c, dash: true });
  return out;
}

export function cursorContext(text: string, offset: number): CursorContext {
  const index = new LineIndex(text);
  const { line, character } = index.positionAt(offset);
  const full = index.lineText(line);
  const before = full.slice(Math.max(0, character - MAX_LINE), character);
  const wordAfter = /^[^\s:#]*/.exec(full.slice(character, character + MAX_LINE))![0];
  const valueMatch = /^(\s*(?:- +)*)("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:(?:\s+(.*))?$/.exec(before);
  if (valueMatch) {
    const key = unquote(valueMatch[2]);
    const segments = [...dashSegments(valueMatch[1]), { column: valueMatch[1].length, dash: false, key }];
    const lines = new Lines(index, line, segments);
    const prefix = (valueMatch[3] ?? '').replace(/^["']/, '');
    return {
      path: [...containerPath(lines, line, segments.length - 1), key],
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
  const segments = [...(keyMatch ? dashSegments(keyMatch[1]) : []), { column, dash: false, key: prefix }];
  const lines = new Lines(index, line, segments);
  const at = segments.length - 1;
  return {
    path: containerPath(lines, line, at),
    position: 'key',
    prefix,
    start: offset - prefix.length,
    end: offset + wordAfter.length,
    siblings: siblingKeys(lines, line, at).filter((k) => k !== prefix),
  };
}
