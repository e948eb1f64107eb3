/**
 * What New Training Job offers: the image Build Training Image made last, and node selectors from
 * the Alluxio config.yaml (open, or beside the new job) and from the labels the cluster's nodes carry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fileFits } from '../core/apply/open-files';
import { selectorOffers, type SelectorOffer } from '../core/apply/selector-offers';
import { SEED_JOB_INPUT } from '../core/generate/training-job';
import type { WizardItem } from './wizard';
import { offers, type GeneratorDeps } from './generator-files';

export function jobImageOffers(built: string | undefined): WizardItem[] {
  return [
    ...(built && built !== SEED_JOB_INPUT.image
      ? [{ label: built, description: 'built last (Build Training Image)' }]
      : []),
    { label: SEED_JOB_INPUT.image, description: "as in Alluxio's PyTorch-on-HDFS guide" },
  ];
}

const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

/** The Alluxio values files to read selectors from: open ones, then config.yaml in the job's folder. */
function alluxioConfigs(folder: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  // Open means in a tab: VS Code keeps closed documents loaded a while (textDocuments still lists them).
  const inTabs = new Set(
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) => (t.input as { uri?: vscode.Uri } | undefined)?.uri?.fsPath)
      .filter((f): f is string => !!f),
  );
  for (const d of vscode.workspace.textDocuments) {
    if (d.uri.scheme !== 'file' || !inTabs.has(d.uri.fsPath)) continue;
    const file = { path: d.uri.fsPath, text: d.getText() };
    if (fileFits('alluxioValues', file)) out.push({ name: path.basename(file.path), text: file.text });
  }
  const beside = path.join(folder, 'config.yaml');
  try {
    if (!inTabs.has(beside) && fs.statSync(beside).size <= MAX_CONFIG_BYTES)
      out.push({ name: 'config.yaml', text: fs.readFileSync(beside, 'utf8') });
  } catch {
    // no config.yaml there
  }
  return out;
}

export async function jobSelectorOffers(deps: GeneratorDeps, folder: string): Promise<SelectorOffer[]> {
  const cluster = await offers(deps);
  return selectorOffers(cluster?.nodeLabels ?? [], alluxioConfigs(folder));
}
