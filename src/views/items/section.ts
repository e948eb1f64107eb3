import * as vscode from 'vscode';
import { parseNodeId } from '../../core/model/node-id';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

/** HDFS, Alluxio and Training start expanded; Nodes (hundreds in a real cluster) collapsed. */
export function sectionItem(d: TreeNodeData): vscode.TreeItem {
  const at = parseNodeId(d.id);
  const nodes = at?.kind === 'section' && at.section === 'nodes';
  const state = nodes ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
  const item = baseItem(d, state);
  item.iconPath = new vscode.ThemeIcon(d.icon);
  return item;
}
