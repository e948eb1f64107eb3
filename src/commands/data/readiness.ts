/**
 * Check Data Readiness: for a training job (a job in the explorer, a job file, or one picked), each
 * check with its verdict and its fix in one quick pick; picking a check with a fix runs our command for
 * it (Upload to HDFS, Warm Up Cache, Label Nodes for Dataset, Install Alluxio). Also what Submit
 * Training Job asks before it submits (readinessBeforeSubmit).
 */
import * as fs from 'node:fs';
import { fileOf, jobOf, optionsOf, type CommandTarget } from '../../core/command-target';
import { overall, type Check, type CheckId, type Verdict } from '../../core/data/readiness';
import type { KubeObject } from '../../core/model/kinds';
import { jsYaml } from '../../core/yaml/js-yaml';
import type { ClusterClient } from '../../k8s/cluster-client';
import type { Prompter } from '../../platform/prompter';
import { gatherReadiness, type JobReadiness } from './readiness-gather';
import type { ApplyDeps } from '../apply/deps';
import { ended, type DataDeps, type DataOutcome } from './deps';

export interface ReadinessArgs {
  namespace?: string;
  kind?: string;
  name?: string;
  /** a TFJob/PyTorchJob YAML file */
  file?: string;
}

const MAX_JOB_FILE = 2 * 1024 * 1024;
const ICON: Record<Verdict, string> = { pass: '$(pass)', warn: '$(warning)', fail: '$(error)', unknown: '$(question)' };

/** The command a check's fix runs, with its argument; undefined when no command of ours fixes it. */
export function fixCommand(check: Check, r: JobReadiness): { id: string; arg?: unknown } | undefined {
  switch (check.fix?.kind) {
    case 'upload':
      return { id: 'alluxioDl.uploadToHdfs', arg: r.hdfsPath ? { hdfsDir: r.hdfsPath } : undefined };
    case 'warmUp':
      return {
        id: 'alluxioDl.warmUpCache',
        arg: r.master && { release: r.master.release, namespace: r.master.namespace, path: r.alluxioPath },
      };
    case 'labelNodes':
      return { id: 'alluxioDl.labelNodes', arg: r.selector.dataset ? { dataset: r.selector.dataset } : undefined };
    case 'installFuse':
      return { id: 'alluxioDl.installAlluxio' };
    case 'applyFluid':
      return { id: 'alluxioDl.applyFluid' };
    case 'fluidWarmUp':
      return {
        id: 'alluxioDl.fluidWarmUp',
        arg: r.fluidDataset && { dataset: r.fluidDataset.name, namespace: r.fluidDataset.namespace },
      };
    default:
      return undefined;
  }
}

function loadJobFile(file: string): KubeObject {
  const size = fs.statSync(file).size;
  if (size > MAX_JOB_FILE) throw new Error(`${file} is ${size} bytes: a job file this large is not read (limit 2 MB).`);
  const docs = jsYaml().loadAll(fs.readFileSync(file, 'utf8')) as KubeObject[];
  const job = docs.find((d) => d?.apiVersion === 'kubeflow.org/v1' && /^(TFJob|PyTorchJob)$/.test(d?.kind ?? ''));
  if (!job) throw new Error(`${file} holds no kubeflow.org/v1 TFJob or PyTorchJob.`);
  job.metadata = { namespace: 'default', ...job.metadata };
  return job;
}

async function fetchJob(client: ClusterClient, ref: { namespace: string; kind: string; name: string }) {
  const kinds =
    ref.kind === 'PyTorchJob' ? ['pytorchjobs'] : ref.kind === 'TFJob' ? ['tfjobs'] : ['tfjobs', 'pytorchjobs'];
  for (const kind of kinds) {
    const found = (await client.list(kind as 'tfjobs', ref.namespace)).items.find((j) => j.metadata.name === ref.name);
    if (found) return found;
  }
  throw new Error(
    `Training job ${ref.namespace}/${ref.name} was not found (TFJob or PyTorchJob): refresh the explorer.`,
  );
}

async function pickJob(client: ClusterClient, prompter: Prompter, openFile?: string): Promise<KubeObject | undefined> {
  const jobs: KubeObject[] = [];
  for (const kind of ['tfjobs', 'pytorchjobs'] as const) {
    try {
      jobs.push(...(await client.list(kind, '')).items);
    } catch {
      // the CRD is not installed or not listable: no job of that kind to offer
    }
  }
  const items: { label: string; description?: string; value: () => KubeObject }[] = [];
  if (openFile) items.push({ label: 'The open job file', description: openFile, value: () => loadJobFile(openFile) });
  for (const j of jobs.slice(0, 1000))
    items.push({ label: j.metadata.name, description: `${j.kind} · ${j.metadata.namespace}`, value: () => j });
  if (!items.length) throw new Error('No training job (TFJob or PyTorchJob) in the cluster, and no job file is open.');
  return (await prompter.pickOne(items, { title: 'Check Data Readiness of which job?' }))?.();
}

