import type * as vscode from 'vscode';
import type { TreeNodeData, TreeNodeKind } from '../../core/model/types';
import { clusterNodeItem } from './cluster-node';
import { componentItem } from './component';
import { dataItem } from './data';
import { failureItem } from './failure';
import { fluidItem } from './fluid';
import { infoItem } from './info';
import { jobItem } from './job';
import { podItem } from './pod';
import { releaseItem } from './release';
import { sectionItem } from './section';

const RENDER: Record<TreeNodeKind, (d: TreeNodeData) => vscode.TreeItem> = {
  section: sectionItem,
  hdfsRelease: releaseItem,
  alluxioRelease: releaseItem,
  component: componentItem,
  pod: podItem,
  job: jobItem,
  clusterNode: clusterNodeItem,
  info: infoItem,
  failure: failureItem,
  data: dataItem,
  fluidDataset: fluidItem,
  fluidRuntime: fluidItem,
  dataLoad: fluidItem,
};

export function toTreeItem(d: TreeNodeData): vscode.TreeItem {
  return RENDER[d.kind](d);
}

/** A rendered row as tests and "copy tree" see it: what the user reads and what a click runs. */
export interface SnapshotNode {
  id: string;
  label: string;
  description: string;
  contextValue: string;
  tooltip: string;
  /** The command a click runs, if any (a row without one expands or just selects). */
  command?: string;
}

export function snapshotNode(d: TreeNodeData): SnapshotNode {
  const item = toTreeItem(d);
  const { id, label, description, contextValue, tooltip } = d;
  return { id, label, description, contextValue, tooltip, command: item.command?.command };
}
