import { join } from 'node:path';
import { analyzeYaml, type AnalyzeOptions } from '../../../src/core/checks/diagnose';
import type { Fix, Problem } from '../../../src/core/checks/types';
import { SchemaStore } from '../../../src/core/schema/store';

/** The repository root, from out/test/unit/authoring/. */
export const repoRoot = join(__dirname, '..', '..', '..', '..');
export const store = new SchemaStore(join(repoRoot, 'schemas'));

export function problems(text: string, opts: Partial<AnalyzeOptions> = {}, path = '/w/config.yaml'): Problem[] {
  return analyzeYaml(text, path, { store, ...opts }).problems;
}

/** The text a problem underlines. */
export function underlined(text: string, p: Problem): string {
  return text.slice(p.start, p.end);
}

export function applyFix(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
