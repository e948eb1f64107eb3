import { parseYaml, type ParsedYaml } from '../yaml/document';
import { isAlluxio, isFluid, isResource, propertyVersion } from '../schema/names';
import { chooseSchema, stickyChoice, type SchemaChoice } from '../schema/select';
import type { SchemaStore } from '../schema/store';
import { validateAgainstSchema } from '../schema/validate';
import { checkAlluxio } from './alluxio';
import { checkFluid } from './fluid';
import type { ClusterContext } from './cluster';
import type { Problem } from './types';

export interface AnalyzeOptions {
  store: SchemaStore;
  /** `alluxioDl.schemas`: glob → schema id. */
  globs?: Record<string, string>;
  cluster?: ClusterContext;
  /** Forces a schema (the CLI's --schema); 'auto' or undefined: modeline, settings, content. */
  schema?: SchemaChoice['id'];
  /** The choice made for the previous version of the same document (the editor keeps a detected flavour while typing). */
  previous?: SchemaChoice;
}

export interface Analysis {
  parsed: ParsedYaml;
  schema?: SchemaChoice;
  problems: Problem[];
}

/** Everything the editor and the CLI say about one YAML text. Files that aren't ours get no problems. */
export function analyzeYaml(text: string, path: string, options: AnalyzeOptions): Analysis {
  const parsed = parseYaml(text);
  const schema = options.schema
    ? { id: options.schema, source: 'setting' as const }
    : stickyChoice(options.previous, chooseSchema(text, path, options.globs ?? {}, parsed.value), parsed.value);
  if (!schema && !(parsed.syntax.length && looksOurs(text))) return { parsed, problems: [] };
  const problems: Problem[] = parsed.syntax.map((s) => ({
    start: s.range.start,
    end: s.range.end,
    severity: 'error' as const,
    code: 'syntax',
    message: s.message,
  }));
  for (const key of parsed.duplicates)
    problems.push({
      start: key.start,
      end: key.end,
      severity: 'error',
      code: 'duplicate-key',
      message: `"${key.text}" appears twice in this mapping; the last one wins.`,
    });
  if (schema && parsed.syntax.length === 0) {
    const resource = isResource(schema.id);
    problems.push(
      ...validateAgainstSchema(parsed, schema.id, options.store, {
        unknownKeySeverity: resource ? 'error' : 'warning',
      }),
    );
    if (isAlluxio(schema.id)) {
      const version = propertyVersion(schema.id);
      problems.push(
        ...checkAlluxio(
          parsed,
          version ? options.store.properties(version) : undefined,
          options.cluster,
          schema.id === 'alluxio-2.2',
        ),
      );
    }
    if (isFluid(schema.id)) problems.push(...checkFluid(parsed, schema.id, options.cluster));
  }
  problems.sort((a, b) => a.start - b.start || a.end - b.end);
  return { parsed, schema, problems };
}

/** A file that doesn't parse but is recognisably an Alluxio, HDFS or training-job file still gets its syntax errors. */
function looksOurs(text: string): boolean {
  return (
    /^\s*alluxio\.[\w.]+\s*:/m.test(text) ||
    /^tieredstore\s*:/m.test(text) ||
    /^hdfs-[\w-]+-k8s\s*:/m.test(text) ||
    /^apiVersion\s*:\s*(kubeflow\.org|data\.fluid\.io)\//m.test(text)
  );
}
