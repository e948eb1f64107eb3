import type * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

/** A Kubernetes node: dataset label, GPUs allocated/capacity, the explorer's pods on it. */
export function clusterNodeItem(d: TreeNodeData): vscode.TreeItem {
  return baseItem(d);
}
