import { isSchemaId, readModeline, type SchemaId } from './names';
import { detectSchema } from './detect';

export type SchemaSource = 'modeline' | 'setting' | 'content';
export interface SchemaChoice {
  id: SchemaId;
  source: SchemaSource;
}

/** Converts a glob (`**`, `*`, `?`, `{a,b}`) to a RegExp matching a whole path or a path's tail. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/\\/g, '/');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      if (g[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = g.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re +=
          '(?:' +
          g
            .slice(i + 1, close)
            .split(',')
            .map(escape)
            .join('|') +
          ')';
        i = close;
      }
    } else re += escape(c);
  }
  return new RegExp((g.startsWith('/') ? '^' : '(?:^|/)') + re + '$');
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** The schema a setting (`alluxioDl.schemas`, glob → schema id) gives a path, if any. */
export function schemaFromSettings(path: string, globs: Record<string, string>): SchemaId | undefined {
  const p = path.replace(/\\/g, '/');
  for (const [glob, id] of Object.entries(globs)) {
    const short =
      id
        .replace(/(\.schema)?\.json$/, '')
        .split('/')
        .pop() ?? id;
    if (isSchemaId(short) && globToRegExp(glob).test(p)) return short;
  }
  return undefined;
}

/**
 * Which schema applies: the modeline first (a modeline naming another schema means "not ours"),
 * then the settings' globs, then detection by content.
 */
export function chooseSchema(
  text: string,
  path: string,
  globs: Record<string, string>,
  value?: unknown,
): SchemaChoice | undefined {
  const modeline = readModeline(text);
  if (modeline) return modeline.id ? { id: modeline.id, source: 'modeline' } : undefined;
  const fromSetting = schemaFromSettings(path, globs);
  if (fromSetting) return { id: fromSetting, source: 'setting' };
  const detected = detectSchema(value);
  return detected ? { id: detected, source: 'content' } : undefined;
}

/**
 * While a document is edited, content detection can lose its evidence (a tier key mistyped, the
 * tiers deleted): keep the Alluxio flavour the document had rather than flip between 2.2 flavours.
 */
export function stickyChoice(
  previous: SchemaChoice | undefined,
  next: SchemaChoice | undefined,
  value: unknown,
): SchemaChoice | undefined {
  if (!previous || !next || previous.source !== 'content' || next.source !== 'content' || previous.id === next.id)
    return next;
  const both22 = [previous.id, next.id].every((id) => id === 'alluxio-2.2' || id === 'alluxio-2.2-alibaba');
  return both22 && !hasTierLevels(value) ? previous : next;
}

function hasTierLevels(value: unknown): boolean {
  const v = value as { tieredstore?: { levels?: unknown } } | null;
  return !!v && typeof v === 'object' && Array.isArray(v.tieredstore?.levels) && v.tieredstore.levels.length > 0;
}
