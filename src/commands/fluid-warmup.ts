/**
 * "Warm Up (DataLoad)" on a Fluid Dataset: creates a DataLoad of a path in it and follows the phase Fluid
 * writes until Complete or Failed, in a notification whose Cancel asks whether to delete the DataLoad
 * (Fluid then stops its loader job).
 */
import { nodeOf, optionsOf, valueOf, type CommandTarget } from '../core/command-target';
import type { DataLoadRec } from '../core/model/fluid-model';
import { dataLoadObject, followDataLoad } from '../k8s/fluid';
import { done, stopped, type ApplyDeps, type ApplyOutcome } from './apply/deps';
import { FIELD_MANAGER } from './apply/submit';

export const DELETE_DATALOAD = 'Delete DataLoad';
export const KEEP_DATALOAD = 'Keep it running';

export interface WarmUpArgs {
  dataset?: string;
  namespace?: string;
  /** Paths in the dataset to load (default: asked, "/" offered). */
  paths?: string[];
  /** The DataLoad's name (default: `<dataset>-warmup-<time>`). */
  name?: string;
}

export type WarmUpOutcome = ApplyOutcome & { dataLoad?: string; phase?: string; duration?: string };

const PATH_OK = (s: string) =>
  s
    .split(',')
    .map((p) => p.trim())
    .every((p) => p.startsWith('/') && p.length < 1000)
    ? undefined
    : 'Absolute paths in the dataset, separated by commas (e.g. / or /MNIST/raw)';

function datasetOf(target: CommandTarget): { dataset?: string; namespace?: string } {
  const ref = nodeOf(target)?.ref;
  if (ref?.kind === 'datasets') return { dataset: ref.name, namespace: ref.namespace };
  return {};
}

export async function fluidWarmUp(deps: ApplyDeps, target: CommandTarget): Promise<WarmUpOutcome> {
  const args: WarmUpArgs = { ...optionsOf<WarmUpArgs>(target), ...datasetOf(target) };
  const namespace = args.namespace || deps.cluster().namespace || 'default';
  const client = await deps.client();
  let dataset = args.dataset ?? valueOf(target);
  if (!dataset) {
    const listed = await client.list('datasets', namespace);
    dataset = await deps.prompter.pickOne(
      listed.items.slice(0, 200).map((d) => ({
        label: d.metadata.name,
        description: String(d.status?.cacheStates?.cachedPercentage ?? ''),
        value: d.metadata.name,
      })),
      { title: `Warm Up: which Fluid dataset in ${namespace}?` },
    );
    if (!dataset) return stopped('declined');
  }
  let paths = args.paths;
  if (!paths) {
    const typed = await deps.prompter.input({
      title: `Warm Up ${namespace}/${dataset}: paths to load into the cache`,
      value: '/',
      validate: PATH_OK,
    });
    if (typed === undefined) return stopped('declined');
    paths = typed.split(',').map((p) => p.trim());
  } else if (PATH_OK(paths.join(','))) return stopped('badPath', PATH_OK(paths.join(',')));

  const name = args.name ?? `${dataset.slice(0, 40)}-warmup-${Date.now().toString(36)}`;
  await client.apply('dataloads', namespace, dataLoadObject(namespace, name, dataset, paths), {
    fieldManager: FIELD_MANAGER,
  });
  const what = `DataLoad ${namespace}/${name}`;
  deps.log.info(`${what} created for dataset ${dataset}, paths ${paths.join(', ')}`);

  let last: DataLoadRec | undefined;
  try {
    last = await deps.prompter.progress(`Warming up ${dataset}`, (report, signal) =>
      followDataLoad(
        client,
        namespace,
        name,
        (d) => {
          last = d;
          report(`${d.phase || 'waiting for Fluid'}${d.duration ? ` · ${d.duration}` : ''}`);
          deps.log.info(`${what}: ${d.phase || 'no phase yet'}${d.duration ? ` (${d.duration})` : ''}`);
        },
        signal,
      ),
    );
  } catch (e) {
    if (!isAbort(e)) {
      const message = `${what}: ${(e as Error).message}`;
      deps.log.error(message);
      void deps.prompter.error(message);
      return { ...stopped('failed', message), dataLoad: name, phase: last?.phase };
    }
    const choice = await deps.prompter.warn(
      `Stop following ${what}? It is ${last?.phase || 'not started'}; deleting it stops Fluid's loader.`,
      { modal: true },
      DELETE_DATALOAD,
      KEEP_DATALOAD,
    );
    if (choice === DELETE_DATALOAD) {
      await client.delete('dataloads', namespace, name);
      deps.log.info(`${what} deleted on Cancel`);
      return { ...stopped('cancelled', `${what} deleted.`), dataLoad: name, phase: last?.phase };
    }
    return { ...stopped('detached', `${what} keeps running.`), dataLoad: name, phase: last?.phase };
  }
  const ok = last.phase === 'Complete';
  const message = `${what} ${ok ? 'completed' : 'failed'}${last.duration ? ` in ${last.duration}` : ''}${last.message ? `: ${last.message}` : ''}.`;
  deps.log[ok ? 'info' : 'error'](message);
  void (ok ? deps.prompter.info(message) : deps.prompter.error(message));
  const outcome = ok ? done('complete', message) : stopped('loadFailed', message);
  return { ...outcome, dataLoad: name, phase: last.phase, duration: last.duration };
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || /abort|cancel/i.test(e.message));
}
