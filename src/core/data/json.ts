/**
 * Reading untrusted JSON answers: a size bound before parsing, and small accessors that answer
 * undefined for anything of the wrong type, so a parser never trusts a field's shape. No vscode import.
 */
import { AnswerError } from './outcome';

/** Largest answer we parse (a 10,000-file listing is ~3 MB; 10,000 workers ~5 MB). */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/** Most items read from any one array or object of an answer. */
export const MAX_ITEMS = 200_000;

export type Json = Record<string, unknown>;

export function parseJson(text: string, what: string): unknown {
  if (text.length > MAX_ANSWER_BYTES) {
    throw new AnswerError(what, `the answer is ${text.length} bytes, over the ${MAX_ANSWER_BYTES}-byte limit`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const start = text.slice(0, 80).replace(/\s+/g, ' ');
    throw new AnswerError(what, `not JSON (${(e as Error).message}); it starts "${start}"`);
  }
}

/** The answer as an object, or an AnswerError naming what was expected. */
export function parseObject(text: string, what: string): Json {
  const v = parseJson(text, what);
  if (!isObject(v))
    throw new AnswerError(what, `expected a JSON object, got ${Array.isArray(v) ? 'an array' : typeof v}`);
  return v;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Json | undefined {
  return isObject(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** An array's first MAX_ITEMS items; [] for anything else. */
export function arr(v: unknown, limit = MAX_ITEMS): unknown[] {
  if (!Array.isArray(v)) return [];
  return v.length > limit ? v.slice(0, limit) : v;
}

/** An object's first MAX_ITEMS entries; [] for anything else. */
export function entries(v: unknown, limit = MAX_ITEMS): [string, unknown][] {
  if (!isObject(v)) return [];
  const out: [string, unknown][] = [];
  for (const k in v) {
    if (out.length >= limit) break;
    if (Object.prototype.hasOwnProperty.call(v, k)) out.push([k, v[k]]);
  }
  return out;
}
