import * as vscode from 'vscode';
import { namenodeUri } from '../core/checks/cluster';
import { analyzeYaml } from '../core/checks/diagnose';
import { checkDockerfile } from '../core/dockerfile/check';
import { generateAlluxioConfig, SEED_ALLUXIO_INPUT, type AlluxioConfigInput } from '../core/generate/alluxio-config';
import { generateHdfsValues, SEED_HDFS_INPUT } from '../core/generate/hdfs-values';
import { generateTrainingImage, SEED_IMAGE_INPUT } from '../core/generate/training-image';
import { generateTrainingJob, SEED_JOB_INPUT, type TrainingJobInput } from '../core/generate/training-job';
import { checkImageTag } from '../core/apply/image-args';
import { parseSelector } from '../core/apply/selector-offers';
import { SchemaStore } from '../core/schema/store';
import { fileOf, type CommandTarget } from '../core/command-target';
import type { CommandTable } from '../platform/commands';
import type { Config } from '../platform/config';
import type { Prompter } from '../platform/prompter';
import { convertToFluid, newFluidDataset } from './authoring-fluid';
import { offers, targetFolder, writeFiles, type GeneratorDeps } from './generator-files';
import type { RecentAnswers } from './recent-answers';
import { Wizard } from './wizard';
import { jobImageOffers, jobSelectorOffers } from './job-offers';

export interface AuthoringDeps extends GeneratorDeps {
  config: Config;
  /** Answers carried forward (the image last built). */
  recent?: RecentAnswers;
}

const sizeOk = (s: string) =>
  /^\d+(\.\d+)?\s*([KMGT]i?B?)$/i.test(s) ? undefined : 'A size such as 20GB, 16Gi or 512MB';

export async function newAlluxioConfig(deps: AuthoringDeps, p: Prompter, target: CommandTarget): Promise<vscode.Uri[]> {
  const w = new Wizard(p, 'New Alluxio config.yaml', 7);
  const folder = await targetFolder(p, target);
  const cluster = await offers(deps);
  const flavour = (await w.pick('chart', [
    {
      label: 'alluxio-2.2-alibaba',
      description: "Alibaba's alluxio-0.12.0 chart, as in Alluxio's PyTorch-on-HDFS guide (tiers: alias)",
    },
    { label: 'alluxio-2.2', description: 'Official chart 0.5.5, Alluxio 2.2 (tiers: mediumtype)' },
    { label: 'alluxio-2.9', description: 'Chart 0.6.x, Alluxio 2.9 (jvmOptions lists, fuse mountPoint)' },
  ])) as AlluxioConfigInput['flavour'];
  const uris = (cluster?.namenodes ?? []).map(namenodeUri);
  const hdfsUri = await w.pick(
    'HDFS root',
    [
      ...uris.map((u) => ({ label: u, description: 'found in the cluster' })),
      ...(uris.includes(SEED_ALLUXIO_INPUT.hdfsUri)
        ? []
        : [{ label: SEED_ALLUXIO_INPUT.hdfsUri, description: 'the hdfs-k8s chart with release "hdfs"' }]),
    ],
    {
      prompt: 'Root under file system URI',
      value: 'hdfs://',
      validate: (s) => (/^hdfs:\/\/[^/:]+(:\d+)?(\/.*)?$/.test(s) ? undefined : 'hdfs://HOST:PORT[/path]'),
    },
  );
  const medium = (await w.pick('cache medium', [
    { label: 'MEM', description: '/dev/shm (tmpfs)' },
    { label: 'SSD' },
    { label: 'HDD' },
  ])) as AlluxioConfigInput['medium'];
  const quota = await w.input(
    'cache quota',
    'Cache size per worker (counts against the worker memory for MEM)',
    SEED_ALLUXIO_INPUT.quota,
    sizeOk,
  );
  const labels = new Map<string, number>();
  for (const node of cluster?.nodeLabels ?? [])
    for (const [k, v] of Object.entries(node))
      if (!k.includes('kubernetes.io/')) labels.set(`${k}=${v}`, (labels.get(`${k}=${v}`) ?? 0) + 1);
  const selector = await w.pick(
    'node selector',
    [
      ...[...labels].map(([l, n]) => ({ label: l, description: `${n} node(s)` })),
      ...(labels.has('dataset=mnist')
        ? []
        : [{ label: 'dataset=mnist', description: "recommended (Alluxio's PyTorch-on-HDFS guide)" }]),
      { label: '(none)', value: '', description: 'run on every node' },
    ],
    {
      prompt: 'key=value',
      value: 'dataset=mnist',
      validate: (s) => (/^[\w./-]+=[\w.-]*$/.test(s) ? undefined : 'key=value'),
    },
  );
  const image = await w.input(
    'image',
    'Alluxio image (repository:tag)',
    `${SEED_ALLUXIO_INPUT.image}:${SEED_ALLUXIO_INPUT.imageTag}`,
  );
  const fuseOptions = await w.input('FUSE', 'FUSE mount options (e.g. direct_io)', SEED_ALLUXIO_INPUT.fuse.options);
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

export async function newHdfsValues(_deps: AuthoringDeps, p: Prompter, target: CommandTarget): Promise<vscode.Uri[]> {
  const w = new Wizard(p, 'New HDFS values', 2);
  const folder = await targetFolder(p, target);
  const mode = await w.pick('mode', [
    { label: 'simple', description: 'one namenode, no HA (recommended)' },
    { label: 'ha', description: 'HA namenodes with zookeeper and journal nodes' },
  ]);
  const label = await w.input(
    'namenode node label',
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

export async function newTrainingImage(
  _deps: AuthoringDeps,
  p: Prompter,
  target: CommandTarget,
): Promise<vscode.Uri[]> {
  const w = new Wizard(p, 'New Training Image', 2);
  const folder = await targetFolder(p, target);
  const baseImage = await w.pick(
    'base image',
    [
      { label: SEED_IMAGE_INPUT.baseImage, description: "as in Alluxio's PyTorch-on-HDFS guide" },
      { label: 'docker.io/pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime' },
    ],
    { prompt: 'Base image (registry/repository:tag)', value: 'docker.io/pytorch/pytorch:' },
  );
  const script = await w.input('script', 'Training script file name', SEED_IMAGE_INPUT.script, (s) =>
    /^[\w.-]+\.py$/.test(s) ? undefined : 'A file name ending in .py',
  );
  return writeFiles(p, folder, generateTrainingImage({ baseImage, script }));
}

export async function newTrainingJob(deps: AuthoringDeps, p: Prompter, target: CommandTarget): Promise<vscode.Uri[]> {
  // With Fluid Datasets in the cluster, the data may come from one of them (its PVC) instead of FUSE.
  const datasets = (await deps.clusterOffers?.().catch(() => undefined))?.datasets ?? [];
  const w = new Wizard(p, 'New Training Job', datasets.length ? 7 : 6);
  const folder = await targetFolder(p, target);
  const kind = (await w.pick('kind', [
    { label: 'TFJob', description: "arena submit tf (as in Alluxio's PyTorch-on-HDFS guide)" },
    { label: 'PyTorchJob', description: 'arena submit pytorch' },
  ])) as TrainingJobInput['kind'];
  const name = await w.input('name', 'Job name', SEED_JOB_INPUT.name, (s) =>
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) ? undefined : 'Lower-case letters, digits and -',
  );
  const image = await w.pick('image', jobImageOffers(deps.recent?.builtImage()), {
    prompt: 'Training image',
    value: deps.recent?.builtImage() ?? SEED_JOB_INPUT.image,
    validate: (s) => checkImageTag(s),
  });
  const gpus = Number(
    await w.input('GPUs', 'GPUs per worker', String(SEED_JOB_INPUT.gpus), (s) =>
      /^\d+$/.test(s) ? undefined : 'A number',
    ),
  );
  const selector = await w.pick(
    'node selector',
    [
      ...(await jobSelectorOffers(deps, folder.fsPath)).map((o) => ({ label: o.selector, description: o.description })),
      { label: '(none)', value: '', description: 'any node (the FUSE mount may not be there)' },
    ],
    {
      prompt: 'key=value[,key=value] of the nodes with the Alluxio FUSE mount',
      value: 'dataset=mnist',
      validate: (s) => (/^[\w./-]+=[\w.-]*(,[\w./-]+=[\w.-]*)*$/.test(s) ? undefined : 'key=value[,key=value]'),
    },
  );
  const fluidDataset = datasets.length ? await pickFluidDataset(w, datasets) : undefined;
  const dataDir = fluidDataset
    ? ''
    : await w.input(
        'data',
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
      selector: parseSelector(selector),
      dataDir: host && container ? { host, container } : undefined,
      fluidDataset,
    }),
  });
}

