import type * as vscode from 'vscode';
import type { TreeNodeData, TreeNodeKind } from '../../core/model/types';
import { clusterNodeItem } from './cluster-node';
import { componentItem } from './component';
import { failureItem } from './failure';
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
};

export function toTreeItem(d: TreeNodeData): vscode.TreeItem {
  return RENDER[d.kind](d);
}
