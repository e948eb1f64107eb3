/** The arena CLI (kubeflow/arena), used for `arena submit` when it is on PATH and the user chooses it. */
import { arenaSubmitArgs } from '../core/apply/arena-args';
import type { TrainingJobInput } from '../core/generate/training-job';
import { whichOnPath } from './find';
import type { OutputSink } from './helm';
import { CancelledError, displayCommandLine, runProgram } from './process';

export function findArena(envPath: string | undefined = process.env.PATH): string | undefined {
  return whichOnPath('arena', envPath);
}

export function arenaCommandLine(input: TrainingJobInput, namespace?: string): string {
  return displayCommandLine('arena', arenaSubmitArgs(input, namespace));
}

export async function arenaSubmit(
  binary: string,
  input: TrainingJobInput,
  output: OutputSink,
  opts: { namespace?: string; signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  const args = arenaSubmitArgs(input, opts.namespace);
  output.append(`$ ${displayCommandLine('arena', args)}\n`);
  const r = await runProgram(binary, args, { signal: opts.signal, env: opts.env, onOutput: (t) => output.append(t) });
  if (r.cancelled) throw new CancelledError('arena submit');
  if (r.code !== 0)
    throw new Error(`arena submit failed (exit code ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}`);
}
