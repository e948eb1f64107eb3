import * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem, themeIcon } from './base';

/** An HDFS or Alluxio Helm release: product icon coloured by the worst state of its components. */
export function releaseItem(d: TreeNodeData): vscode.TreeItem {
  const item = baseItem(d, vscode.TreeItemCollapsibleState.Expanded);
  item.iconPath = themeIcon(d.icon, d.state);
  return item;
}
