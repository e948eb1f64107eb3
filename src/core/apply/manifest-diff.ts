/**
 * What an upgrade changes: the rendered manifests of the new revision against `helm get manifest` of the
 * deployed one, object by object (kind/namespace/name) and, for changed objects, field by field.
 */
import { jsYaml } from '../yaml/js-yaml';

export interface ManifestObject {
  key: string; // Kind namespace/name
  object: Record<string, any>;
}

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface ManifestDiff {
  added: string[];
  removed: string[];
  changed: { key: string; fields: FieldChange[] }[];
  unchanged: number;
}

/** Parses a multi-document manifest (YAML 1.1 like Helm); empty documents are skipped. */
export function parseManifest(text: string, defaultNamespace = ''): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of jsYaml().loadAll(text, { schema: jsYaml().YAML11_SCHEMA })) {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) continue;
    const o = doc as Record<string, any>;
    const ns = o.metadata?.namespace ?? defaultNamespace;
    out.push({ key: `${o.kind ?? '?'} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '?'}`, object: o });
  }
  return out;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, []);
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix, {});
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
}

export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const changes: FieldChange[] = [];
  for (const [p, v] of a) {
    if (!b.has(p)) changes.push({ path: p, before: v, after: undefined });
    else if (JSON.stringify(b.get(p)) !== JSON.stringify(v)) changes.push({ path: p, before: v, after: b.get(p) });
  }
  for (const [p, v] of b) if (!a.has(p)) changes.push({ path: p, before: undefined, after: v });
  return changes;
}

export function diffManifests(deployed: string, next: string, namespace = ''): ManifestDiff {
  const before = new Map(parseManifest(deployed, namespace).map((m) => [m.key, m.object]));
  const after = new Map(parseManifest(next, namespace).map((m) => [m.key, m.object]));
  const diff: ManifestDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [key, o] of after) {
    const old = before.get(key);
    if (!old) diff.added.push(key);
    else {
      const fields = fieldChanges(old, o);
      if (fields.length) diff.changed.push({ key, fields });
      else diff.unchanged++;
    }
  }
  for (const key of before.keys()) if (!after.has(key)) diff.removed.push(key);
  return diff;
}

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** Old → new; two long strings are cut to the part that differs (a quota inside a JVM options line). */
export function showChange(before: unknown, after: unknown): string {
  if (typeof before !== 'string' || typeof after !== 'string' || (before.length <= 60 && after.length <= 60))
    return `${show(before)} → ${show(after)}`;
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let q = 0;
  while (q < before.length - p && q < after.length - p && before[before.length - 1 - q] === after[after.length - 1 - q])
    q++;
  const from = Math.max(0, p - 30);
  const cut = (s: string) =>
    `${from > 0 ? '…' : ''}${s.slice(from, Math.min(s.length, s.length - q + 12))}${s.length - q + 12 < s.length ? '…' : ''}`;
  return `${JSON.stringify(cut(before))} → ${JSON.stringify(cut(after))}`;
}

/** The diff as text for the preview: + added, - removed, ~ changed with each field's old → new value. */
export function formatDiff(d: ManifestDiff): string {
  const lines: string[] = [];
  if (!d.added.length && !d.removed.length && !d.changed.length)
    return `# No change: the ${d.unchanged} rendered objects are the same as the deployed revision's.\n`;
  lines.push(
    `# ${d.changed.length} changed, ${d.added.length} added, ${d.removed.length} removed, ${d.unchanged} unchanged`,
  );
  for (const c of d.changed) {
    lines.push(`~ ${c.key}`);
    for (const f of c.fields) lines.push(`    ${f.path}: ${showChange(f.before, f.after)}`);
  }
  for (const k of d.added) lines.push(`+ ${k}`);
  for (const k of d.removed) lines.push(`- ${k}`);
  return lines.join('\n') + '\n';
}

/** A manifest with its documents sorted by key, for a side-by-side diff editor. */
export function normaliseManifest(text: string, namespace = ''): string {
  return parseManifest(text, namespace)
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((m) => `# ${m.key}\n${jsYaml().dump(m.object, { noRefs: true, lineWidth: 120, sortKeys: true })}`)
    .join('---\n');
}
