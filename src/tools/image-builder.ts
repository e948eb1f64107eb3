/**
 * Builds (and pushes) images with docker, podman or buildah: the one the setting names, or with
 * `auto` the first of them that answers its probe (a docker CLI whose daemon is down is skipped).
 */
import {
  classifyBuildFailure,
  explainBuildFailure,
  noBuilderMessage,
  probeArgs,
  probeProblem,
  type ProbeResult,
} from '../core/apply/builder-probe';
import { BUILDERS, buildArgs, pushArgs, type Builder, type BuildRequest } from '../core/apply/image-args';
import { ToolMissingError, whichOnPath } from './find';
import type { OutputSink } from './helm';
import { CancelledError, displayCommandLine, runProgram } from './process';

export interface FoundBuilder {
  builder: Builder;
  binary: string;
}

/** How long one probe may take before the builder counts as not working. */
export const PROBE_TIMEOUT_MS = 5000;

/** Runs one builder's probe; resolves with why it does not work (problem) or without one. */
export async function probeBuilder(
  builder: Builder,
  env: NodeJS.ProcessEnv,
  timeoutMs = PROBE_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  const binary = whichOnPath(builder, env.PATH);
  if (!binary) return { builder };
  const timer = AbortSignal.timeout(timeoutMs);
  const both = signal ? AbortSignal.any([signal, timer]) : timer;
  try {
    const r = await runProgram(binary, probeArgs(builder), { env, signal: both, killGraceMs: 500 });
    if (signal?.aborted) throw new CancelledError(`Checking ${builder}`);
    return { builder, binary, problem: probeProblem(builder, { ...r, timedOut: r.cancelled }, timeoutMs) };
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    return { builder, binary, problem: `could not be started: ${(e as Error).message}` };
  }
}

/**
 * The builder to use: the setting's (when it works), or with 'auto' the first of docker, podman,
 * buildah that works. Throws ToolMissingError naming each one tried and the setting that picks another.
 */
export async function chooseBuilder(
  setting: 'auto' | Builder,
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number; signal?: AbortSignal; onProbe?: (r: ProbeResult) => void } = {},
): Promise<FoundBuilder> {
  const tried: ProbeResult[] = [];
  for (const b of setting === 'auto' ? BUILDERS : [setting]) {
    const r = await probeBuilder(b, env, options.timeoutMs, options.signal);
    options.onProbe?.(r);
    if (r.binary && !r.problem) return { builder: b, binary: r.binary };
    tried.push(r);
  }
  throw new ToolMissingError(
    setting === 'auto' ? 'an image builder' : setting,
    'alluxioDl.imageBuilder',
    noBuilderMessage(setting, tried),
  );
}

export class ImageBuilder {
  constructor(
    readonly found: FoundBuilder,
    private readonly output: OutputSink,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private async run(args: string[], what: string, signal?: AbortSignal, cwd?: string): Promise<void> {
    this.output.append(`$ ${displayCommandLine(this.found.builder, args)}\n`);
    const r = await runProgram(this.found.binary, args, {
      signal,
      cwd,
      env: this.env,
      onOutput: (t) => this.output.append(t),
    });
    if (r.cancelled) {
      this.output.append(`[cancelled: ${this.found.builder} (pid ${r.pid}) was stopped]\n`);
      throw new CancelledError(what);
    }
    if (r.code !== 0) {
      const known = classifyBuildFailure(`${r.stdout}\n${r.stderr}`);
      if (known) throw new BuildError(explainBuildFailure(this.found.builder, known), known.kind);
      const last = r.stderr.trim().split('\n').pop() ?? '';
      throw new BuildError(
        `${this.found.builder} ${args[0]} failed (exit code ${r.code})${last ? `: ${last}` : ''}. See the "Alluxio DL: Build" output.`,
      );
    }
  }

  build(req: BuildRequest, signal?: AbortSignal): Promise<void> {
    return this.run(buildArgs(this.found.builder, req), `Building ${req.tag}`, signal, req.contextDir);
  }

  push(tag: string, signal?: AbortSignal): Promise<void> {
    return this.run(pushArgs(this.found.builder, tag), `Pushing ${tag}`, signal);
  }
}

/** A failed build or push; `kind` when its output said why (no network, an unqualified name). */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly kind?: 'network' | 'shortName',
  ) {
    super(message);
    this.name = 'BuildError';
  }
}
