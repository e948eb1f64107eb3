/**
 * What a command was invoked on, decoded once from the argument VS Code (or another command, or a
 * test) passed: the palette passes nothing, the explorer a tree element, the file explorer and editor
 * title menus a file Uri, other callers a plain value or an options object. Command code reads the
 * typed target through the helpers below and never inspects raw arguments itself.
 */
import { jobRefFrom, type JobRef } from './log-pipeline/pods';
import { parseNodeId } from './model/node-id';
import type { TreeNodeData } from './model/types';

export type CommandTarget =
  | { type: 'none' }
  | { type: 'file'; path: string }
  /** An Alluxio DL tree item; `node` is undefined when it has disappeared from the tree. */
  | { type: 'node'; id: string; node: TreeNodeData | undefined }
  /** A plain string from another command or a test (a context name, a namespace). */
  | { type: 'value'; value: string }
  /** Options from another command or a test (the documented argument objects of each command). */
  | { type: 'options'; options: Record<string, unknown> };

export const NO_TARGET: CommandTarget = { type: 'none' };

/** Resolves a tree id to its node data (undefined when it is not a node the explorer shows). */
export type NodeResolver = (id: string) => TreeNodeData | undefined;

export function decodeTarget(arg: unknown, resolveNode: NodeResolver = () => undefined): CommandTarget {
  if (arg === undefined || arg === null) return NO_TARGET;
  if (typeof arg === 'string') {
    const node = resolveNode(arg);
    return node ? { type: 'node', id: arg, node } : { type: 'value', value: arg };
  }
  if (typeof arg !== 'object') return NO_TARGET;
  const o = arg as Record<string, unknown>;
  // A vscode.Uri (or anything shaped like one) from the file explorer or an editor title menu.
  if (typeof o.fsPath === 'string' && (o.scheme === undefined || o.scheme === 'file'))
    return { type: 'file', path: o.fsPath };
  // A tree element (ExplorerNode) or its id wrapped by a caller.
  if (typeof o.id === 'string' && !('release' in o) && !('metadata' in o))
    return { type: 'node', id: o.id, node: resolveNode(o.id) };
  return { type: 'options', options: o };
}

/** The target of a caller that already holds an options object (tests, other commands). */
export function withOptions(options: object | undefined): CommandTarget {
  return options ? { type: 'options', options: options as Record<string, unknown> } : NO_TARGET;
}

export function fileOf(t: CommandTarget): string | undefined {
  return t.type === 'file' ? t.path : undefined;
}

export function nodeOf(t: CommandTarget): TreeNodeData | undefined {
  return t.type === 'node' ? t.node : undefined;
}

export function valueOf(t: CommandTarget): string | undefined {
  return t.type === 'value' ? t.value : undefined;
}

/** The options object, or {} for any other target. */
export function optionsOf<T extends object>(t: CommandTarget): Partial<T> {
  return t.type === 'options' ? (t.options as Partial<T>) : {};
}

/** A training job: a job tree item, or `{namespace, kind, name}` / a Kubernetes object passed as options. */
export function jobOf(t: CommandTarget): (JobRef & { replicas?: number }) | undefined {
  if (t.type === 'node') return t.node?.logs ? jobRefFrom(t.node.logs) : undefined;
  if (t.type === 'options') return jobRefFrom(t.options);
  return undefined;
}

/** The Helm release of an Alluxio or HDFS release item. */
export function releaseOf(t: CommandTarget): { release: string; namespace: string } | undefined {
  const node = nodeOf(t);
  const id = node ? parseNodeId(node.id) : undefined;
  return id?.kind === 'release' ? { release: id.release.release, namespace: id.release.namespace } : undefined;
}

/** The Kubernetes node name of a cluster node item. */
export function clusterNodeOf(t: CommandTarget): string | undefined {
  const node = nodeOf(t);
  const id = node ? parseNodeId(node.id) : undefined;
  return id?.kind === 'clusterNode' ? id.name : undefined;
}
