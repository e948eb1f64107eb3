// Builds position trees from js-yaml's parse events, counting what each document costs once its
// aliases are expanded, so a "billion laughs" file is stopped here and never walked.
import type { Event, ScalarEvent } from 'js-yaml';
import type { MapNode, Pair, ScalarNode, SeqNode, SyntaxProblem, YamlNode } from './document';
import { clip, type YamlLimits } from './limits';
import { duplicateKeys, NO_MERGES } from './pairs';

const EVENT_ID = { DOCUMENT: 1, SEQUENCE: 2, MAPPING: 3, SCALAR: 4, ALIAS: 5, POP: 6 } as const;
const SCALAR_STYLE = { PLAIN: 1, SINGLE_QUOTED: 2, DOUBLE_QUOTED: 3 } as const;
const FLOW = 2;

export interface BuiltDocument {
  root?: YamlNode;
  /** The document's events, DOCUMENT to its POP. */
  firstEvent: number;
  lastEvent: number;
  checkable: boolean;
  /** A mapping key that is itself a list or mapping: the document has no JSON value. */
  complexKeys: boolean;
}

export interface BuiltTree {
  documents: BuiltDocument[];
  syntax: SyntaxProblem[];
  limits: SyntaxProblem[];
  duplicates: ScalarNode[];
}

interface Built {
  node: YamlNode;
  /** Nodes once aliases are expanded (capped just past the budget). */
  size: number;
}

const fmt = (n: number) => n.toLocaleString('en');

/**
 * A short list copied to its exact length: a list grown by push() reserves 16 slots or more, which
 * for the many one- or two-entry mappings of a nested file is most of their memory.
 */
function exact<T>(list: T[]): T[] {
  return list.length <= 16 ? list.slice() : list;
}

export interface DocumentSpan {
  /** The DOCUMENT event and its POP. */
  first: number;
  last: number;
  /** A mapping key that is a list, mapping or alias: no JSON value (and no value built, which could expand the alias). */
  complexKeys: boolean;
}

/** Where each document's events are, read without building anything (one small stack as deep as the nesting). */
export function documentSpans(events: readonly Event[]): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  /** Per open collection: -1 for a list, else the number of children read so far in a mapping. */
  const stack: number[] = [];
  let span: DocumentSpan | undefined;
  for (let i = 0; i < events.length; i++) {
    const type = events[i].type;
    if (type === EVENT_ID.DOCUMENT) {
      span = { first: i, last: events.length - 1, complexKeys: false };
      spans.push(span);
      stack.length = 0;
      continue;
    }
    if (type === EVENT_ID.POP) {
      if (stack.length === 0 && span) span.last = i;
      stack.pop();
      continue;
    }
    const top = stack.length - 1;
    if (top >= 0 && stack[top] >= 0) {
      if (stack[top] % 2 === 0 && type !== EVENT_ID.SCALAR && span) span.complexKeys = true;
      stack[top]++;
    }
    if (type === EVENT_ID.MAPPING) stack.push(0);
    else if (type === EVENT_ID.SEQUENCE) stack.push(-1);
  }
  return spans;
}

export function buildTree(
  text: string,
  events: Event[],
  limits: YamlLimits,
  scalarText: (text: string, ev: ScalarEvent) => string,
): BuiltTree {
  return new TreeBuilder(text, events, limits, scalarText).build();
}

class TreeBuilder {
  private i = 0;
  private readonly out: BuiltTree = { documents: [], syntax: [], limits: [], duplicates: [] };
  /** Per document: anchor name → its node and expanded size; undefined while the anchored node is being built. */
  private anchors = new Map<string, Built | undefined>();
  private expanded = 0;
  private overBudget = false;
  private recursive = false;
  private complexKeys = false;

  constructor(
    private readonly text: string,
    /** Emptied as it is read. */
    private readonly events: Event[],
    private readonly limits: YamlLimits,
    private readonly scalarText: (text: string, ev: ScalarEvent) => string,
  ) {}

  build(): BuiltTree {
    const evs = this.events;
    while (this.i < evs.length) {
      if (evs[this.i].type !== EVENT_ID.DOCUMENT) {
        this.i++;
        continue;
      }
      const firstEvent = this.i++;
      this.anchors = new Map();
      this.expanded = 0;
      this.overBudget = this.recursive = this.complexKeys = false;
      const root = this.i < evs.length && evs[this.i].type !== EVENT_ID.POP ? this.node(0).node : undefined;
      while (this.i < evs.length && evs[this.i].type !== EVENT_ID.POP) this.i++;
      const lastEvent = Math.min(this.i, evs.length - 1);
      this.i++;
      this.out.documents.push({
        root,
        firstEvent,
        lastEvent,
        checkable: !this.overBudget && !this.recursive,
        complexKeys: this.complexKeys,
      });
    }
    // found mapping by mapping as each closed: in the order they are written
    this.out.duplicates.sort((a, b) => a.start - b.start);
    return this.out;
  }

  /** Counts nodes as a chart would see them; the first place past the budget is reported. */
  private count(n: number, at: YamlNode): void {
    if (this.overBudget) return;
    this.expanded += n;
    if (this.expanded <= this.limits.maxExpandedNodes) return;
    this.overBudget = true;
    const budget = fmt(this.limits.maxExpandedNodes);
    this.out.limits.push({
      range: { start: at.start, end: at.end },
      message:
        at.kind === 'alias'
          ? `This document's aliases expand to more than ${budget} nodes (this one alone stands for ${n >= this.limits.maxExpandedNodes ? `over ${budget}` : fmt(n)}): a "billion laughs" file. It is not checked; Helm and the API server refuse it too.`
          : `This document has more than ${budget} nodes: it is not checked.`,
    });
  }

