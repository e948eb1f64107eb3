/**
 * Reads kubeconfig files the way kubectl merges them, without @kubernetes/client-node (so the title
 * bar and the pickers work without loading it): for maps (contexts, clusters, users) the first file
 * that defines a name wins; current-context comes from the first file that sets one.
 */
import * as fs from 'node:fs';
import { parseYaml } from '../core/yaml/document';
import { formatSize, limitsWith } from '../core/yaml/limits';

/**
 * What one kubeconfig file may cost to read: real ones are a few KB (a few MB with many embedded
 * certificates); beyond these, the file is refused with a message naming the limit, in bounded time.
 */
export const KUBECONFIG_LIMITS = limitsWith({
  maxChars: 16 * 1024 * 1024,
  maxNodes: 100_000,
  maxExpandedNodes: 100_000,
  maxKeyLength: 4096,
  maxProblems: 1,
});

/** A kubeconfig file's text, refused (with the file, the limit and what to do) when it is larger than the limit. */
export function readKubeconfigText(file: string): string {
  const size = fs.statSync(file).size;
  if (size > KUBECONFIG_LIMITS.maxChars)
    throw new Error(
      `${file}: a kubeconfig of ${formatSize(size)}, larger than the ${formatSize(KUBECONFIG_LIMITS.maxChars)} Alluxio DL reads: is it the right file? Choose another with "Alluxio DL: Switch Kubernetes Context" or the alluxioDl.kubeconfig setting.`,
    );
  return fs.readFileSync(file, 'utf8');
}

/**
 * A kubeconfig file's content, read within KUBECONFIG_LIMITS (size, nodes, alias expansion: a
 * "billion laughs" file is refused, not expanded); throws naming the file, the limit and where.
 */
export function parseKubeconfig(file: string, text: string): unknown {
  const parsed = parseYaml(text, KUBECONFIG_LIMITS);
  const problem = parsed.limits[0] ?? parsed.syntax[0];
  if (problem) {
    const line = text.slice(0, problem.range.start).split(/\r\n|\r|\n/).length;
    const limit = parsed.limits.length > 0;
    throw new Error(
      `${file}: ${limit ? 'a kubeconfig beyond what Alluxio DL reads' : 'not valid YAML'} (line ${line}): ${problem.message}${limit ? ' Fix the file, or choose another with "Alluxio DL: Switch Kubernetes Context" or the alluxioDl.kubeconfig setting.' : ''}`,
    );
  }
  if (parsed.documents.length > 1)
    throw new Error(`${file}: a kubeconfig of ${parsed.documents.length} YAML documents; kubectl reads one.`);
  return parsed.value;
}

export interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  namespace: string;
  /** The file that defines it. */
  file: string;
  /** An earlier file defines a context of the same name, which kubectl's merge would use instead. */
  shadowed: boolean;
}

export interface KubeconfigSummary {
  /** Files that exist and were read. */
  files: string[];
  currentContext: string;
  contexts: KubeContext[];
  /** Files that could not be parsed, with why. */
  problems: string[];
}

interface RawConfig {
  'current-context'?: string;
  contexts?: { name?: string; context?: { cluster?: string; user?: string; namespace?: string } }[];
}

export function mergeKubeconfigs(texts: { file: string; text: string }[]): KubeconfigSummary {
  const out: KubeconfigSummary = { files: [], currentContext: '', contexts: [], problems: [] };
  const seen = new Set<string>();
  for (const { file, text } of texts) {
    let raw: RawConfig;
    try {
      raw = (parseKubeconfig(file, text) ?? {}) as RawConfig;
    } catch (e) {
      out.problems.push((e as Error).message.split('\n')[0]);
      continue;
    }
    out.files.push(file);
    if (!out.currentContext && typeof raw['current-context'] === 'string') out.currentContext = raw['current-context'];
    for (const c of Array.isArray(raw.contexts) ? raw.contexts : []) {
      if (!c?.name) continue;
      const shadowed = seen.has(c.name);
      seen.add(c.name);
      out.contexts.push({
        file,
        shadowed,
        name: c.name,
        cluster: c.context?.cluster ?? '',
        user: c.context?.user ?? '',
        namespace: c.context?.namespace ?? '',
      });
    }
  }
  return out;
}

/** Reads the candidate files that exist (see core/kubeconfig-paths) and merges them. */
export function readKubeconfigs(files: string[]): KubeconfigSummary {
  const texts: { file: string; text: string }[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      texts.push({ file, text: readKubeconfigText(file) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problems.push(code ? `${file}: ${(e as Error).message}` : (e as Error).message);
    }
  }
  const merged = mergeKubeconfigs(texts);
  merged.problems.unshift(...problems);
  return merged;
}
