/** Builds (and pushes) images with docker, podman or buildah: chosen by the setting or the first on PATH. */
import { BUILDERS, buildArgs, pushArgs, type Builder, type BuildRequest } from '../core/apply/image-args';
import { ToolMissingError, whichOnPath } from './find';
import type { OutputSink } from './helm';
import { CancelledError, displayCommandLine, runProgram } from './process';

export interface FoundBuilder {
  builder: Builder;
  binary: string;
}

/** The builder to use: the setting's, or with 'auto' the first of docker, podman, buildah on PATH. */
export function findBuilder(setting: 'auto' | Builder, envPath: string | undefined = process.env.PATH): FoundBuilder {
  const candidates = setting === 'auto' ? BUILDERS : [setting];
  for (const b of candidates) {
    const binary = whichOnPath(b, envPath);
    if (binary) return { builder: b, binary };
  }
  const what = setting === 'auto' ? 'None of docker, podman or buildah' : setting;
  throw new ToolMissingError(
    setting === 'auto' ? 'an image builder' : setting,
    'alluxioDl.imageBuilder',
    `${what} was found on PATH. Install one, or choose another with the alluxioDl.imageBuilder setting.`,
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
      const last = r.stderr.trim().split('\n').pop() ?? '';
      throw new Error(
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
