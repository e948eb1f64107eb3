import type * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

/** A pod: status, readiness, node, GPUs, restarts, age. */
export function podItem(d: TreeNodeData): vscode.TreeItem {
  const item = baseItem(d);
  return item;
}
