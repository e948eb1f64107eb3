import type { Event, ScalarEvent } from 'js-yaml';
import { jsYaml } from './js-yaml';
const EVENT_ID = { DOCUMENT: 1, SEQUENCE: 2, MAPPING: 3, SCALAR: 4, ALIAS: 5, POP: 6 } as const;
const SCALAR_STYLE = { SINGLE_QUOTED: 2, DOUBLE_QUOTED: 3 } as const;

/** Source ranges are zero-based offsets, end-exclusive. */
export interface Range {
  start: number;
  end: number;
}

export interface ScalarNode extends Range {
  kind: 'scalar';
  /** The decoded text (without quotes). */
  text: string;
  quoted: boolean;
  /** True for an empty value (`key:` with nothing after it). */
  empty: boolean;
}
export interface MapNode extends Range {
  kind: 'map';
  pairs: Pair[];
  flow: boolean;
}
export interface SeqNode extends Range {
  kind: 'seq';
  items: YamlNode[];
  flow: boolean;
}
export interface AliasNode extends Range {
  kind: 'alias';
}
export type YamlNode = ScalarNode | MapNode | SeqNode | AliasNode;
export interface Pair {
  key: ScalarNode;
  value: YamlNode;
}

export interface SyntaxProblem {
  range: Range;
  message: string;
}

export interface ParsedYaml {
  text: string;
  /** The first document's root node; undefined when the text is empty or did not parse. */
  root?: YamlNode;
  /** The first document as JavaScript data (duplicate keys: the last wins). */
  value: unknown;
  syntax: SyntaxProblem[];
  /** Keys that appear twice in one mapping (the second occurrence). */
  duplicates: ScalarNode[];
}

/** Parses YAML into a position tree (from js-yaml's parse events) plus its value. Never throws. */
export function parseYaml(text: string): ParsedYaml {
  const { parseEvents, constructFromEvents, getScalarValue } = jsYaml();
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (err) {
    return { text, value: undefined, syntax: [toSyntaxProblem(text, err)], duplicates: [] };
  }
  const duplicates: ScalarNode[] = [];
  const builder = new TreeBuilder(text, events, duplicates, getScalarValue);
  const root = builder.firstDocument();
  let value: unknown;
  const syntax: SyntaxProblem[] = [];
  try {
    const docs = constructFromEvents(events, { source: text, json: true });
    value = docs[0];
  } catch (err) {
    syntax.push(toSyntaxProblem(text, err));
  }
  return { text, root, value, syntax, duplicates };
}

function toSyntaxProblem(text: string, err: unknown): SyntaxProblem {
  const e = err as { reason?: string; message?: string; mark?: { position: number } };
  const pos = e.mark?.position ?? 0;
  const start = Math.min(pos, text.length);
  // Cover the rest of the token: up to the next whitespace, at least one character when possible.
  let end = start;
  while (end < text.length && !/\s/.test(text[end])) end++;
  if (end === start && start < text.length) end = start + 1;
  const reason = e.reason ?? e.message ?? String(err);
  return { range: { start, end }, message: `YAML syntax error: ${reason}` };
}

