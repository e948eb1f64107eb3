/**
 * Submit Training Job: a TFJob/PyTorchJob from a form (the PyTorch-on-HDFS guide's arena flags) or a job file, checked
 * before it goes (node selector, FUSE pods, data path, free GPUs; then data readiness: the dataset in HDFS,
 * mounted and cached in Alluxio), then created by server-side apply
 * (fieldManager alluxio-dl; a conflict names the other manager and its fields and offers Force), or
 * with `arena submit` when arena is on PATH and chosen (the command line is shown first).
 */
import { fileOf, optionsOf, type CommandTarget } from '../../core/command-target';
import * as fs from 'node:fs';
import { jsYaml } from '../../core/yaml/js-yaml';
import { describeConflict, parseApplyConflict } from '../../core/apply/conflict';
import { jobFacts } from '../../core/apply/job-facts';
import { alluxioNodeSelector, presubmitChecks, type PresubmitWarning } from '../../core/apply/presubmit';
import { generateTrainingJob, SEED_JOB_INPUT, type TrainingJobInput } from '../../core/generate/training-job';
import type { KubeObject, ResourceKind } from '../../core/model/kinds';
import { isClusterError, type ClusterClient } from '../../k8s/cluster-client';
import { arenaCommandLine, arenaSubmit, findArena } from '../../tools/arena';
import { isCancelled } from '../../tools/process';
import { readinessBeforeSubmit } from '../data/readiness';
import { done, stopped, type ApplyDeps, type ApplyOutcome } from './deps';
import { editorFile } from './editor-file';

export { jobFacts };

export const FIELD_MANAGER = 'alluxio-dl';
export const SUBMIT_ANYWAY = 'Submit anyway';
export const FORCE = 'Force';

export interface SubmitArgs {
  /** Form values; missing ones are asked for (defaults: the PyTorch-on-HDFS guide's job, the Alluxio release's nodeSelector). */
  input?: Partial<TrainingJobInput>;
  /** A TFJob/PyTorchJob YAML file instead of the form. */
  file?: string;
  namespace?: string;
  /** true: arena submit; false: server-side apply; undefined: ask when arena is on PATH. */
  useArena?: boolean;
}

function kindOf(job: KubeObject): ResourceKind | undefined {
  if (job.apiVersion !== 'kubeflow.org/v1') return undefined;
  return job.kind === 'TFJob' ? 'tfjobs' : job.kind === 'PyTorchJob' ? 'pytorchjobs' : undefined;
}

