import type { Event, ScalarEvent } from 'js-yaml';
import { jsYaml } from './js-yaml';
import { clip, DEFAULT_LIMITS, formatSize, type YamlLimits } from './limits';
import { estimateNodes } from './estimate';
import { ownPair } from './pairs';
import { buildTree, documentSpans } from './tree';

export { ownPair };

/** Source ranges are zero-based offsets, end-exclusive. */
export interface Range {
  start: number;
  end: number;
}

export interface ScalarNode extends Range {
  kind: 'scalar';
  /** The decoded text (without quotes). */
  text: string;
  /** Set on an empty value (`key:` with nothing after it); absent otherwise (a dense file has many scalars). */
  empty?: true;
}
export interface MapNode extends Range {
  kind: 'map';
  pairs: Pair[];
  flow: boolean;
  /** The pairs by key text (the last of duplicates wins, as when loading), for mappings of more than a few pairs: look keys up with ownPair(). */
  byKey?: Map<string, Pair>;
  /** The mappings merged in with `<<:` (aliases, or lists of them), first wins. */
  merges: YamlNode[];
}
export interface SeqNode extends Range {
  kind: 'seq';
  items: YamlNode[];
  flow: boolean;
}
export interface AliasNode extends Range {
  kind: 'alias';
  /** The anchored node; undefined for an alias inside its own anchor. */
  target?: YamlNode;
}
export type YamlNode = ScalarNode | MapNode | SeqNode | AliasNode;
export interface Pair {
  key: ScalarNode;
  value: YamlNode;
  /** A merge key (`<<: *defaults`): its value is in the mapping's `merges`, not one of its own keys. */
  merge?: true;
}

export interface SyntaxProblem {
  range: Range;
  message: string;
}

/** One document of a YAML stream (between `---` lines). */
export interface YamlDocument {
  /** The whole text: offsets are into it. */
  text: string;
  root?: YamlNode;
  /** The document as JavaScript data (duplicate keys: the last wins; merge keys applied). */
  value: unknown;
  /** False when a limit was hit in it (aliases expanding past the budget, an alias inside itself): not checked further. */
  checkable: boolean;
}

export interface ParsedYaml {
  text: string;
  documents: YamlDocument[];
  /** The first document's root node and value (the whole story for single-document files). */
  root?: YamlNode;
  value: unknown;
  syntax: SyntaxProblem[];
  /** Limits hit: where, and which. */
  limits: SyntaxProblem[];
  /** Keys that appear twice in one mapping (the second occurrence). */
  duplicates: ScalarNode[];
}

/** Parses YAML into position trees (from js-yaml's parse events) plus values, within the limits. Never throws. */
export function parseYaml(text: string, limits: YamlLimits = DEFAULT_LIMITS): ParsedYaml {
  const { parseEvents } = jsYaml();
  const empty = { text, documents: [], root: undefined, value: undefined, duplicates: [] };
  if (text.length > limits.maxChars) return { ...empty, syntax: [], limits: [tooLarge(text, limits)] };
  // Refused before parsing when it certainly has too many nodes: the parser's events alone would cost ~60x the text.
  if (estimateNodes(text, limits.maxNodes) > limits.maxNodes)
    return { ...empty, syntax: [], limits: [tooManyNodes(text, undefined, limits)] };
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (err) {
    return { ...empty, syntax: [toSyntaxProblem(text, err)], limits: [] };
  }
  if (events.length > limits.maxNodes)
    return { ...empty, syntax: [], limits: [tooManyNodes(text, events.length, limits)] };
  // The values first: building the trees then lets go of each event as it is read.
  const values = documentSpans(events).map((span) => {
    if (span.complexKeys) return { value: undefined };
    try {
      const whole = span.first === 0 && span.last === events.length - 1;
      return { value: construct(text, whole ? events : events.slice(span.first, span.last + 1)) };
    } catch (err) {
      return { value: undefined, error: toSyntaxProblem(text, err) };
    }
  });
  const tree = buildTree(text, events, limits, scalarText);
  const syntax = [...tree.syntax];
  const documents: YamlDocument[] = tree.documents.map((d, i) => {
    const { value, error } = values[i] ?? {};
    if (error) syntax.push(error);
    return { text, root: d.root, value, checkable: d.checkable && !d.complexKeys };
  });
  return {
    text,
    documents,
    root: documents[0]?.root,
    value: documents[0]?.value,
    syntax,
    limits: tree.limits,
    duplicates: tree.duplicates,
  };
}

