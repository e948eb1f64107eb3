// Schema validation of one document, its errors turned into problems a user understands.
import type { ErrorObject } from 'ajv';
import {
  childOf,
  formatPath,
  nodeAtPath,
  resolveAlias,
  type PathSegment,
  type ScalarNode,
  type YamlDocument,
  type YamlNode,
} from '../yaml/document';
import { clip } from '../yaml/limits';
import { endOfLine } from '../yaml/lines';
import type { SchemaId } from '../schema/names';
import type { SchemaStore } from '../schema/store';
import { isNearMiss, suggest } from './nearest';
import type { Fix, Problem, Severity } from './types';
import { jvmOptionsFix } from './fixes';

function pointerToPath(pointer: string, root: YamlNode | undefined): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const isSeq = resolveAlias(node)?.kind === 'seq';
    out.push(isSeq ? Number(seg) : seg);
    node = childOf(node, isSeq ? Number(seg) : seg).node;
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
  parsed: YamlDocument,
  path: PathSegment[],
): { start: number; end: number; node?: YamlNode; key?: ScalarNode } {
  const { node, key } = nodeAtPath(parsed.root, path);
  if (node && !(node.kind === 'scalar' && node.empty)) {
    if (node.kind === 'map' || node.kind === 'seq') {
      // A whole block: underline its first line only, or the key when there is one.
      if (key) return { start: key.start, end: key.end, node, key };
      return { start: node.start, end: Math.min(endOfLine(parsed.text, node.start), node.end), node, key };
    }
    return { start: node.start, end: node.end, node, key };
  }
  if (key) return { start: key.start, end: key.end, node, key };
  const start = parsed.root?.start ?? 0;
  return { start, end: endOfLine(parsed.text, start) };
}

export interface ValidateOptions {
  /** Severity of keys the schema doesn't know: Helm ignores them (warning), the API server rejects them (error). */
  unknownKeySeverity: Severity;
  maxProblems: number;
  /** Told how many errors were left untranslated once `maxProblems` was reached. */
  omitted?: (count: number) => void;
}

const IGNORED = new Set(['anyOf', 'oneOf', 'if']);

/**
 * Validates one document against a schema; one problem per place, in words a user understands.
 * Translates at most `maxProblems` errors (the rest are only counted: `omitted`).
 */
export function validateAgainstSchema(
  parsed: YamlDocument,
  id: SchemaId,
  store: SchemaStore,
  options: ValidateOptions,
): Problem[] {
  if (parsed.value === undefined || parsed.value === null || !parsed.checkable) return [];
  const validate = store.validator(id);
  if (validate(parsed.value)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const errors = validate.errors ?? [];
  for (const [i, err] of errors.entries()) {
    if (problems.length >= options.maxProblems) {
      options.omitted?.(errors.slice(i).filter((e) => !IGNORED.has(e.keyword)).length);
      break;
    }
    const p = translate(err, parsed, id, options);
    if (!p) continue;
    const k = `${p.start}:${p.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    problems.push(p);
  }
  return problems;
}

function translate(
  err: ErrorObject,
  parsed: YamlDocument,
  id: SchemaId,
  options: ValidateOptions,
): Problem | undefined {
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
      const shown = clip(name);
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
      const suggestion = suggest(name, known);
      const guess = suggestion?.word;
      if (guess)
        fixes.push({
          title: `Change "${shown}" to "${guess}"`,
          edits: [{ start: key.start, end: key.end, newText: guess }],
          preferred: true,
        });
      const reader =
        options.unknownKeySeverity === 'error'
          ? 'the API server rejects it'
          : isNearMiss(suggestion)
            ? `the chart ignores it, and with it everything under "${shown}"`
            : 'the chart ignores it';
      return {
        start: key.start,
        end: key.end,
        // A near miss of a known key is a mistake, not an extra value: the chart would silently ignore it.
        severity: isNearMiss(suggestion) ? 'error' : options.unknownKeySeverity,
        code: 'unknown-key',
        message: `${where === '(document)' ? 'The top level' : where} has no key "${shown}"${guess ? `: did you mean "${guess}"?` : ` (${reader}).`}${guess ? ` ${cap(reader)}.` : ''}`,
        fixes,
      };
    }
    case 'required': {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      const r = rangeOf(parsed, path);
      const at = r.key ?? { start: r.start, end: r.end };
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
      const actual = typeof err.data === 'string' ? err.data : '';
      const guess = suggest(actual, allowed)?.word;
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
