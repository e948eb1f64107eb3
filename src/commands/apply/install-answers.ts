/**
 * Install's answers carried forward: the values file from an open editor, the release name and
 * namespace last used as defaults, and after an install into a namespace the explorer does not show,
 * an offer to show it there.
 */
import type { ReleaseRef } from '../recent-answers';
import type { ApplyDeps } from './deps';
import { editorFile } from './editor-file';

/** The values file of an open editor that fits the chart, else the file dialog; undefined: none chosen. */
export async function valuesFileFor(
  deps: ApplyDeps,
  kind: 'alluxio' | 'hdfs',
  title: string,
): Promise<string | undefined> {
  const open = await editorFile(deps, kind === 'alluxio' ? 'alluxioValues' : 'hdfsValues', title);
  if (open.type === 'file') return open.path;
  if (open.type === 'declined') return undefined;
  return (await deps.prompter.openFiles({ title, filters: { YAML: ['yaml', 'yml'] } }))?.[0];
}

/** The defaults Install offers: the release last installed with this chart, else the chart's name and the explorer's namespace. */
export function releaseDefaults(deps: ApplyDeps, kind: 'alluxio' | 'hdfs', namespace: string): ReleaseRef {
  return deps.recent.release(kind) ?? { release: kind, namespace: namespace || 'default' };
}

export const showNamespaceAction = (namespace: string) => `Show Namespace ${namespace}`;

/**
 * Remembers the release and tells the user it is installed; when the explorer shows another namespace
 * (not all), the message offers to switch it there. Does not wait for the answer.
 */
export async function announceInstalled(
  deps: ApplyDeps,
  kind: 'alluxio' | 'hdfs',
  ref: ReleaseRef,
  message: string,
): Promise<void> {
  await deps.recent.rememberRelease(kind, ref);
  const shown = deps.explorerNamespace();
  if (shown === '' || shown === ref.namespace) {
    void deps.prompter.info(message);
    return;
  }
  const action = showNamespaceAction(ref.namespace);
  void deps.prompter
    .info(`${message} The explorer shows namespace ${shown}.`, {}, action)
    .then((c) => (c === action ? deps.showNamespace(ref.namespace) : undefined))
    .catch((e: Error) => deps.log.warn(`switching the explorer to ${ref.namespace}: ${e.message}`));
}
