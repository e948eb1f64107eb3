import type * as JsYaml from 'js-yaml';

/**
 * js-yaml, required on first use rather than at import, so that loading the extension stays cheap.
 * Every module that parses or dumps YAML goes through this one copy (the CommonJS build).
 */
export function jsYaml(): typeof JsYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('js-yaml') as typeof JsYaml;
}