function construct(text: string, events: Event[]): unknown {
  const { constructFromEvents, CORE_SCHEMA, mergeTag } = jsYaml();
  return constructFromEvents(events, { source: text, json: true, schema: CORE_SCHEMA.withTags(mergeTag) })[0];
}

function scalarText(text: string, ev: ScalarEvent): string {
  return jsYaml().getScalarValue(text, ev);
}

function firstLine(text: string): Range {
  const m = /\r|\n/.exec(text.slice(0, 4096));
  return { start: 0, end: m ? m.index : Math.min(text.length, 4096) };
}

function tooManyNodes(text: string, count: number | undefined, limits: YamlLimits): SyntaxProblem {
  const max = limits.maxNodes.toLocaleString('en');
  const has =
    count === undefined
      ? `more than the ${max} YAML nodes`
      : `${count.toLocaleString('en')} YAML nodes, more than the ${max}`;
  return { range: firstLine(text), message: `This file has ${has} Alluxio DL checks; it is not checked.` };
}

function tooLarge(text: string, limits: YamlLimits): SyntaxProblem {
  return {
    range: firstLine(text),
    message: `This file is ${formatSize(text.length)}, larger than the ${formatSize(limits.maxChars)} Alluxio DL checks; it is not checked. Values and job files are far smaller: is it the right file?`,
  };
}

function toSyntaxProblem(text: string, err: unknown): SyntaxProblem {
  const e = err as { reason?: string; message?: string; mark?: { position: number } };
  const pos = e.mark?.position ?? 0;
  const start = Math.min(pos, text.length);
  // Cover the rest of the token: up to the next whitespace, at least one character when possible.
  let end = start;
  while (end < text.length && end - start < 200 && !/\s/.test(text[end])) end++;
  if (end === start && start < text.length) end = start + 1;
  const reason = e.reason ?? e.message ?? String(err);
  return { range: { start, end }, message: `YAML syntax error: ${clip(reason, 200)}` };
}

export type PathSegment = string | number;

/** The node an alias stands for (the node itself when it is not an alias). */
export function resolveAlias(node: YamlNode | undefined): YamlNode | undefined {
  let n = node;
  for (let i = 0; n?.kind === 'alias' && i < 100; i++) n = n.target;
  return n?.kind === 'alias' ? undefined : n;
}

/** The pair of a mapping for a key: its own pairs first, then the mappings merged in with `<<:`. */
export function pairOf(map: MapNode, key: string, depth = 0): Pair | undefined {
  const own = ownPair(map, key);
  if (own) return own;
  if (depth > 32) return undefined;
  for (const source of map.merges) {
    const m = resolveAlias(source);
    const found = m?.kind === 'map' ? pairOf(m, key, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** One step down a path: a mapping's value by key, a list's item by index; aliases are followed. */
export function childOf(node: YamlNode | undefined, seg: PathSegment): { node?: YamlNode; key?: ScalarNode } {
  const n = resolveAlias(node);
  if (n?.kind === 'map') {
    const p = pairOf(n, String(seg));
    return p ? { node: p.value, key: p.key } : {};
  }
  if (n?.kind === 'seq') {
    const i = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
    return i >= 0 && i < n.items.length ? { node: n.items[i] } : {};
  }
  return {};
}

/**
 * The node at a data path, with the pair's key when the last step is a mapping key. Aliases on the
 * way are followed into their anchors; the last node is returned as written (an alias stays one).
 */
export function nodeAtPath(
  root: YamlNode | undefined,
  path: readonly PathSegment[],
): { node?: YamlNode; key?: ScalarNode } {
  let node = root;
  let key: ScalarNode | undefined;
  for (const seg of path) {
    if (!node) return {};
    const next = childOf(node, seg);
    if (!next.node) return {};
    node = next.node;
    key = next.key;
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

/** The document whose text holds the offset (the last one starting before it). */
export function documentAt(parsed: ParsedYaml, offset: number): YamlDocument | undefined {
  let found: YamlDocument | undefined;
  for (const d of parsed.documents) if (!d.root || d.root.start <= offset) found = d;
  return found ?? parsed.documents[0];
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

/** `tieredstore.levels[0].alias`, `properties["alluxio.x"]`; long keys are cut. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg) && seg.length <= 80) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(clip(seg, 80))}]`;
  }
  return out || '(document)';
}