class TreeBuilder {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly events: Event[],
    private readonly duplicates: ScalarNode[],
    private readonly scalarValue: ReturnType<typeof jsYaml>['getScalarValue'],
  ) {}

  firstDocument(): YamlNode | undefined {
    while (this.i < this.events.length && this.events[this.i].type !== EVENT_ID.DOCUMENT) this.i++;
    if (this.i >= this.events.length) return undefined;
    this.i++;
    if (this.i >= this.events.length || this.events[this.i].type === EVENT_ID.POP) return undefined;
    return this.node(0);
  }

  private node(fallback: number): YamlNode {
    const ev = this.events[this.i++];
    switch (ev.type) {
      case EVENT_ID.SCALAR:
        return this.scalar(ev, fallback);
      case EVENT_ID.ALIAS:
        return { kind: 'alias', start: ev.anchorStart - 1, end: ev.anchorEnd };
      case EVENT_ID.MAPPING: {
        const node: MapNode = { kind: 'map', start: ev.start, end: ev.start, pairs: [], flow: ev.style === 2 };
        const seen = new Set<string>();
        while (this.events[this.i].type !== EVENT_ID.POP) {
          const keyNode = this.node(node.end);
          const key: ScalarNode =
            keyNode.kind === 'scalar'
              ? keyNode
              : { kind: 'scalar', start: keyNode.start, end: keyNode.end, text: '', quoted: false, empty: true };
          const value = this.node(key.end);
          if (seen.has(key.text)) this.duplicates.push(key);
          seen.add(key.text);
          node.pairs.push({ key, value });
          node.end = Math.max(node.end, value.end, key.end);
        }
        this.i++;
        if (node.flow) node.end = this.closing(node.end, '}');
        return node;
      }
      case EVENT_ID.SEQUENCE: {
        const node: SeqNode = { kind: 'seq', start: ev.start, end: ev.start, items: [], flow: ev.style === 2 };
        while (this.events[this.i].type !== EVENT_ID.POP) {
          const item = this.node(node.end);
          node.items.push(item);
          node.end = Math.max(node.end, item.end);
        }
        this.i++;
        if (node.flow) node.end = this.closing(node.end, ']');
        return node;
      }
      default:
        throw new Error(`unexpected YAML event ${ev.type}`);
    }
  }

  private closing(from: number, ch: string): number {
    const at = this.text.indexOf(ch, from);
    return at < 0 ? from : at + 1;
  }

  private scalar(ev: ScalarEvent, fallback: number): ScalarNode {
    if (ev.valueStart < 0) {
      const at = ev.tagEnd > 0 ? ev.tagEnd : ev.anchorEnd > 0 ? ev.anchorEnd : fallback;
      return { kind: 'scalar', start: at, end: at, text: '', quoted: false, empty: true };
    }
    const quoted = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const start = quoted ? ev.valueStart - 1 : ev.valueStart;
    const end = quoted ? ev.valueEnd + 1 : ev.valueEnd;
    return { kind: 'scalar', start, end, text: this.scalarValue(this.text, ev), quoted, empty: false };
  }
}

export type PathSegment = string | number;

/** The node at a data path, with the pair's key when the last step is a mapping key. */
export function nodeAtPath(
  root: YamlNode | undefined,
  path: readonly PathSegment[],
): { node?: YamlNode; key?: ScalarNode } {
  let node = root;
  let key: ScalarNode | undefined;
  for (const seg of path) {
    if (!node) return {};
    if (node.kind === 'map') {
      let found: Pair | undefined;
      for (const p of node.pairs) if (p.key.text === String(seg)) found = p;
      if (!found) return { node: undefined, key: undefined };
      key = found.key;
      node = found.value;
    } else if (node.kind === 'seq' && typeof seg === 'number') {
      node = node.items[seg];
      key = undefined;
    } else return {};
  }
  return { node, key };
}

export interface OffsetHit {
  path: PathSegment[];
  /** The key under the cursor, when the cursor is on a key. */
  key?: ScalarNode;
  /** The value scalar under the cursor, when the cursor is on a scalar value. */
  value?: ScalarNode;
}

/** The deepest path whose key or scalar value contains the offset. */
export function hitAtOffset(root: YamlNode | undefined, offset: number): OffsetHit | undefined {
  const path: PathSegment[] = [];
  let node = root;
  while (node) {
    if (node.kind === 'map') {
      let next: YamlNode | undefined;
      for (const p of node.pairs) {
        if (offset >= p.key.start && offset <= p.key.end && !p.key.empty)
          return { path: [...path, p.key.text], key: p.key };
        if (offset >= p.value.start && offset <= p.value.end) {
          path.push(p.key.text);
          next = p.value;
          break;
        }
      }
      node = next;
    } else if (node.kind === 'seq') {
      const idx = node.items.findIndex((it) => offset >= it.start && offset <= it.end);
      if (idx < 0) return undefined;
      path.push(idx);
      node = node.items[idx];
    } else if (node.kind === 'scalar') {
      return { path, value: node };
    } else return undefined;
  }
  return undefined;
}

/** `tieredstore.levels[0].alias`, `properties["alluxio.x"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(document)';
}
