/**
 * The one result shape of fallible core functions that report a message instead of throwing
 * (parsing user input, settings): the value, or an error a person can read.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E = string>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
