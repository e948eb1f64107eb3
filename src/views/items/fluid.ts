import type * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

/** A Fluid Dataset (phase, cache states, UFS), AlluxioRuntime (component phases, tiers) or DataLoad (phase, duration). */
export function fluidItem(d: TreeNodeData): vscode.TreeItem {
  return baseItem(d);
}
