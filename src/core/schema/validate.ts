import type { ErrorObject } from 'ajv';
import {
  formatPath,
  nodeAtPath,
  type ParsedYaml,
  type PathSegment,
  type ScalarNode,
  type YamlNode,
} from '../yaml/document';
import { nearest } from '../checks/nearest';
import type { Fix, Problem, Severity } from '../checks/types';
import { jvmOptionsFix } from '../checks/fixes';
import type { SchemaId } from './names';
import type { SchemaStore } from './store';

function pointerToPath(pointer: string, root: YamlNode | undefined): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node?.kind === 'seq') {
      const i = Number(seg);
      out.push(i);
      node = node.items[i];
    } else {
      out.push(seg);
      node = node?.kind === 'map' ? node.pairs.find((p) => p.key.text === seg)?.value : undefined;
    }
  }
  return out;
}

function typeWords(t: unknown): string {
  const names: Record<string, string> = {
    string: 'a string',
    array: 'a list',
    object: 'a mapping',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    null: 'empty',
  };
  const list = (Array.isArray(t) ? t : [t]).filter((x) => x !== 'null').map((x) => names[String(x)] ?? String(x));
  return list.length > 1
    ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`
    : (list[0] ?? 'something else');
}

/** The range a problem at `path` is shown on: the value, or the key when the value is empty. */
function rangeOf(
  parsed: ParsedYaml,
  path: PathSegment[],
): { start: number; end: number; node?: YamlNode; key?: ScalarNode } {
  const { node, key } = nodeAtPath(parsed.root, path);
  if (node && !(node.kind === 'scalar' && node.empty)) {
    if (node.kind === 'map' || node.kind === 'seq') {
      // A whole block: underline its first line only, or the key when there is one.
      if (key) return { start: key.start, end: key.end, node, key };
      const nl = parsed.text.indexOf('\n', node.start);
      return { start: node.start, end: nl < 0 || nl > node.end ? node.end : nl, node, key };
    }
    return { start: node.start, end: node.end, node, key };
  }
  if (key) return { start: key.start, end: key.end, node, key };
  return { start: 0, end: 0 };
}

export interface ValidateOptions {
  /** Severity of keys the schema doesn't know: Helm ignores them (warning), the API server rejects them (error). */
  unknownKeySeverity: Severity;
}

/** Validates the parsed document against a schema; one problem per place, in words a user understands. */
export function validateAgainstSchema(
  parsed: ParsedYaml,
  id: SchemaId,
  store: SchemaStore,
  options: ValidateOptions,
): Problem[] {
  if (parsed.value === undefined || parsed.value === null) return [];
  const validate = store.validator(id);
  if (validate(parsed.value)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    const p = translate(err, parsed, id, options);
    if (!p) continue;
    const k = `${p.start}:${p.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    problems.push(p);
  }
  return problems;
}

