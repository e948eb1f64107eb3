// The Fluid authoring commands: New Fluid Dataset, and Convert to Fluid (Dataset + AlluxioRuntime) from a config.yaml.
import * as vscode from 'vscode';
import { namenodeUri, type ClusterContext } from '../core/checks/cluster';
import { convertHelmToFluid, rootUfsOf, type ConversionNote } from '../core/generate/fluid-convert';
import { generateFluidDataset, SEED_FLUID_INPUT, type FluidTier } from '../core/generate/fluid-resources';
import { detectSchema } from '../core/schema/detect';
import { isAlluxio, readModeline } from '../core/schema/names';
import { parseYaml } from '../core/yaml/document';
import { fileOf, type CommandTarget } from '../core/command-target';
import { UserError } from '../platform/commands';
import type { Prompter } from '../platform/prompter';
import { offers, targetFolder, writeFiles, type GeneratorDeps } from './generator-files';
import { Wizard } from './wizard';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsOk = (s: string) => (DNS_LABEL.test(s) && s.length <= 63 ? undefined : 'Lower-case letters, digits and -');
const quantityOk = (s: string) =>
  /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)$/.test(s) ? undefined : 'A Kubernetes quantity such as 20Gi or 512Mi';
const hdfsOk = (s: string) => (/^hdfs:\/\/[^/:]+(:\d+)?(\/.*)?$/.test(s) ? undefined : 'hdfs://HOST:PORT[/path]');
const countOk = (s: string) => (/^[1-9]\d{0,3}$/.test(s) ? undefined : 'A number from 1');

/** Nodes carrying every label of the selector, when the cluster's nodes are known. */
function matchingNodes(cluster: ClusterContext | undefined, selector: Record<string, string>): number | undefined {
  const nodes = cluster?.nodeLabels;
  if (!nodes) return undefined;
  return nodes.filter((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v)).length;
}

async function pickHdfs(w: Wizard, what: string, cluster: ClusterContext | undefined) {
  const found = (cluster?.namenodes ?? []).map((nn) => `${namenodeUri(nn)}/`);
  const seed = SEED_FLUID_INPUT.mountPoint;
  return w.pick(
    what,
    [
      ...found.map((u) => ({ label: u, description: 'found in the cluster' })),
      ...(found.includes(seed) ? [] : [{ label: seed, description: 'the hdfs-k8s chart with release "hdfs"' }]),
    ],
    { prompt: 'HDFS URI to mount', value: 'hdfs://', validate: hdfsOk },
  );
}

export async function newFluidDataset(deps: GeneratorDeps, p: Prompter, target: CommandTarget): Promise<vscode.Uri[]> {
  const w = new Wizard(p, 'New Fluid Dataset', 6);
  const folder = await targetFolder(p, target);
  const cluster = await offers(deps);
  const name = await w.input('name', 'Dataset name (the AlluxioRuntime gets the same)', 'mnist', dnsOk);
  const mountPoint = await pickHdfs(w, 'HDFS', cluster);
  const medium = (await w.pick('cache medium', [
    { label: 'MEM', description: '/dev/shm (tmpfs), as in the guide' },
    { label: 'SSD' },
    { label: 'HDD' },
  ])) as FluidTier['mediumtype'];
  const quota = await w.input('cache quota', 'Cache size per worker (Kubernetes units)', '20Gi', quantityOk);
  const selector = await w.input(
    'cache nodes',
    'Node label key=value the cache workers must carry (empty: any node)',
    `dataset=${name}`,
    (s) => (!s || /^[\w./-]+=[\w.-]*$/.test(s) ? undefined : 'key=value'),
  );
  const [key, value] = selector ? selector.split('=') : [];
  const nodeSelector = key ? { [key]: value ?? '' } : {};
  const nodes = matchingNodes(cluster, nodeSelector);
  const replicas = Number(
    await w.input(
      'workers',
      `Cache workers${nodes !== undefined ? ` (${nodes} node(s) match)` : ''}`,
      String(Math.max(1, nodes ?? 1)),
      countOk,
    ),
  );
  const tier: FluidTier = {
    ...SEED_FLUID_INPUT.tiers[0],
    mediumtype: medium,
    quota,
    path: medium === 'MEM' ? '/dev/shm' : `/mnt/${medium.toLowerCase()}`,
  };
  return writeFiles(
    p,
    folder,
    generateFluidDataset({ ...SEED_FLUID_INPUT, name, mountPoint, nodeSelector, replicas, tiers: [tier] }),
  );
}

