/**
 * Which open file a command should use instead of asking for a path: the active editor's when it
 * fits the command (a values file for Install, a TFJob/PyTorchJob for Submit, a Dockerfile for Build),
 * else the one other visible editor that fits; several that fit are offered in a picker. Files in
 * tabs behind other editors are offered in the picker too, never taken without asking.
 */
import { isAlluxio } from '../schema/names';
import { chooseSchema } from '../schema/select';
import { DEFAULT_LIMITS } from '../yaml/limits';
import { jsYaml } from '../yaml/js-yaml';

export type FileRole = 'alluxioValues' | 'hdfsValues' | 'job' | 'dockerfile';

export interface OpenFile {
  path: string;
  /** The editor's text (what the user sees, saved or not). */
  text: string;
  active: boolean;
  /** Unsaved changes: tools that read the file from disk would not see them. */
  dirty: boolean;
  /** In a tab behind another editor (not on screen). */
  background?: boolean;
}

export type OpenFileChoice =
  { type: 'one'; file: OpenFile } | { type: 'several'; files: OpenFile[] } | { type: 'none' };

const DOCKERFILE = /(^|[\\/.])Dockerfile(\.[\w-]+)?$|\.dockerfile$/i;

/** Whether a file is what a command with this role works on. Bounded: files over the size limit never fit. */
export function fileFits(
  role: FileRole,
  file: Pick<OpenFile, 'path' | 'text'>,
  globs: Record<string, string> = {},
): boolean {
  if (role === 'dockerfile') return DOCKERFILE.test(file.path);
  if (!/\.ya?ml$/i.test(file.path) || file.text.length > DEFAULT_LIMITS.maxChars) return false;
  let value: unknown;
  try {
    value = jsYaml().load(file.text);
  } catch {
    return false; // several documents, or not YAML yet
  }
  const id = chooseSchema(file.text, file.path, globs, value)?.id;
  if (role === 'job') return id === 'tfjob' || id === 'pytorchjob';
  if (role === 'hdfsValues') return id === 'hdfs';
  return isAlluxio(id);
}

/** The active editor's file when it fits, else the one visible file that fits, else several or none. */
export function chooseOpenFile(
  role: FileRole,
  files: readonly OpenFile[],
  globs: Record<string, string> = {},
): OpenFileChoice {
  const active = files.find((f) => f.active);
  if (active && fileFits(role, active, globs)) return { type: 'one', file: active };
  const seen = new Set<string>();
  const fitting = files.filter((f) => !f.active && !seen.has(f.path) && (seen.add(f.path), fileFits(role, f, globs)));
  const onScreen = fitting.filter((f) => !f.background);
  if (onScreen.length === 1) return { type: 'one', file: onScreen[0] };
  // the ones on screen first; a file only in a background tab is offered, not taken
  const offered = [...onScreen, ...fitting.filter((f) => f.background)];
  return offered.length ? { type: 'several', files: offered } : { type: 'none' };
}