const HOST_PATH = '\u0000hostPath';

/** The data source step when Fluid Datasets exist: the FUSE folder, or a dataset's PVC and where to mount it. */
async function pickFluidDataset(
  w: Wizard,
  datasets: { name: string; namespace: string }[],
): Promise<{ claim: string; container: string } | undefined> {
  const chosen = await w.pick('data source', [
    {
      label: 'Alluxio FUSE folder (hostPath)',
      description: "as in Alluxio's PyTorch-on-HDFS guide",
      value: HOST_PATH,
    },
    ...datasets.slice(0, 50).map((d) => ({
      label: `Fluid dataset ${d.name}`,
      description: `PersistentVolumeClaim ${d.name} in namespace ${d.namespace}: submit the job there`,
      value: d.name,
    })),
  ]);
  if (chosen === HOST_PATH) return undefined;
  const container = await w.input('mount path', 'Where the dataset appears in the container', '/data', (s) =>
    s.startsWith('/') ? undefined : 'An absolute path',
  );
  return { claim: chosen, container };
}

async function validateFile(deps: AuthoringDeps, target: CommandTarget): Promise<number> {
  const file = fileOf(target);
  const uri = file ? vscode.Uri.file(file) : vscode.window.activeTextEditor?.document.uri;
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
export function authoringCommands(deps: AuthoringDeps, prompter: Prompter): CommandTable {
  return {
    'alluxioDl.newAlluxioConfig': { run: (t) => newAlluxioConfig(deps, prompter, t) },
    'alluxioDl.newHdfsValues': { run: (t) => newHdfsValues(deps, prompter, t) },
    'alluxioDl.newTrainingImage': { run: (t) => newTrainingImage(deps, prompter, t) },
    'alluxioDl.newTrainingJob': { run: (t) => newTrainingJob(deps, prompter, t) },
    'alluxioDl.validateFile': { run: (t) => validateFile(deps, t) },
    'alluxioDl.newFluidDataset': { run: (t) => newFluidDataset(deps, prompter, t) },
    'alluxioDl.convertToFluid': { run: (t) => convertToFluid(deps, prompter, t) },
  };
}