  private node(fallback: number): Built {
    const ev = this.events[this.i];
    // Let go of the event: the values are built already, and the tree takes its place in memory.
    (this.events as Array<Event | undefined>)[this.i++] = undefined;
    const anchor = 'anchorStart' in ev && ev.anchorStart >= 0 ? this.text.slice(ev.anchorStart, ev.anchorEnd) : '';
    if (anchor && ev.type !== EVENT_ID.ALIAS) this.anchors.set(anchor, undefined);
    let built: Built;
    switch (ev.type) {
      case EVENT_ID.SCALAR:
        built = { node: this.scalar(ev, fallback), size: 1 };
        this.count(1, built.node);
        break;
      case EVENT_ID.ALIAS:
        built = this.alias(ev.anchorStart, ev.anchorEnd);
        break;
      case EVENT_ID.MAPPING:
        built = this.mapping(ev.start, ev.style === FLOW);
        break;
      case EVENT_ID.SEQUENCE:
        built = this.sequence(ev.start, ev.style === FLOW);
        break;
      default:
        throw new Error(`unexpected YAML event ${ev.type}`);
    }
    if (anchor && ev.type !== EVENT_ID.ALIAS) this.anchors.set(anchor, built);
    return built;
  }

  private alias(anchorStart: number, anchorEnd: number): Built {
    const name = this.text.slice(anchorStart, anchorEnd);
    const node: YamlNode = { kind: 'alias', start: anchorStart - 1, end: anchorEnd };
    const target = this.anchors.get(name);
    if (!target) {
      if (this.anchors.has(name) && !this.recursive) {
        this.recursive = true;
        this.out.limits.push({
          range: { start: node.start, end: node.end },
          message: `The alias *${clip(name, 40)} refers to itself (it is inside &${clip(name, 40)}): its value would be infinite. The document is not checked.`,
        });
      }
      this.count(1, node);
      return { node, size: 1 };
    }
    node.target = target.node;
    this.count(target.size, node);
    return { node, size: target.size };
  }

  private mapping(start: number, flow: boolean): Built {
    const node: MapNode = { kind: 'map', start, end: start, pairs: [], flow, byKey: undefined, merges: NO_MERGES };
    let size = 1;
    this.count(1, node);
    while (this.i < this.events.length && this.events[this.i].type !== EVENT_ID.POP) {
      const keyEvent = this.events[this.i];
      const plainKey = keyEvent.type === EVENT_ID.SCALAR && keyEvent.style === SCALAR_STYLE.PLAIN;
      const k = this.node(node.end);
      const key = k.node.kind === 'scalar' ? k.node : this.complexKey(k.node);
      const v = this.node(key.end);
      size = Math.min(size + k.size + v.size, this.limits.maxExpandedNodes + 1);
      const pair: Pair = { key, value: v.node };
      if (plainKey && key.text === '<<') {
        pair.merge = true;
        if (node.merges === NO_MERGES) node.merges = [];
        node.merges.push(...(v.node.kind === 'seq' ? v.node.items : [v.node]));
      } else {
        if (key.text.length > this.limits.maxKeyLength)
          this.out.limits.push({
            range: { start: key.start, end: key.end },
            message: `A key of ${fmt(key.text.length)} characters, longer than the ${fmt(this.limits.maxKeyLength)} Alluxio DL checks: no chart value or resource field has such a key.`,
          });
      }
      node.pairs.push(pair);
      node.end = Math.max(node.end, v.node.end, key.end);
    }
    this.i++;
    node.pairs = exact(node.pairs);
    for (const key of duplicateKeys(node.pairs)) this.out.duplicates.push(key);
    if (flow) node.end = this.closing(node.end, '}');
    return { node, size };
  }

  private sequence(start: number, flow: boolean): Built {
    const node: SeqNode = { kind: 'seq', start, end: start, items: [], flow };
    let size = 1;
    this.count(1, node);
    while (this.i < this.events.length && this.events[this.i].type !== EVENT_ID.POP) {
      const item = this.node(node.end);
      node.items.push(item.node);
      size = Math.min(size + item.size, this.limits.maxExpandedNodes + 1);
      node.end = Math.max(node.end, item.node.end);
    }
    this.i++;
    node.items = exact(node.items);
    if (flow) node.end = this.closing(node.end, ']');
    return { node, size };
  }

  /** A list or mapping used as a key (`? [a, b]`): reported at the key, which Helm and kubectl cannot read. */
  private complexKey(k: YamlNode): ScalarNode {
    this.complexKeys = true;
    this.out.syntax.push({
      range: { start: k.start, end: k.end },
      message:
        'A list or mapping used as a key: Helm and the API server read only text keys. Write the key as text (quoted if needed).',
    });
    return { kind: 'scalar', start: k.start, end: k.end, text: '', empty: true };
  }

  private closing(from: number, ch: string): number {
    const at = this.text.indexOf(ch, from);
    return at < 0 ? from : at + 1;
  }

  private scalar(ev: ScalarEvent, fallback: number): ScalarNode {
    if (ev.valueStart < 0) {
      const at = ev.tagEnd > 0 ? ev.tagEnd : ev.anchorEnd > 0 ? ev.anchorEnd : fallback;
      return { kind: 'scalar', start: at, end: at, text: '', empty: true };
    }
    const quoted = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const start = quoted ? ev.valueStart - 1 : ev.valueStart;
    const end = quoted ? ev.valueEnd + 1 : ev.valueEnd;
    return { kind: 'scalar', start, end, text: this.scalarText(this.text, ev) };
  }
}