async function formInput(
  deps: ApplyDeps,
  given: Partial<TrainingJobInput>,
  daemonsets: KubeObject[],
): Promise<TrainingJobInput | undefined> {
  const defaults: TrainingJobInput = {
    ...SEED_JOB_INPUT,
    image: deps.recent.builtImage() ?? SEED_JOB_INPUT.image,
    selector: alluxioNodeSelector(daemonsets) ?? SEED_JOB_INPUT.selector,
  };
  const ask = async (
    key: keyof TrainingJobInput,
    title: string,
    show: string,
    validate?: (v: string) => string | undefined,
  ) => (given[key] !== undefined ? undefined : deps.prompter.input({ title, value: show, validate }));
  const out: TrainingJobInput = { ...defaults, ...given } as TrainingJobInput;
  const name = await ask('name', 'Job name', defaults.name, (v) =>
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) ? undefined : 'lower-case letters, digits and "-"',
  );
  if (given.name === undefined) {
    if (!name) return undefined;
    out.name = name;
  }
  const image = await ask('image', 'Image', defaults.image);
  if (given.image === undefined) {
    if (!image) return undefined;
    out.image = image;
  }
  const gpus = await ask('gpus', 'GPUs per worker', String(defaults.gpus), (v) =>
    /^\d+$/.test(v) ? undefined : 'a whole number',
  );
  if (given.gpus === undefined) {
    if (gpus === undefined) return undefined;
    out.gpus = Number(gpus);
  }
  const workers = await ask('workers', 'Workers', String(defaults.workers), (v) =>
    /^[1-9]\d*$/.test(v) ? undefined : 'at least 1',
  );
  if (given.workers === undefined) {
    if (workers === undefined) return undefined;
    out.workers = Number(workers);
  }
  const sel = await ask(
    'selector',
    'Node selector (key=value,...)',
    Object.entries(defaults.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  );
  if (given.selector === undefined) {
    if (sel === undefined) return undefined;
    out.selector = Object.fromEntries(
      sel
        .split(',')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
  }
  const command = await ask('command', 'Command', defaults.command);
  if (given.command === undefined) {
    if (!command) return undefined;
    out.command = command;
  }
  return out;
}

export async function submitJob(deps: ApplyDeps, target: CommandTarget): Promise<ApplyOutcome> {
  const file = fileOf(target);
  const args: SubmitArgs = file ? { file } : optionsOf<SubmitArgs>(target);
  // From the palette: the TFJob/PyTorchJob open in the editor, when one is, instead of the form.
  if (target.type === 'none') {
    const open = await editorFile(deps, 'job', 'Training job to submit');
    if (open.type === 'declined') return stopped('declined');
    if (open.type === 'file') args.file = open.path;
  }
  const client = await deps.client();
  const [nodes, pods, daemonsets] = await Promise.all([
    client.list('nodes', ''),
    client.list('pods', ''),
    client.list('daemonsets', ''),
  ]);

  let job: KubeObject;
  let input: TrainingJobInput | undefined;
  if (args.file) {
    job = jsYaml().load(fs.readFileSync(args.file, 'utf8')) as KubeObject;
    if (!job || !kindOf(job)) return stopped('notAJob', `${args.file} is not a kubeflow.org/v1 TFJob or PyTorchJob.`);
  } else {
    input = await formInput(deps, args.input ?? {}, daemonsets.items);
    if (!input) return stopped('declined');
    job = jsYaml().load(generateTrainingJob(input)) as KubeObject;
  }
  // The options' namespace, else the file's own, else the explorer's.
  const namespace = args.namespace ?? job.metadata.namespace ?? (deps.cluster().namespace || 'default');
  job.metadata.namespace = namespace;
  const kind = kindOf(job)!;
  const what = `${job.kind} ${namespace}/${job.metadata.name}`;

  const warnings: PresubmitWarning[] = presubmitChecks({
    ...jobFacts(job),
    nodes: nodes.items,
    pods: pods.items,
    daemonsets: daemonsets.items,
  });
  if (warnings.length) {
    deps.log.warn(`${what}: ${warnings.map((w) => w.message).join(' | ')}`);
    const go = await deps.prompter.warn(
      `Before submitting ${what}: ${warnings.length === 1 ? warnings[0].message : `${warnings.length} problems.`}`,
      { modal: true, detail: warnings.map((w) => `• ${w.message}`).join('\n') },
      SUBMIT_ANYWAY,
    );
    if (go !== SUBMIT_ANYWAY) return stopped('warnings', warnings.map((w) => w.message).join('\n'), { warnings });
  }
  const ready = await readinessBeforeSubmit(
    deps,
    client,
    job,
    { nodes: nodes.items, pods: pods.items, daemonsets: daemonsets.items },
    warnings.map((w) => w.code),
    SUBMIT_ANYWAY,
  );
  if (ready === 'stop')
    return stopped('notReady', `Data readiness of ${what} failed; nothing was submitted.`, { warnings });
  if (ready !== 'submit')
    return stopped('fixing', `Ran ${ready.fix} for ${what}; submit again when it is done.`, { warnings });

  const arena = input ? findArena(deps.env().PATH) : undefined;
  let useArena = args.useArena ?? false;
  if (arena && args.useArena === undefined) {
    const how = await deps.prompter.pickOne(
      [
        { label: 'Server-side apply', description: `fieldManager ${FIELD_MANAGER}`, value: false },
        { label: 'arena submit', description: arena, value: true },
      ],
      { title: `Submit ${what} with` },
    );
    if (how === undefined) return stopped('declined');
    useArena = how;
  }
  if (useArena && input) return submitWithArena(deps, arena, input, namespace);
  const applied = await applyJob(deps, client, kind, namespace, job, what, warnings);
  return args.file && applied.ok ? { ...applied, file: args.file } : applied;
}

async function applyJob(
  deps: ApplyDeps,
  client: ClusterClient,
  kind: ResourceKind,
  namespace: string,
  job: KubeObject,
  what: string,
  warnings: PresubmitWarning[],
): Promise<ApplyOutcome> {
  let force = false;
  for (;;) {
    try {
      await client.apply(kind, namespace, job, { fieldManager: FIELD_MANAGER, force });
      break;
    } catch (e) {
      const conflict = isClusterError(e) && e.kind === 'conflict' ? parseApplyConflict(e.message) : undefined;
      if (!conflict || force) throw e;
      const message = describeConflict(conflict, what);
      deps.log.warn(message);
      const choice = await deps.prompter.warn(message, { modal: true }, FORCE);
      if (choice !== FORCE) return stopped('conflict', message, { conflict });
      force = true;
    }
  }
  const message = `Submitted ${what} (server-side apply, field manager ${FIELD_MANAGER}${force ? ', forced' : ''}).`;
  deps.log.info(message);
  void deps.prompter.info(message);
  return done('submitted', message, { warnings, forced: force });
}

async function submitWithArena(
  deps: ApplyDeps,
  arena: string | undefined,
  input: TrainingJobInput,
  namespace: string,
): Promise<ApplyOutcome> {
  if (!arena) {
    const message = 'arena was not found on PATH: install it (kubeflow/arena), or submit with server-side apply.';
    void deps.prompter.error(message);
    return stopped('arenaMissing', message);
  }
  const line = arenaCommandLine(input, namespace);
  const RUN = 'Run';
  if ((await deps.prompter.info('Run this arena command?', { modal: true, detail: line }, RUN)) !== RUN)
    return stopped('declined', undefined, { commandLine: line });
  try {
    await deps.prompter.progress(`arena submit ${input.name}`, (_r, signal) =>
      arenaSubmit(arena, input, deps.outputs.submit, { namespace, signal, env: deps.env() }),
    );
  } catch (e) {
    if (isCancelled(e)) return stopped('cancelled', 'arena submit was cancelled: arena was stopped.');
    void deps.prompter.error((e as Error).message, {}, 'Show Output').then((c) => {
      if (c) deps.outputs.submit.show();
    });
    return stopped('arenaFailed', (e as Error).message, { commandLine: line });
  }
  return done('submitted', `Submitted ${input.name} with arena.`, { commandLine: line });
}
