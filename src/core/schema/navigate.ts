import type { PathSegment } from '../yaml/document';
import type { JsonSchema } from './store';

/** The subschema for a data path (properties, additionalProperties, items; first branch of anyOf/oneOf/allOf). */
export function subschema(schema: JsonSchema | undefined, path: readonly PathSegment[]): JsonSchema | undefined {
  let s = schema;
  for (const seg of path) {
    if (!s) return undefined;
    s = flatten(s);
    if (typeof seg === 'number' || s.items) {
      if (typeof seg === 'number') {
        s = Array.isArray(s.items) ? s.items[0] : s.items;
        continue;
      }
    }
    if (s.properties && s.properties[seg]) s = s.properties[seg];
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') s = s.additionalProperties;
    else return undefined;
  }
  return s ? flatten(s) : undefined;
}

/** Merges allOf and takes the first object-like branch of anyOf/oneOf, so callers see one node. */
export function flatten(s: JsonSchema): JsonSchema {
  let out = s;
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const branches = out[k] as JsonSchema[] | undefined;
    if (!branches?.length) continue;
    const pick = k === 'allOf' ? Object.assign({}, ...branches) : (branches.find((b) => b.properties) ?? branches[0]);
    out = { ...pick, ...out, properties: { ...(pick.properties ?? {}), ...(out.properties ?? {}) } };
    delete out[k];
  }
  return out;
}

export function types(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === 'string') return [s.type];
  if (s.properties) return ['object'];
  if (s.items) return ['array'];
  return [];
}
