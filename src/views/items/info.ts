import type * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

export const REVEAL_COMMAND = 'alluxioDl.explorer.reveal';

/** A fact from an Alluxio release's values (cache, root UFS); a link reveals the HDFS it mounts. */
export function infoItem(d: TreeNodeData): vscode.TreeItem {
  const item = baseItem(d);
  if (d.linkTo) item.command = { command: REVEAL_COMMAND, title: 'Show the HDFS release', arguments: [d.linkTo] };
  return item;
}
