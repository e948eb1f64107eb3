/**
 * Reads kubeconfig files the way kubectl merges them, without @kubernetes/client-node (so the title
 * bar and the pickers work without loading it): for maps (contexts, clusters, users) the first file
 * that defines a name wins; current-context comes from the first file that sets one.
 */
import * as fs from 'node:fs';
import { jsYaml as yaml } from '../core/yaml/js-yaml';

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
      raw = (yaml().load(text) ?? {}) as RawConfig;
    } catch (e) {
      out.problems.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
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
      texts.push({ file, text: fs.readFileSync(file, 'utf8') });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${file}: ${(e as Error).message}`);
    }
  }
  const merged = mergeKubeconfigs(texts);
  merged.problems.unshift(...problems);
  return merged;
}
