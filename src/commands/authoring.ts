import * as vscode from 'vscode';
import type { ClusterContext } from '../core/checks/cluster';
import { namenodeUri } from '../core/checks/cluster';
import { analyzeYaml } from '../core/checks/diagnose';
import { checkDockerfile } from '../core/dockerfile/check';
import { generateAlluxioConfig, SEED_ALLUXIO_INPUT, type AlluxioConfigInput } from '../core/generate/alluxio-config';
import { generateHdfsValues, SEED_HDFS_INPUT } from '../core/generate/hdfs-values';
import { generateTrainingImage, SEED_IMAGE_INPUT } from '../core/generate/training-image';
import { generateTrainingJob, SEED_JOB_INPUT, type TrainingJobInput } from '../core/generate/training-job';
import { SchemaStore } from '../core/schema/store';
import type { CommandTable } from '../platform/commands';
import type { Config } from '../platform/config';

export interface AuthoringDeps {
  log: vscode.LogOutputChannel;
  config: Config;
  /** What the cluster offers (namenode services, node labels), fetched when a generator asks. */
  clusterOffers?: () => Promise<ClusterContext | undefined>;
}

export type Pick = vscode.QuickPickItem & { value?: string };
export interface Custom {
  prompt: string;
  value: string;
  validate?: (s: string) => string | undefined;
}

/** The questions the generators ask: the vscode pickers in the product, a script in tests. */
export interface Prompter {
  /** One of the items (its value, else its label), or a typed value when `custom` is given and chosen. */
  pick(title: string, items: Pick[], step: string, custom?: Custom): Promise<string>;
  input(
    title: string,
    step: string,
    prompt: string,
    value: string,
    validate?: (s: string) => string | undefined,
  ): Promise<string>;
  /** Asked before replacing an existing file: 'replace', 'skip', or undefined to cancel. */
  confirmOverwrite(name: string, folder: vscode.Uri): Promise<'replace' | 'skip' | undefined>;
}

const CANCEL = () => new vscode.CancellationError();

export const vscodePrompter: Prompter = {
  async pick(title, items, step, custom) {
    const all: Pick[] = custom ? [...items, { label: '$(edit) Other…', value: '\u0000custom' }] : items;
    const chosen = await vscode.window.showQuickPick(all, {
      title: `${title} (${step})`,
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    if (!chosen) throw CANCEL();
    if (chosen.value === '\u0000custom' && custom)
      return this.input(title, step, custom.prompt, custom.value, custom.validate);
    return chosen.value ?? chosen.label;
  },
  async input(title, step, prompt, value, validate) {
    const v = await vscode.window.showInputBox({
      title: `${title} (${step})`,
      prompt,
      value,
      ignoreFocusOut: true,
      validateInput: validate,
    });
    if (v === undefined) throw CANCEL();
    return v.trim();
  },
  async confirmOverwrite(name, folder) {
    const answer = await vscode.window.showWarningMessage(
      `${name} already exists in ${folder.fsPath}. Replace it?`,
      { modal: true },
      'Replace',
      'Skip',
    );
    return answer === 'Replace' ? 'replace' : answer === 'Skip' ? 'skip' : undefined;
  },
};

const sizeOk = (s: string) =>
  /^\d+(\.\d+)?\s*([KMGT]i?B?)$/i.test(s) ? undefined : 'A size such as 20GB, 16Gi or 512MB';

/** The folder to write to: the explorer folder the command was run on, else the workspace folder, else ask. */
async function targetFolder(arg: unknown): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) {
    const stat = await vscode.workspace.fs.stat(arg).then(
      (s) => s,
      () => undefined,
    );
    return stat?.type === vscode.FileType.Directory ? arg : vscode.Uri.joinPath(arg, '..');
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri;
  if (folders.length > 1) {
    const f = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new files' });
    if (!f) throw CANCEL();
    return f.uri;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Create Here',
  });
  if (!picked?.[0]) throw CANCEL();
  return picked[0];
}

/** Writes files, asking before overwriting any that exists; returns the written ones. */
async function writeFiles(p: Prompter, folder: vscode.Uri, files: Record<string, string>): Promise<vscode.Uri[]> {
  const written: vscode.Uri[] = [];
  for (const [name, text] of Object.entries(files)) {
    const uri = vscode.Uri.joinPath(folder, name);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (exists) {
      const answer = await p.confirmOverwrite(name, folder);
      if (answer === undefined) throw CANCEL();
      if (answer !== 'replace') continue;
    }
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    written.push(uri);
  }
  if (written[0]) await vscode.window.showTextDocument(written[0]);
  return written;
}

