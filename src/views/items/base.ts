import * as vscode from 'vscode';
import type { NodeState, TreeNodeData } from '../../core/model/types';

const COLORS: Record<NodeState, string | undefined> = {
  ok: 'charts.green',
  progress: 'charts.blue',
  warning: 'charts.yellow',
  error: 'charts.red',
  idle: 'disabledForeground',
  info: undefined,
};

const SPIN = new Set(['loading', 'sync']);

export function themeIcon(icon: string, state: NodeState): vscode.ThemeIcon {
  const color = COLORS[state];
  const id = SPIN.has(icon) && state === 'progress' ? `${icon}~spin` : icon;
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** The parts every node kind shares: id, label, description, Markdown tooltip, icon, contextValue. */
export function baseItem(
  d: TreeNodeData,
  collapsed: vscode.TreeItemCollapsibleState = vscode.TreeItemCollapsibleState.Collapsed,
): vscode.TreeItem {
  const item = new vscode.TreeItem(d.label, d.expandable ? collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = d.id;
  item.description = d.description;
  const tooltip = new vscode.MarkdownString(d.tooltip);
  tooltip.supportThemeIcons = false;
  item.tooltip = tooltip;
  item.iconPath = themeIcon(d.icon, d.state);
  item.contextValue = d.contextValue;
  return item;
}
