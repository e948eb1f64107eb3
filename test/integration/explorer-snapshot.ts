// The explorer as a test reads it (alluxioDl.explorer.snapshot), and waiting until it shows something.
import * as vscode from 'vscode';
import { waitFor } from '../support/wait';

export interface SnapshotNode {
  id: string;
  label: string;
  description: string;
  tooltip?: string;
}

export interface Snapshot {
  state: string;
  context: string;
  nodes: SnapshotNode[];
}

export const snapshot = async () => (await vscode.commands.executeCommand('alluxioDl.explorer.snapshot')) as Snapshot;

/** Waits until the tree satisfies `pred`; on timeout the error lists the tree as last seen. */
export async function tree(what: string, pred: (s: Snapshot) => boolean, ms = 90_000): Promise<Snapshot> {
  let seen: Snapshot | undefined;
  return waitFor(
    what,
    async () => {
      seen = await snapshot();
      return pred(seen) && seen;
    },
    ms,
  ).catch((e: Error) => {
    const nodes = (seen?.nodes ?? []).map((n) => `${n.id} [${n.description}]`).join('\n');
    throw new Error(`${e.message}; state ${seen?.state}; tree:\n${nodes.slice(0, 4000)}`);
  });
}

export const node = (s: Snapshot, id: string) => s.nodes.find((n) => n.id === id);

/** The failure nodes (a kind that cannot be listed, the cluster unreachable, credentials rejected). */
export const failures = (s: Snapshot) => s.nodes.filter((n) => n.id.startsWith('f:'));
