// A cheap count of a YAML text's nodes, read before parsing: js-yaml's parser holds an event object
// (about 120 bytes) per node, so a dense file of a few megabytes would cost tens of megabytes before
// the exact count could refuse it. This one allocates nothing and stops as soon as it passes the limit.

const LF = 10;
const CR = 13;
const SP = 32;
const TAB = 9;
const DQ = 34;
const SQ = 39;
const HASH = 35;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const QMARK = 63;
const PIPE = 124;
const GT = 62;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

const isBlank = (c: number) => c === SP || c === TAB || c === LF || c === CR || Number.isNaN(c);

/**
 * Nodes the text certainly holds, counted up to `stopAt + 1`: a pair's key and value (`key: `), a
 * block list's entry (`- `), a flow collection's entries (`,`) and nested collections. Quoted text,
 * comments, block scalars (`|`, `>`) and the lines a plain value continues on are skipped, so text
 * that only looks like YAML inside them is never counted: the result is at most the parser's count.
 */
export function estimateNodes(text: string, stopAt: number): number {
  const n = text.length;
  let nodes = 0;
  let flow = 0;
  let indent = 0;
  let lineStart = 0;
  let i = 0;
  let atLineStart = true;
  /** The previous character ends a token: a quote, comment or indicator may start here. */
  let tokenStart = true;
  /** Column of the last token started (a key, once its `:` is seen). */
  let tokenCol = 0;
  /** Column of what owns the current value: the `-` of a list entry, or the key of a pair. */
  let ownerCol = 0;
  /** A plain value may go on over the next lines indented past `plainCol` (so `- x` there is text). */
  let plainOpen = false;
  let plainCol = 0;
  while (i < n && nodes <= stopAt) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      i++;
      atLineStart = tokenStart = true;
      continue;
    }
    if (atLineStart) {
      lineStart = i;
      while (i < n && text.charCodeAt(i) === SP) i++;
      indent = i - lineStart;
      atLineStart = false;
      const first = text.charCodeAt(i);
      if (i >= n || first === LF || first === CR || flow > 0) continue;
      if (plainOpen && indent > plainCol) {
        while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
        continue;
      }
      plainOpen = false;
      continue;
    }
    if (tokenStart && (c === DQ || c === SQ)) {
      tokenCol = i - lineStart;
      i = afterQuoted(text, i, c);
      tokenStart = false;
      continue;
    }
    if (tokenStart && c === HASH) {
      while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      continue;
    }
    if (flow > 0) {
      if (c === COMMA) nodes++;
      else if (c === LBRACKET || c === LBRACE) {
        flow++;
        nodes++;
      } else if (c === RBRACKET || c === RBRACE) flow--;
      tokenStart = c === COMMA || c === LBRACKET || c === LBRACE || c === SP || c === TAB || c === COLON;
      i++;
      continue;
    }
    if (tokenStart && (c === LBRACKET || c === LBRACE)) {
      // The collection itself is the pair's value or the entry already counted.
      flow = 1;
      i++;
      continue;
    }
    if (tokenStart && (c === DASH || c === QMARK) && isBlank(text.charCodeAt(i + 1))) {
      if (c === DASH) nodes++;
      ownerCol = i - lineStart;
      i++;
      continue;
    }
    if (c === COLON && isBlank(text.charCodeAt(i + 1))) {
      nodes += 2;
      ownerCol = tokenCol;
      plainOpen = false;
      i++;
      tokenStart = true;
      continue;
    }
    if (tokenStart && (c === PIPE || c === GT)) {
      i = afterBlockScalar(text, i, indent);
      atLineStart = tokenStart = true;
      continue;
    }
    if (tokenStart && c !== SP && c !== TAB) {
      // A plain scalar (or an anchor, tag or alias) starts: a key if a `:` follows, else a value.
      tokenCol = i - lineStart;
      plainOpen = true;
      plainCol = ownerCol;
    }
    tokenStart = c === SP || c === TAB;
    i++;
  }
  return nodes;
}

/** Past the closing quote (`''` is a quote in single-quoted text, `\"` in double-quoted), or the end. */
function afterQuoted(text: string, open: number, quote: number): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (quote === DQ && c === 92) i += 2;
    else if (c === quote) {
      if (quote === SQ && text.charCodeAt(i + 1) === SQ) i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

/** The start of the first line after a block scalar's header that is neither blank nor indented past `indent`. */
function afterBlockScalar(text: string, at: number, indent: number): number {
  let i = text.indexOf('\n', at);
  while (i >= 0) {
    const start = i + 1;
    let j = start;
    while (j < text.length && text.charCodeAt(j) === SP) j++;
    const c = text.charCodeAt(j);
    if (j < text.length && c !== LF && c !== CR && j - start <= indent) return start;
    i = text.indexOf('\n', j);
  }
  return text.length;
}
