/** helm, run with argument arrays built in core/apply/helm-args. Output goes to a sink; cancel kills helm. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jsYaml } from '../core/yaml/js-yaml';
import {
  dependencyBuildArgs,
  dryRunRelease,
  getHooksArgs,
  getManifestArgs,
  helmErrorLine,
  historyArgs,
  isReleaseNotFound,
  listArgs,
  parseJsonArray,
  rollbackArgs,
  templateArgs,
  uninstallArgs,
  upgradeInstallArgs,
  type ClusterTarget,
  type HelmReleaseRow,
  type RenderedRelease,
  type HelmRevision,
  type InstallRequest,
  type ReleaseRef,
} from '../core/apply/helm-args';
import { copyChart, type ChartCopy } from './chart-copy';
import { CancelledError, displayCommandLine, runProgram, type RunResult } from './process';

export interface OutputSink {
  append(text: string): void;
}

/** helm ran and failed: its own error line, the command and the exit code. */
export class HelmError extends Error {
  constructor(
    readonly result: RunResult,
    readonly summary: string,
  ) {
    super(summary);
    this.name = 'HelmError';
  }
  /** What helm said went wrong (its error line, with the causes of "N errors occurred"). */
  get helmCause(): string {
    return helmErrorLine(this.result.stderr);
  }
  get notFound(): boolean {
    return isReleaseNotFound(this.result.stderr);
  }
}

export class Helm {
  constructor(
    readonly binary: string,
    private readonly output: OutputSink,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Runs helm; resolves with stdout; rejects with HelmError or CancelledError. */
  async run(
    args: string[],
    opts: { signal?: AbortSignal; cwd?: string; quiet?: boolean; env?: Record<string, string> } = {},
  ): Promise<string> {
    const line = displayCommandLine('helm', args);
    this.output.append(`$ ${line}\n`);
    const result = await runProgram(this.binary, args, {
      signal: opts.signal,
      cwd: opts.cwd,
      env: opts.env ? { ...this.env, ...opts.env } : this.env,
      onOutput: opts.quiet ? (t, s) => s === 'stderr' && this.output.append(t) : (t) => this.output.append(t),
    });
    if (result.cancelled) {
      this.output.append(`[cancelled: helm (pid ${result.pid}) was stopped]\n`);
      throw new CancelledError(`helm ${args[0]}`);
    }
    if (result.code !== 0) {
      this.output.append(`[helm exited with code ${result.code}]\n`);
      throw new HelmError(result, `helm ${args[0]} failed: ${helmErrorLine(result.stderr)}`);
    }
    return result.stdout;
  }

  async version(): Promise<string> {
    return (await this.run(['version', '--short'], { quiet: true })).trim();
  }

  /** The manifests and hooks `helm upgrade --install` would apply (nothing is changed). */
  async preview(req: InstallRequest, signal?: AbortSignal): Promise<RenderedRelease> {
    const env = req.postRenderer?.env;
    return dryRunRelease(await this.run(upgradeInstallArgs(req, { dryRun: true }), { signal, quiet: true, env }));
  }

  /** The chart rendered locally (`helm template`), hooks included; nothing is sent to the cluster. */
  async template(req: InstallRequest, apiVersions: string[], signal?: AbortSignal): Promise<string> {
    return this.run(templateArgs(req, apiVersions), { signal, quiet: true });
  }

  async upgradeInstall(req: InstallRequest, signal?: AbortSignal): Promise<string> {
    return this.run(upgradeInstallArgs(req, { dryRun: false }), { signal, env: req.postRenderer?.env });
  }

  /** The deployed revision's manifest, or undefined when the release does not exist. */
  async deployedManifest(r: ReleaseRef, signal?: AbortSignal): Promise<string | undefined> {
    try {
      return await this.run(getManifestArgs(r), { signal, quiet: true });
    } catch (e) {
      if (e instanceof HelmError && e.notFound) return undefined;
      throw e;
    }
  }

  /** The deployed revision's hooks (`helm get hooks`), or '' when the release does not exist. */
  async deployedHooks(r: ReleaseRef, signal?: AbortSignal): Promise<string> {
    try {
      return await this.run(getHooksArgs(r), { signal, quiet: true });
    } catch (e) {
      if (e instanceof HelmError && e.notFound) return '';
      throw e;
    }
  }

  async history(r: ReleaseRef, signal?: AbortSignal): Promise<HelmRevision[]> {
    return parseJsonArray<HelmRevision>(await this.run(historyArgs(r), { signal, quiet: true }), 'a history');
  }

  async rollback(r: ReleaseRef, revision: number, signal?: AbortSignal): Promise<void> {
    await this.run(rollbackArgs(r, revision), { signal });
  }

  async uninstall(r: ReleaseRef, signal?: AbortSignal): Promise<void> {
    await this.run(uninstallArgs(r), { signal });
  }

  async list(t: ClusterTarget, signal?: AbortSignal): Promise<HelmReleaseRow[]> {
    return parseJsonArray<HelmReleaseRow>(await this.run(listArgs(t), { signal, quiet: true }), 'a release list');
  }

  /**
   * For a local chart folder whose dependencies are not in charts/ yet (the PyTorch-on-HDFS guide's `helm dependency
   * build charts/hdfs-k8s`): builds them in a temporary copy, so the user's folder is not written to. Resolves
   * with the copy (use its chartDir, dispose it after) or undefined when nothing was missing.
   */
  async dependenciesInCopy(chartDir: string, signal?: AbortSignal): Promise<ChartCopy | undefined> {
    const missing = missingDependencies(chartDir);
    if (!missing.length) return undefined;
    const copy = copyChart(chartDir);
    this.output.append(
      `chart dependencies not in ${path.join(chartDir, 'charts')}: ${missing.join(', ')}; building them in a temporary copy (${copy.chartDir}), your chart folder is not changed\n`,
    );
    try {
      await this.run(dependencyBuildArgs(copy.chartDir), { signal });
    } catch (e) {
      copy.dispose();
      throw e;
    }
    return copy;
  }
}

/** Dependencies named in Chart.yaml or requirements.yaml with no folder or archive in charts/. */
export function missingDependencies(chartDir: string): string[] {
  const deps: { name?: string; alias?: string; condition?: string }[] = [];
  for (const f of ['Chart.yaml', 'requirements.yaml']) {
    const file = path.join(chartDir, f);
    if (!fs.existsSync(file)) continue;
    const doc = jsYaml().load(fs.readFileSync(file, 'utf8')) as { dependencies?: typeof deps } | undefined;
    deps.push(...(doc?.dependencies ?? []));
  }
  if (!deps.length) return [];
  const chartsDir = path.join(chartDir, 'charts');
  const present = fs.existsSync(chartsDir) ? fs.readdirSync(chartsDir) : [];
  return deps
    .map((d) => d.name ?? '')
    .filter((name) => name && !present.some((p) => p === name || (p.startsWith(`${name}-`) && p.endsWith('.tgz'))));
}
