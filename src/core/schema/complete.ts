import { cursorContext, type CursorContext } from '../yaml/context';
import { DEFAULT_LIMITS } from '../yaml/limits';
import { isPropertyMapPath, propertyVersion, SCHEMA_IDS, type SchemaId } from './names';
import { subschema, types } from './navigate';
import type { JsonSchema, PropertyInfo, SchemaStore } from './store';

export type CompletionKind = 'property' | 'section' | 'value' | 'alluxioProperty';

export interface Completion {
  label: string;
  kind: CompletionKind;
  /** Snippet syntax ($1, ${1:x}, ${1|a,b|}); lines after the first are indented relative to the key's column. */
  insertText: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  sortText?: string;
  /** The range the completion replaces. */
  start: number;
  end: number;
}

const esc = (s: string) => s.replace(/[$}\\]/g, '\\$&');
const choiceEsc = (s: string) => s.replace(/[$}\\,|]/g, '\\$&');

function scalarText(v: unknown): string {
  if (typeof v === 'string')
    return /^[\w./@:-]*$/.test(v) && v !== '' && !/^(true|false|null|~|[\d.]+)$/i.test(v) ? v : JSON.stringify(v);
  return String(v);
}

function valueSnippet(s: JsonSchema): string {
  const enums: unknown[] | undefined = s.enum ?? (s.const !== undefined ? [s.const] : undefined);
  if (enums?.length) return ` \${1|${enums.map((e) => choiceEsc(String(e))).join(',')}|}`;
  const t = types(s);
  if (t[0] === 'object') return '\n  $0';
  if (t[0] === 'array') return '\n  - $0';
  if (t[0] === 'boolean') return ` \${1|${s.default === true ? 'true,false' : 'false,true'}|}`;
  if (s.default !== undefined && (typeof s.default !== 'object' || s.default === null))
    return ` \${1:${esc(scalarText(s.default))}}`;
  if (s.examples?.length && typeof s.examples[0] !== 'object') return ` \${1:${esc(scalarText(s.examples[0]))}}`;
  return ' $0';
}

export function describe(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.title) parts.push(`**${s.title}**`);
  if (s.description) parts.push(s.description);
  const t = types(s).filter((x) => x !== 'null');
  const facts: string[] = [];
  if (t.length) facts.push(`Type: ${t.join(' | ')}`);
  if (s.enum) facts.push(`Values: ${s.enum.map((e: unknown) => `\`${String(e)}\``).join(', ')}`);
  if (s.default !== undefined && !(typeof s.default === 'object' && s.default && !Object.keys(s.default).length))
    facts.push(`Default: \`${typeof s.default === 'object' ? JSON.stringify(s.default) : String(s.default)}\``);
  if (s.examples?.length)
    facts.push(
      `Example: \`${typeof s.examples[0] === 'object' ? JSON.stringify(s.examples[0]) : String(s.examples[0])}\``,
    );
  if (facts.length) parts.push(facts.join('  \n'));
  return parts.join('\n\n');
}

export function describeProperty(key: string, info: PropertyInfo, version: string): string {
  return [
    `**${key}**`,
    info.description,
    `Default: \`${info.default === '' ? '(empty)' : info.default}\`${info.values ? `  \nValues: ${info.values.map((v) => `\`${v}\``).join(', ')}` : ''}`,
    `_Alluxio ${version} property_`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function isPropertiesMap(id: SchemaId, path: CursorContext['path']): boolean {
  return isPropertyMapPath(id, path);
}

/** Completion items for a document at an offset, for the given schema. */
export function complete(text: string, offset: number, id: SchemaId, store: SchemaStore): Completion[] {
  // A file over the size limit is not analysed; nor is it read again on every keystroke.
  if (text.length > DEFAULT_LIMITS.maxChars) return [];
  const ctx = cursorContext(text, offset);
  const schema = store.schema(id);
  const version = propertyVersion(id);
  const base = { start: ctx.start, end: ctx.end };
  if (ctx.position === 'key') {
    if (version && isPropertiesMap(id, ctx.path)) return propertyKeys(store.properties(version), version, ctx);
    const s = subschema(schema, ctx.path);
    if (!s?.properties) return [];
    const out: Completion[] = [];
    for (const [name, child] of Object.entries(s.properties as Record<string, JsonSchema>)) {
      if (ctx.siblings.includes(name)) continue;
      const section = typeof child['x-snippet'] === 'string';
      out.push({
        ...base,
        label: name,
        kind: section ? 'section' : 'property',
        insertText: section ? child['x-snippet'] : `${name}:${valueSnippet(child)}`,
        detail:
          child.title ??
          types(child)
            .filter((t) => t !== 'null')
            .join(' | '),
        documentation: describe(child),
        sortText: `${section ? '0' : '1'}${name}`,
      });
    }
    return out;
  }
  // Value position.
  const key = ctx.path[ctx.path.length - 1];
  if (version && typeof key === 'string' && isPropertiesMap(id, ctx.path.slice(0, -1))) {
    const info = store.properties(version)[key];
    if (!info) return [];
    const values = info.values ?? (info.default !== '' ? [info.default] : []);
    return values.map((v, i) => ({
      ...base,
      label: v,
      kind: 'value' as const,
      insertText: esc(v),
      detail: v === info.default ? 'default' : undefined,
      sortText: String(i).padStart(3, '0'),
    }));
  }
  const s = subschema(schema, ctx.path);
  if (!s) return [];
  const values: unknown[] = [];
  if (s.enum) values.push(...s.enum);
  else if (s.const !== undefined) values.push(s.const);
  else if (types(s).includes('boolean')) values.push(true, false);
  else {
    if (s.default !== undefined && typeof s.default !== 'object') values.push(s.default);
    for (const e of s.examples ?? []) if (typeof e !== 'object' && !values.includes(e)) values.push(e);
  }
  return values.map((v, i) => ({
    ...base,
    label: String(v),
    kind: 'value' as const,
    insertText: esc(scalarText(v)),
    detail: v === s.default ? 'default' : undefined,
    sortText: String(i).padStart(3, '0'),
  }));
}

function propertyKeys(table: Record<string, PropertyInfo>, version: string, ctx: CursorContext): Completion[] {
  const out: Completion[] = [];
  const lower = ctx.prefix.toLowerCase();
  for (const [key, info] of Object.entries(table)) {
    if (ctx.siblings.includes(key)) continue;
    if (lower && !key.toLowerCase().includes(lower.replace(/^alluxio\.?/, ''))) continue;
    const value = info.values
      ? `\${1|${info.values.map(choiceEsc).join(',')}|}`
      : `\${1:${esc(scalarText(info.default))}}`;
    out.push({
      label: key,
      kind: 'alluxioProperty',
      insertText: `${key}: ${value}`,
      detail: info.default === '' ? undefined : `default ${info.default}`,
      documentation: describeProperty(key, info, version),
      start: ctx.start,
      end: ctx.end,
    });
  }
  return out;
}

export { SCHEMA_IDS };
