import type * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

/**
 * A data node (HDFS storage and files, Alluxio capacity, workers, mounts, cache state, files) or a row
 * standing in for its children: Loading…, an error (clicking retries) or "… N more".
 */
export function dataItem(d: TreeNodeData): vscode.TreeItem {
  const item = baseItem(d);
  if (/\bdataError\b/.test(d.contextValue)) item.command = { command: 'alluxioDl.refresh', title: 'Retry' };
  return item;
}
