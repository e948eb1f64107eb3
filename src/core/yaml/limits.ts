// The work one file may cost: beyond these the checks stop and say which limit was hit, and where.

export interface YamlLimits {
  /** Characters of text parsed; a longer file is not parsed at all. */
  maxChars: number;
  /** Nodes (scalars, mappings, sequences, aliases) in the whole file, as written. */
  maxNodes: number;
  /** Nodes one document has once every alias is expanded (what a chart or the API server reads). */
  maxExpandedNodes: number;
  /** Characters of one mapping key. */
  maxKeyLength: number;
  /** Problems reported for one file; the rest are counted in one last line. */
  maxProblems: number;
}

/**
 * Generous for real files (the charts' values files are under 100 KB and 10,000 nodes) and small
 * enough that a hostile one is answered in well under a second.
 */
export const DEFAULT_LIMITS: YamlLimits = {
  maxChars: 2 * 1024 * 1024,
  maxNodes: 50_000,
  maxExpandedNodes: 100_000,
  maxKeyLength: 1024,
  maxProblems: 1000,
};

export function limitsWith(overrides: Partial<YamlLimits> | undefined): YamlLimits {
  return overrides ? { ...DEFAULT_LIMITS, ...overrides } : DEFAULT_LIMITS;
}

/** A long value cut for a message: its start, an ellipsis and its length. */
export function clip(s: string, max = 60): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… (${s.length.toLocaleString('en')} characters)`;
}

export function formatSize(chars: number): string {
  return `${(chars / 1024 / 1024).toFixed(1)} MB`;
}
