import type * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

/** namenode, datanodes, Alluxio master/workers/FUSE: ready/desired and where they run. */
export function componentItem(d: TreeNodeData): vscode.TreeItem {
  return baseItem(d);
}