export async function checkReadiness(deps: DataDeps, target: CommandTarget): Promise<DataOutcome> {
  const client = await deps.client();
  const ref = jobOf(target);
  const file = fileOf(target) ?? optionsOf<ReadinessArgs>(target).file;
  const job = file
    ? loadJobFile(file)
    : ref
      ? await fetchJob(client, ref)
      : await pickJob(client, deps.prompter, deps.activeJobFile?.());
  if (!job) return ended(false, 'declined');
  const what = `${job.kind} ${job.metadata.namespace}/${job.metadata.name}`;
  const r = await deps.prompter.progress(`Checking data readiness of ${what}`, (_p, signal) =>
    gatherReadiness(client, job, {
      signal,
      pickMaster: (masters) =>
        deps.prompter.pickOne(
          masters.map((m) => ({ label: m.release, description: `${m.namespace} · ${m.pod}`, value: m })),
          { title: `${what} reads through which Alluxio release?` },
        ),
    }),
  );
  const verdict = overall(r.checks);
  log(deps, what, r);
  const chosen = await deps.prompter.pickOne(
    r.checks.map((c) => {
      const fix = fixCommand(c, r);
      return {
        label: `${ICON[c.verdict]} ${c.title}`,
        description: c.verdict.toUpperCase(),
        detail: `${c.detail}${c.fix ? ` — Fix: ${c.fix.label}${fix ? '' : ' (by hand)'}` : ''}`,
        value: c,
      };
    }),
    { title: `Data readiness of ${what}: ${verdict.toUpperCase()} (pick a check to run its fix)` },
  );
  const fix = chosen && fixCommand(chosen, r);
  if (fix) await deps.runCommand?.(fix.id, fix.arg);
  return ended(verdict !== 'fail', 'checked', `${what}: ${verdict}`, { checks: r.checks, verdict, fix: fix?.id });
}

function log(deps: ApplyDeps, what: string, r: JobReadiness): void {
  const lines = r.checks.map((c) => `  ${c.verdict.padEnd(7)} ${c.title}: ${c.detail}`);
  deps.outputs.data.append(
    `Data readiness of ${what}\n${lines.join('\n')}\n${r.notes.map((n) => `  note: ${n}\n`).join('')}`,
  );
}

/** Checks that Submit's own checks (node selector, FUSE, GPUs) already put to the user. */
const PRESUBMIT_COVERS: Record<string, CheckId> = { noNode: 'nodes', noFuse: 'fuse', gpus: 'gpus' };

/**
 * Before Submit Training Job: the readiness of the job about to go. Nothing is shown when no check
 * fails (or when it could not be judged: logged only). Otherwise a modal names the failing checks and
 * offers `submitAnyway`, each fix, and Cancel. Resolves 'submit', 'stop', or the fix command run.
 */
export async function readinessBeforeSubmit(
  deps: ApplyDeps,
  client: ClusterClient,
  job: KubeObject,
  lists: { nodes: KubeObject[]; pods: KubeObject[]; daemonsets: KubeObject[] },
  alreadyWarned: readonly string[],
  submitAnyway: string,
): Promise<'submit' | 'stop' | { fix: string }> {
  const what = `${job.kind} ${job.metadata.namespace}/${job.metadata.name}`;
  const covered = new Set(alreadyWarned.map((c) => PRESUBMIT_COVERS[c]));
  const r = await deps.prompter.progress(
    `Checking data readiness of ${what}`,
    (_p, signal) => gatherReadiness(client, job, { signal, lists }),
    { quiet: true },
  );
  log(deps, what, r);
  const failing = r.checks.filter((c) => c.verdict === 'fail' && !covered.has(c.id));
  if (!failing.length) return 'submit';
  const fixes = new Map<string, { id: string; arg?: unknown }>();
  for (const c of failing) {
    const f = deps.runCommand && fixCommand(c, r);
    if (c.fix && f) fixes.set(c.fix.label, f);
  }
  const first = failing[0];
  const choice = await deps.prompter.warn(
    `Data not ready for ${what}: ${failing.length === 1 ? `${first.title} — ${first.detail}` : `${failing.length} checks fail.`}`,
    { modal: true, detail: failing.map((c) => `• ${c.title}: ${c.detail}`).join('\n') },
    submitAnyway,
    ...fixes.keys(),
  );
  if (choice === submitAnyway) return 'submit';
  const fix = choice ? fixes.get(choice) : undefined;
  if (!fix) return 'stop';
  await deps.runCommand?.(fix.id, fix.arg);
  return { fix: fix.id };
}
