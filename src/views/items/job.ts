import type * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

/** A TFJob, PyTorchJob or Arena job: status from conditions, replicas, GPUs, progress from its logs. */
export function jobItem(d: TreeNodeData): vscode.TreeItem {
  return baseItem(d);
}
