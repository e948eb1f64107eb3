/**
 * "Apply Fluid Dataset": the data.fluid.io objects of the open file (Dataset, AlluxioRuntime, DataLoad)
 * created or updated by server-side apply (field manager alluxio-dl), after the same schema checks the
 * editor shows (errors block unless "Apply anyway"; a conflict names the other manager and offers Force).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileOf, optionsOf, type CommandTarget } from '../core/command-target';
import { describeConflict, parseApplyConflict } from '../core/apply/conflict';
import { analyzeYaml } from '../core/checks/diagnose';
import type { KubeObject } from '../core/model/kinds';
import { isClusterError } from '../k8s/cluster-client';
import { fluidKindOf } from '../k8s/fluid';
import { done, lineOf, stopped, type ApplyDeps, type ApplyOutcome } from './apply/deps';
import { FIELD_MANAGER, FORCE } from './apply/submit';

export const APPLY_ANYWAY = 'Apply anyway';
/** A file with more Fluid objects than this is not one a person wrote for one dataset. */
const MAX_OBJECTS = 20;
/** Larger files are refused before parsing. */
const MAX_BYTES = 1_000_000;

/** What Apply Fluid Dataset did: the objects applied, as `Kind ns/name`. */
export type FluidApplyOutcome = ApplyOutcome & { applied?: string[] };

export interface ApplyFluidArgs {
  file?: string;
  /** Used for objects without metadata.namespace (default: the explorer's namespace). */
  namespace?: string;
}

/** The open file's path: the command's file target, else what the caller names (tests), else undefined. */
export async function applyFluid(
  deps: ApplyDeps,
  target: CommandTarget,
  activeFile: () => string | undefined,
): Promise<FluidApplyOutcome> {
  const args = optionsOf<ApplyFluidArgs>(target);
  const file = fileOf(target) ?? args.file ?? activeFile();
  if (!file) {
    const message = 'Open a Fluid Dataset file (or run "New Fluid Dataset"), then run "Apply Fluid Dataset".';
    void deps.prompter.error(message);
    return stopped('noFile', message);
  }
  const size = fs.statSync(file).size;
  if (size > MAX_BYTES) {
    const message = `${path.basename(file)} is ${size} bytes: too large for a Dataset file (limit ${MAX_BYTES}).`;
    void deps.prompter.error(message);
    return stopped('tooLarge', message);
  }
  const text = fs.readFileSync(file, 'utf8');
  const analysis = analyzeYaml(text, file, { store: deps.schemas(), globs: deps.settings().schemas });
  const objects = analysis.documents
    .map((d) => d.document.value)
    .filter((v): v is KubeObject => fluidKindOf(v) !== undefined);
  if (objects.length === 0) {
    const message = `${path.basename(file)} holds no Fluid Dataset, AlluxioRuntime or DataLoad (apiVersion data.fluid.io/v1alpha1).`;
    void deps.prompter.error(message);
    return stopped('notFluid', message);
  }
  if (objects.length > MAX_OBJECTS) {
    const message = `${path.basename(file)} holds ${objects.length} Fluid objects; at most ${MAX_OBJECTS} are applied at once.`;
    void deps.prompter.error(message);
    return stopped('tooMany', message);
  }
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const list = errors.slice(0, 8).map((p) => `line ${lineOf(text, p.start)}: ${p.message}`);
    const message = `${path.basename(file)} has ${errors.length} error${errors.length > 1 ? 's' : ''} against Fluid's schemas; the API server may reject it.`;
    deps.log.warn(`${message}\n${list.join('\n')}`);
    const choice = await deps.prompter.warn(message, { modal: true, detail: list.join('\n') }, APPLY_ANYWAY);
    if (choice !== APPLY_ANYWAY) return stopped('invalid', message, { errors: list });
  }

  const client = await deps.client();
  const fallback = args.namespace ?? (deps.cluster().namespace || 'default');
  const applied: string[] = [];
  let force = false;
  for (const o of objects) {
    const kind = fluidKindOf(o)!;
    const namespace = o.metadata?.namespace || fallback;
    const object = { ...o, metadata: { ...o.metadata, namespace } };
    const what = `${o.kind} ${namespace}/${o.metadata?.name}`;
    for (;;) {
      try {
        await client.apply(kind, namespace, object, { fieldManager: FIELD_MANAGER, force });
        applied.push(what);
        break;
      } catch (e) {
        const conflict = isClusterError(e) && e.kind === 'conflict' ? parseApplyConflict(e.message) : undefined;
        if (!conflict || force) {
          const message = `Applied ${applied.length ? applied.join(', ') : 'nothing'}; ${what} failed: ${(e as Error).message}`;
          deps.log.error(message);
          void deps.prompter.error(message);
          return { ...stopped('failed', message), applied };
        }
        const message = describeConflict(conflict, what);
        deps.log.warn(message);
        if ((await deps.prompter.warn(message, { modal: true }, FORCE)) !== FORCE)
          return { ...stopped('conflict', message, { conflict }), applied };
        force = true;
      }
    }
  }
  const message = `Applied ${applied.join(', ')} (server-side apply, field manager ${FIELD_MANAGER}${force ? ', forced' : ''}).`;
  deps.log.info(message);
  void deps.prompter.info(message);
  return { ...done('applied', message, { forced: force }), applied };
}
