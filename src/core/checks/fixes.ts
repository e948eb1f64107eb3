import type { ScalarNode, YamlNode } from '../yaml/document';
import { eolOf, startOfLine } from '../yaml/lines';
import type { Fix } from './types';

function columnOf(text: string, offset: number): number {
  return offset - startOfLine(text, offset);
}

/** The offset just after the `:` that follows a key. */
function afterColon(text: string, key: ScalarNode): number {
  const colon = text.indexOf(':', key.end);
  return colon < 0 ? key.end : colon + 1;
}

function quote(s: string): string {
  return /^[\w./=:,+-]+$/.test(s) && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) ? s : JSON.stringify(s);
}

/** Rewrites jvmOptions between the 0.5.x string form and the 0.5.9+ list form. */
export function jvmOptionsFix(
  text: string,
  key: ScalarNode,
  value: YamlNode,
  want: 'list' | 'string',
): Fix | undefined {
  // From just after the colon; an empty value (or a colon found past it) starts at the value itself.
  const start = Math.min(afterColon(text, key), value.start);
  if (start > value.end) return undefined;
  if (want === 'list' && value.kind === 'scalar') {
    const opts = value.text.split(/\s+/).filter(Boolean);
    const indent = ' '.repeat(columnOf(text, key.start) + 2);
    const eol = eolOf(text);
    const newText = opts.length ? opts.map((o) => `${eol}${indent}- ${JSON.stringify(o)}`).join('') : ' []';
    return {
      title: 'Convert jvmOptions to a list (chart 0.5.9 and later)',
      edits: [{ start, end: value.end, newText }],
      preferred: true,
    };
  }
  if (want === 'string' && value.kind === 'seq') {
    const opts = value.items.map((i) => (i.kind === 'scalar' ? i.text : '')).filter(Boolean);
    return {
      title: 'Convert jvmOptions to one string (chart 0.5.x)',
      edits: [{ start, end: value.end, newText: ` ${JSON.stringify(` ${opts.join(' ')} `)}` }],
      preferred: true,
    };
  }
  return undefined;
}

export { quote as yamlQuote };