function translate(err: ErrorObject, parsed: ParsedYaml, id: SchemaId, options: ValidateOptions): Problem | undefined {
  const path = pointerToPath(err.instancePath, parsed.root);
  const where = formatPath(path);
  const schema = (err.parentSchema ?? {}) as Record<string, any>;
  const custom: string | undefined = schema['x-errorMessage'];
  switch (err.keyword) {
    case 'additionalProperties': {
      const name = String((err.params as { additionalProperty: string }).additionalProperty);
      const childPath = [...path, name];
      const { key } = nodeAtPath(parsed.root, childPath);
      if (!key) return undefined;
      const special = schema['x-unknownKeys']?.[name] as { message: string; rename?: string } | undefined;
      const known = Object.keys(schema.properties ?? {});
      const fixes: Fix[] = [];
      if (special) {
        if (special.rename)
          fixes.push({
            title: `Rename "${name}" to "${special.rename}"`,
            edits: [{ start: key.start, end: key.end, newText: special.rename }],
            preferred: true,
          });
        return {
          start: key.start,
          end: key.end,
          severity: 'error',
          code: 'unknown-key',
          message: `${formatPath(childPath)} ${special.message}.`,
          fixes,
        };
      }
      const guess = nearest(name, known);
      if (guess)
        fixes.push({
          title: `Change "${name}" to "${guess}"`,
          edits: [{ start: key.start, end: key.end, newText: guess }],
          preferred: true,
        });
      const reader = options.unknownKeySeverity === 'error' ? 'the API server rejects it' : 'the chart ignores it';
      return {
        start: key.start,
        end: key.end,
        severity: options.unknownKeySeverity,
        code: 'unknown-key',
        message: `${where === '(document)' ? 'The top level' : where} has no key "${name}"${guess ? `: did you mean "${guess}"?` : ` (${reader}).`}${guess ? ` ${cap(reader)}.` : ''}`,
        fixes,
      };
    }
    case 'required': {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      const r = rangeOf(parsed, path);
      const at =
        r.key ??
        (r.node
          ? { start: r.start, end: r.end }
          : { start: 0, end: parsed.text.indexOf('\n') < 0 ? parsed.text.length : parsed.text.indexOf('\n') });
      return {
        start: at.start,
        end: at.end,
        severity: 'error',
        code: 'required',
        message: `${where === '(document)' ? 'The document' : where} needs "${missing}".`,
      };
    }
    case 'type': {
      const r = rangeOf(parsed, path);
      const fixes: Fix[] = [];
      const last = path[path.length - 1];
      if (last === 'jvmOptions' && r.key && r.node) {
        const f = jvmOptionsFix(
          parsed.text,
          r.key,
          r.node,
          id === 'alluxio-2.9' || id === 'fluid-alluxioruntime' ? 'list' : 'string',
        );
        if (f) fixes.push(f);
      }
      return {
        start: r.start,
        end: r.end,
        severity: 'error',
        code: 'type',
        message: `${where} ${custom ?? `must be ${typeWords(err.params && (err.params as { type: unknown }).type)}`}.`,
        fixes,
      };
    }
    case 'enum': {
      const allowed = ((err.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const r = rangeOf(parsed, path);
      const actual = String(err.data);
      const guess = nearest(actual, allowed);
      const fixes: Fix[] = allowed.map((a) => ({
        title: `Change to ${a}`,
        edits: [{ start: r.start, end: r.end, newText: a }],
        preferred: a === guess,
      }));
      return {
        start: r.start,
        end: r.end,
        severity: 'error',
        code: 'enum',
        message: `${where} must be one of ${allowed.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}.`,
        fixes,
      };
    }
    case 'const': {
      const r = rangeOf(parsed, path);
      const allowed = String((err.params as { allowedValue: unknown }).allowedValue);
      return {
        start: r.start,
        end: r.end,
        severity: 'error',
        code: 'enum',
        message: `${where} ${custom ?? `must be ${allowed}`}.`,
        fixes: [
          { title: `Change to ${allowed}`, edits: [{ start: r.start, end: r.end, newText: allowed }], preferred: true },
        ],
      };
    }
    case 'pattern':
    case 'format':
    case 'minLength':
    case 'maxLength': {
      const r = rangeOf(parsed, path);
      return {
        start: r.start,
        end: r.end,
        severity: 'error',
        code: 'pattern',
        message: `${where} ${custom ?? err.message ?? 'is not valid'}.`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const r = rangeOf(parsed, path);
      return {
        start: r.start,
        end: r.end,
        severity: 'error',
        code: 'range',
        message: `${where} ${err.message ?? 'is out of range'}.`,
      };
    }
    case 'anyOf':
    case 'oneOf':
    case 'if':
      return undefined;
    default: {
      const r = rangeOf(parsed, path);
      return {
        start: r.start,
        end: r.end,
        severity: 'error',
        code: err.keyword,
        message: `${where} ${err.message ?? 'is not valid'}.`,
      };
    }
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
