/** What the data node builders share: the context they read and the look of a pending node. No vscode import. */
import type { DataStore, ResourceState } from './data-store';
import type { ReleaseKey } from './node-id';
import type { NodeState } from './types';

/** What the data builders read: the store and the dataset path of an Alluxio release. */
export interface DataContext {
  store: DataStore;
  /** the Alluxio path whose cache state the "Dataset cache" node shows */
  datasetPath(release: ReleaseKey): string;
}

/** A node whose resource is loading or failed: its description, state and icon (undefined when loaded). */
export function pendingLook(
  s: ResourceState<unknown> | undefined,
  idle = 'Loading…',
): { description: string; state: NodeState; icon: string } | undefined {
  if (!s || s.status === 'loading') return { description: idle, state: 'progress', icon: 'loading' };
  if (s.status === 'error') return { description: s.error.message, state: 'error', icon: 'error' };
  return undefined;
}

/** "12.5%" of a whole; "unknown" when either is unknown or the whole is 0. */
export function pct(part: number | undefined, whole: number | undefined): string {
  return part === undefined || !whole ? 'unknown' : `${((part * 100) / whole).toFixed(1)}%`;
}
