import type * as vscode from 'vscode';
import type { TreeNodeData } from '../../core/model/types';
import { baseItem } from './base';

/**
 * A failure in place of what could not be read: clicking retries now. A failure with children (the
 * "limited access" group) expands on click instead: Retry stays in its context menu.
 */
export function failureItem(d: TreeNodeData): vscode.TreeItem {
  const item = baseItem(d);
  if (!d.expandable) item.command = { command: 'alluxioDl.refresh', title: 'Retry' };
  return item;
}