export interface FluidConversionResult {
  written: vscode.Uri[];
  notes: ConversionNote[];
}

/** Converts the Alluxio config.yaml (the argument, else the active editor) into a Dataset and an AlluxioRuntime beside it. */
export async function convertToFluid(
  deps: GeneratorDeps,
  p: Prompter,
  target: CommandTarget,
): Promise<FluidConversionResult> {
  const file = fileOf(target);
  const uri = file ? vscode.Uri.file(file) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new UserError('Open an Alluxio config.yaml first, then run "Alluxio DL: Convert to Fluid".');
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const parsed = parseYaml(text);
  const where = vscode.workspace.asRelativePath(uri);
  if (parsed.syntax.length)
    throw new UserError(`${where} does not parse (${parsed.syntax[0].message}): fix it, then convert.`);
  const modeline = readModeline(text)?.id;
  if (!isAlluxio(modeline ?? detectSchema(parsed.value)))
    throw new UserError(
      `${where} is not an Alluxio Helm config.yaml (no tieredstore, no alluxio.* properties): open the values file given to helm install.`,
    );
  const cluster = await offers(deps);
  const values = parsed.value as Record<string, unknown>;
  const selector = (values.nodeSelector ?? {}) as Record<string, string>;
  const guess = typeof selector.dataset === 'string' && DNS_LABEL.test(selector.dataset) ? selector.dataset : 'alluxio';
  const needsMount = !rootUfsOf(values);
  const w = new Wizard(p, 'Convert to Fluid', needsMount ? 3 : 2);
  const name = await w.input('name', 'Dataset name (the AlluxioRuntime gets the same)', guess, dnsOk);
  const nodes = matchingNodes(cluster, selector);
  const replicas = Number(
    await w.input(
      'workers',
      `Cache workers: the chart ran one per matching node${nodes !== undefined ? ` (${nodes} now)` : ''}`,
      String(Math.max(1, nodes ?? 1)),
      countOk,
    ),
  );
  const mountPoint = needsMount ? await pickHdfs(w, 'HDFS (no root UFS)', cluster) : undefined;
  const { input, notes } = convertHelmToFluid(values, { name, replicas, mountPoint });
  const folder = vscode.Uri.joinPath(uri, '..');
  const written = await writeFiles(p, folder, generateFluidDataset(input));
  for (const n of notes) deps.log.info(`convert ${where}: ${n.kind} ${n.key}: ${n.message}`);
  void tell(p, where, notes);
  return { written, notes };
}

async function tell(p: Prompter, where: string, notes: ConversionNote[]): Promise<void> {
  const dropped = notes.filter((n) => n.kind === 'dropped');
  const listed = dropped.slice(0, 5).map((n) => n.key);
  const message = dropped.length
    ? `Alluxio DL: converted ${where}. No Fluid equivalent for ${listed.join(', ')}${dropped.length > listed.length ? ` and ${dropped.length - listed.length} more` : ''}.`
    : `Alluxio DL: converted ${where}; every setting has a Fluid equivalent.`;
  const choice = await p.info(message, {}, 'Show Details');
  if (choice !== 'Show Details') return;
  const lines = [`# Converting ${where} to Fluid`, ''];
  for (const [kind, heading] of [
    ['dropped', 'No Fluid equivalent (left out)'],
    ['changed', 'Carried over differently'],
  ] as const) {
    const some = notes.filter((n) => n.kind === kind);
    if (some.length) lines.push(`## ${heading}`, '', ...some.map((n) => `- \`${n.key}\`: ${n.message}`), '');
  }
  await p.showText(`Converting ${where} to Fluid`, lines.join('\n'), 'markdown');
}
