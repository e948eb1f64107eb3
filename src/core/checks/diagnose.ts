import { basename } from 'node:path';
import { documentAt, parseYaml, type ParsedYaml, type YamlDocument } from '../yaml/document';
import { limitsWith, type YamlLimits } from '../yaml/limits';
import { endOfLine } from '../yaml/lines';
import { detectSchema } from '../schema/detect';
import { isAlluxio, isFluid, isResource, propertyVersion, readModeline } from '../schema/names';
import { chooseSchema, stickyChoice, type SchemaChoice } from '../schema/select';
import type { SchemaStore } from '../schema/store';
import { checkAlluxio } from './alluxio';
import { checkFluid } from './fluid';
import type { ClusterContext } from './cluster';
import { validateAgainstSchema } from './schema';
import type { Problem, Severity } from './types';

export interface AnalyzeOptions {
  store: SchemaStore;
  /** `alluxioDl.schemas`: glob → schema id. */
  globs?: Record<string, string>;
  cluster?: ClusterContext;
  /** Forces a schema (the CLI's --schema); 'auto' or undefined: modeline, settings, content. */
  schema?: SchemaChoice['id'];
  /** The choice made for the previous version of the same document (the editor keeps a detected flavour while typing). */
  previous?: SchemaChoice;
  /** The work one file may cost (defaults: DEFAULT_LIMITS). */
  limits?: Partial<YamlLimits>;
}

export interface DocumentAnalysis {
  document: YamlDocument;
  schema?: SchemaChoice;
}

export interface Analysis {
  parsed: ParsedYaml;
  /** The schema of the first document that has one. */
  schema?: SchemaChoice;
  documents: DocumentAnalysis[];
  problems: Problem[];
}

/**
 * Everything the editor and the CLI say about one YAML text, each document checked against its own
 * schema. Files that aren't ours get no problems; a broken file that looks ours gets its syntax errors.
 */
export function analyzeYaml(text: string, path: string, options: AnalyzeOptions): Analysis {
  const limits = limitsWith(options.limits);
  const parsed = parseYaml(text, limits);
  // A forced schema, the modeline (naming ours or another) or a setting decides for every document;
  // else each document is recognised by its content.
  const declared: SchemaChoice | undefined = options.schema
    ? { id: options.schema, source: 'setting' }
    : chooseSchema(text, path, options.globs ?? {}, undefined);
  const decided = !!declared || readModeline(text) !== undefined;
  const documents: DocumentAnalysis[] = parsed.documents.map((document) => {
    const detected = detectSchema(document.value);
    const content = detected ? { id: detected, source: 'content' as const } : undefined;
    return { document, schema: decided ? declared : stickyChoice(options.previous, content, document.value) };
  });
  const schema = documents.find((d) => d.schema)?.schema ?? declared;
  const broken = parsed.syntax.length > 0 || parsed.limits.length > 0;
  if (!schema && !(broken && looksOurs(text, path))) return { parsed, documents, problems: [] };
  const problems: Problem[] = [...parsed.syntax, ...parsed.limits].map((s) => ({
    start: s.range.start,
    end: s.range.end,
    severity: 'error' as const,
    code: parsed.syntax.includes(s) ? 'syntax' : 'limit',
    message: s.message,
  }));
  for (const key of parsed.duplicates)
    problems.push({
      start: key.start,
      end: key.end,
      severity: 'error',
      code: 'duplicate-key',
      message: `"${key.text.length > 60 ? `${key.text.slice(0, 60)}…` : key.text}" appears twice in this mapping; the last one wins.`,
    });
  let omitted = 0;
  if (parsed.syntax.length === 0)
    for (const { document, schema: id } of documents) {
      if (!id || !document.checkable) continue;
      const resource = isResource(id.id);
      problems.push(
        ...validateAgainstSchema(document, id.id, options.store, {
          unknownKeySeverity: resource ? 'error' : 'warning',
          maxProblems: Math.max(0, limits.maxProblems - problems.length),
          omitted: (n) => (omitted += n),
        }),
      );
      if (isAlluxio(id.id)) {
        const version = propertyVersion(id.id);
        problems.push(
          ...checkAlluxio(
            document,
            version ? options.store.properties(version) : undefined,
            options.cluster,
            id.id === 'alluxio-2.2',
          ),
        );
      }
      if (isFluid(id.id)) problems.push(...checkFluid(document, id.id, options.cluster));
    }
  problems.sort((a, b) => a.start - b.start || a.end - b.end);
  return { parsed, schema, documents, problems: capped(problems, omitted, limits, text) };
}

/** The schema of the document holding an offset (for completion and hover). */
export function schemaAt(analysis: Analysis, offset: number): SchemaChoice | undefined {
  const doc = documentAt(analysis.parsed, offset);
  const found = analysis.documents.find((d) => d.document === doc);
  // A text that did not parse has no documents: the file's schema (modeline, setting, the last one seen).
  return found ? found.schema : analysis.schema;
}

const RANK: Record<Severity, number> = { error: 2, warning: 1, information: 0 };

/** At most `maxProblems`, then one line counting the rest (as severe as the worst shown). */
function capped(problems: Problem[], omitted: number, limits: YamlLimits, text: string): Problem[] {
  const extra = omitted + Math.max(0, problems.length - limits.maxProblems);
  if (!extra) return problems;
  const shown = problems.slice(0, limits.maxProblems);
  const severity = shown.reduce<Severity>((w, p) => (RANK[p.severity] > RANK[w] ? p.severity : w), 'information');
  const at = shown.length ? shown[shown.length - 1].start : 0;
  shown.push({
    start: at,
    end: endOfLine(text, at),
    severity,
    code: 'limit',
    message: `… and ${extra.toLocaleString('en')} more problem${extra > 1 ? 's' : ''} not shown: Alluxio DL reports the first ${limits.maxProblems.toLocaleString('en')} of a file.`,
  });
  return shown;
}

const OUR_NAMES = /(tfjob|pytorchjob|alluxio|hdfs|dataset|dataload)[^/\\]*\.ya?ml$/i;

/**
 * A file that doesn't parse but is recognisably an Alluxio, HDFS or training-job file (by name or by
 * content, YAML or JSON) still gets its syntax errors.
 */
function looksOurs(text: string, path: string): boolean {
  if (OUR_NAMES.test(basename(path))) return true;
  // Linear regular expressions only ([ \t]*, never \s* after ^ in multiline mode): the text may be huge.
  return (
    /^[ \t]*["']?alluxio\.[\w.]+["']?[ \t]*:/m.test(text) ||
    /^["']?tieredstore["']?[ \t]*:/m.test(text) ||
    /^["']?hdfs-[\w-]+-k8s["']?[ \t]*:/m.test(text) ||
    /["']?apiVersion["']?[ \t]*:[ \t]*["']?(kubeflow\.org|data\.fluid\.io)\//.test(text)
  );
}