async function offers(deps: AuthoringDeps): Promise<ClusterContext | undefined> {
  try {
    return await deps.clusterOffers?.();
  } catch (err) {
    deps.log.warn(`cluster offers unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export async function newAlluxioConfig(deps: AuthoringDeps, p: Prompter, arg: unknown): Promise<vscode.Uri[]> {
  const title = 'New Alluxio config.yaml';
  const folder = await targetFolder(arg);
  const cluster = await offers(deps);
  const flavour = (await p.pick(
    title,
    [
      { label: 'alluxio-2.2-alibaba', description: "Alibaba's alluxio-0.12.0 chart, as in the seed (tiers: alias)" },
      { label: 'alluxio-2.2', description: 'Official chart 0.5.5, Alluxio 2.2 (tiers: mediumtype)' },
      { label: 'alluxio-2.9', description: 'Chart 0.6.x, Alluxio 2.9 (jvmOptions lists, fuse mountPoint)' },
    ],
    '1/6 chart',
  )) as AlluxioConfigInput['flavour'];
  const uris = (cluster?.namenodes ?? []).map(namenodeUri);
  const hdfsUri = await p.pick(
    title,
    [
      ...uris.map((u) => ({ label: u, description: 'found in the cluster' })),
      ...(uris.includes(SEED_ALLUXIO_INPUT.hdfsUri)
        ? []
        : [{ label: SEED_ALLUXIO_INPUT.hdfsUri, description: 'the hdfs-k8s chart with release "hdfs"' }]),
    ],
    '2/6 HDFS root',
    {
      prompt: 'Root under file system URI',
      value: 'hdfs://',
      validate: (s) => (/^hdfs:\/\/[^/:]+(:\d+)?(\/.*)?$/.test(s) ? undefined : 'hdfs://HOST:PORT[/path]'),
    },
  );
  const medium = (await p.pick(
    title,
    [{ label: 'MEM', description: '/dev/shm (tmpfs)' }, { label: 'SSD' }, { label: 'HDD' }],
    '3/6 cache medium',
  )) as AlluxioConfigInput['medium'];
  const quota = await p.input(
    title,
    '3/6 cache quota',
    'Cache size per worker (counts against the worker memory for MEM)',
    SEED_ALLUXIO_INPUT.quota,
    sizeOk,
  );
  const labels = new Map<string, number>();
  for (const node of cluster?.nodeLabels ?? [])
    for (const [k, v] of Object.entries(node))
      if (!k.includes('kubernetes.io/')) labels.set(`${k}=${v}`, (labels.get(`${k}=${v}`) ?? 0) + 1);
  const selector = await p.pick(
    title,
    [
      ...[...labels].map(([l, n]) => ({ label: l, description: `${n} node(s)` })),
      { label: 'dataset=mnist', description: 'as in the seed' },
      { label: '(none)', value: '', description: 'run on every node' },
    ],
    '4/6 node selector',
    {
      prompt: 'key=value',
      value: 'dataset=mnist',
      validate: (s) => (/^[\w./-]+=[\w.-]*$/.test(s) ? undefined : 'key=value'),
    },
  );
  const image = await p.input(
    title,
    '5/6 image',
    'Alluxio image (repository:tag)',
    `${SEED_ALLUXIO_INPUT.image}:${SEED_ALLUXIO_INPUT.imageTag}`,
  );
  const fuseOptions = await p.input(
    title,
    '6/6 FUSE',
    'FUSE mount options (e.g. direct_io)',
    SEED_ALLUXIO_INPUT.fuse.options,
  );
  const [repo, tag] = splitImage(image);
  const [k, v] = selector ? selector.split('=') : [];
  const text = generateAlluxioConfig({
    ...SEED_ALLUXIO_INPUT,
    flavour,
    image: repo,
    imageTag: tag,
    hdfsUri,
    medium,
    quota,
    tierPath:
      medium === 'MEM' ? '/dev/shm' : SEED_ALLUXIO_INPUT.tierPath.replace('/dev/shm', `/mnt/${medium.toLowerCase()}`),
    nodeSelector: k ? { [k]: v ?? '' } : {},
    fuse: { ...SEED_ALLUXIO_INPUT.fuse, imageTag: tag, options: fuseOptions },
  });
  return writeFiles(p, folder, { 'config.yaml': text });
}

function splitImage(image: string): [string, string] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, 'latest'];
}

export async function newHdfsValues(_deps: AuthoringDeps, p: Prompter, arg: unknown): Promise<vscode.Uri[]> {
  const title = 'New HDFS values';
  const folder = await targetFolder(arg);
  const mode = await p.pick(
    title,
    [
      { label: 'simple', description: 'one namenode, no HA (as in the seed)' },
      { label: 'ha', description: 'HA namenodes with zookeeper and journal nodes' },
    ],
    '1/2 mode',
  );
  const label = await p.input(
    title,
    '2/2 namenode node label',
    'key=value of the node the namenode runs on (empty: any)',
    'hdfs-namenode-selector=hdfs-namenode-0',
  );
  const [key, value] = label.split('=');
  return writeFiles(p, folder, {
    'hdfs-values.yaml': generateHdfsValues({
      ...SEED_HDFS_INPUT,
      ha: mode === 'ha',
      namenodeSelector: key ? { key, value: value ?? '' } : undefined,
    }),
  });
}

export async function newTrainingImage(_deps: AuthoringDeps, p: Prompter, arg: unknown): Promise<vscode.Uri[]> {
  const title = 'New Training Image';
  const folder = await targetFolder(arg);
  const baseImage = await p.pick(
    title,
    [
      { label: SEED_IMAGE_INPUT.baseImage, description: 'as in the seed' },
      { label: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime' },
    ],
    '1/2 base image',
    { prompt: 'Base image', value: 'pytorch/pytorch:' },
  );
  const script = await p.input(title, '2/2 script', 'Training script file name', SEED_IMAGE_INPUT.script, (s) =>
    /^[\w.-]+\.py$/.test(s) ? undefined : 'A file name ending in .py',
  );
  return writeFiles(p, folder, generateTrainingImage({ baseImage, script }));
}

export async function newTrainingJob(_deps: AuthoringDeps, p: Prompter, arg: unknown): Promise<vscode.Uri[]> {
  const title = 'New Training Job';
  const folder = await targetFolder(arg);
  const kind = (await p.pick(
    title,
    [
      { label: 'TFJob', description: 'arena submit tf (as in the seed)' },
      { label: 'PyTorchJob', description: 'arena submit pytorch' },
    ],
    '1/5 kind',
  )) as TrainingJobInput['kind'];
  const name = await p.input(title, '2/5 name', 'Job name', SEED_JOB_INPUT.name, (s) =>
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) ? undefined : 'Lower-case letters, digits and -',
  );
  const image = await p.input(title, '3/5 image', 'Training image', SEED_JOB_INPUT.image);
  const gpus = Number(
    await p.input(title, '4/5 GPUs', 'GPUs per worker', String(SEED_JOB_INPUT.gpus), (s) =>
      /^\d+$/.test(s) ? undefined : 'A number',
    ),
  );
  const dataDir = await p.input(
    title,
    '5/5 data',
    'HOST:CONTAINER data folder (the Alluxio FUSE mount)',
    `${SEED_JOB_INPUT.dataDir!.host}:${SEED_JOB_INPUT.dataDir!.container}`,
  );
  const [host, container] = dataDir.split(':');
  return writeFiles(p, folder, {
    [`${name}.yaml`]: generateTrainingJob({
      ...SEED_JOB_INPUT,
      kind,
      name,
      image,
      gpus,
      dataDir: host && container ? { host, container } : undefined,
    }),
  });
}

async function validateFile(deps: AuthoringDeps, arg: unknown): Promise<number> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new Error('Open a YAML file or Dockerfile first, then run "Alluxio DL: Validate File".');
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const isDocker = doc.languageId === 'dockerfile' || /Dockerfile/i.test(uri.path.split('/').pop() ?? '');
  const problems = isDocker
    ? checkDockerfile(text)
    : analyzeYaml(text, uri.fsPath, { store: new SchemaStore(), globs: deps.config.get(uri).schemas }).problems;
  const errors = problems.filter((p) => p.severity === 'error').length;
  deps.log.info(`validate ${uri.fsPath}: ${problems.length} problem(s), ${errors} error(s)`);
  const where = vscode.workspace.asRelativePath(uri);
  if (!problems.length) void vscode.window.showInformationMessage(`Alluxio DL: ${where} has no problems.`);
  else {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showWarningMessage(
      `Alluxio DL: ${where}: ${errors} error(s), ${problems.length - errors} warning(s) — see the Problems view.`,
    );
  }
  return problems.length;
}

/** The authoring commands: generators (multi-step pickers, never overwriting without asking) and Validate File. */
export function authoringCommands(deps: AuthoringDeps, prompter: Prompter = vscodePrompter): CommandTable {
  return {
    'alluxioDl.newAlluxioConfig': { run: (arg?: unknown) => newAlluxioConfig(deps, prompter, arg) },
    'alluxioDl.newHdfsValues': { run: (arg?: unknown) => newHdfsValues(deps, prompter, arg) },
    'alluxioDl.newTrainingImage': { run: (arg?: unknown) => newTrainingImage(deps, prompter, arg) },
    'alluxioDl.newTrainingJob': { run: (arg?: unknown) => newTrainingJob(deps, prompter, arg) },
    'alluxioDl.validateFile': { run: (arg?: unknown) => validateFile(deps, arg) },
  };
}
