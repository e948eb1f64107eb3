import { documentAt, hitAtOffset, parseYaml, type ParsedYaml } from '../yaml/document';
import { describe, describeProperty } from './complete';
import { isPropertyMapPath, propertyVersion, type SchemaId } from './names';
import { subschema } from './navigate';
import type { SchemaStore } from './store';

export interface HoverInfo {
  markdown: string;
  start: number;
  end: number;
}

/** Description, type and default of the key (or value) under the offset. */
export function hover(
  textOrParsed: string | ParsedYaml,
  offset: number,
  id: SchemaId,
  store: SchemaStore,
): HoverInfo | undefined {
  const parsed = typeof textOrParsed === 'string' ? parseYaml(textOrParsed) : textOrParsed;
  const hit = hitAtOffset(documentAt(parsed, offset)?.root, offset);
  if (!hit) return undefined;
  const range = hit.key ?? hit.value!;
  const path = hit.key ? hit.path : hit.path;
  const version = propertyVersion(id);
  const key = path[path.length - 1];
  if (version && typeof key === 'string' && isPropertyMapPath(id, path.slice(0, -1))) {
    const info = store.properties(version)[key];
    if (info) return { markdown: describeProperty(key, info, version), start: range.start, end: range.end };
    return undefined;
  }
  const s = subschema(store.schema(id), path);
  if (!s) return undefined;
  const md = describe(s);
  return md ? { markdown: md, start: range.start, end: range.end } : undefined;
}
