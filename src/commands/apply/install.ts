/**
 * Install or Upgrade a chart (Alluxio or HDFS) with a values file: helm found → chart source from the
 * setting → values validated (errors block unless "Apply anyway") → preview (rendered manifests, and
 * for an upgrade what changes against `helm get manifest`) → confirm → `helm upgrade --install` under
 * a cancellable progress whose Cancel stops helm. helm's output goes to "Alluxio DL: Helm" (not shown).
 */
import { fileOf, optionsOf, type CommandTarget } from '../../core/command-target';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeChartSource, parseChartSource, type ChartSource } from '../../core/apply/chart-source';
import {
  checkNamespace,
  checkReleaseName,
  hooksNotRun,
  type InstallRequest,
  type RenderedRelease,
} from '../../core/apply/helm-args';
import { diffManifests, formatDiff, normaliseManifest, parseManifest } from '../../core/apply/manifest-diff';
import { analyzeYaml } from '../../core/checks/diagnose';
import type { SchemaId } from '../../core/schema/names';
import { Helm } from '../../tools/helm';
import { done, lineOf, stopped, type ApplyDeps, type ApplyOutcome } from './deps';
import { explainHelmFailure, helmOrExplain, OPEN_SETTING } from './helm-tool';
import { announceInstalled, releaseDefaults, valuesFileFor } from './install-answers';

export type ChartKind = 'alluxio' | 'hdfs';

export interface InstallArgs {
  /** Chart source; default: the alluxioDl.charts.<kind> setting. */
  chart?: string;
  valuesFile?: string;
  release?: string;
  namespace?: string;
  set?: string[];
  postRenderer?: { program: string; args: string[] };
}

export const APPLY_ANYWAY = 'Apply anyway';
const SETTING: Record<ChartKind, string> = { alluxio: 'alluxioDl.charts.alluxio', hdfs: 'alluxioDl.charts.hdfs' };
const TITLE: Record<ChartKind, string> = { alluxio: 'Alluxio', hdfs: 'HDFS' };

/** Arguments from a menu: a values file, or our own argument object. */
export function installArgsFrom(target: CommandTarget): InstallArgs {
  const file = fileOf(target);
  return file ? { valuesFile: file } : optionsOf<InstallArgs>(target);
}

function chartProblem(deps: ApplyDeps, kind: ChartKind, message: string): ApplyOutcome {
  deps.log.warn(message);
  void deps.prompter.error(message, {}, OPEN_SETTING).then((c) => {
    if (c === OPEN_SETTING) void deps.prompter.openSetting(SETTING[kind]);
  });
  return stopped('chartMissing', message);
}

/** The chart source, or why it can't be used (unset, unparsable, or a local path that does not exist). */
function resolveChart(deps: ApplyDeps, kind: ChartKind, args: InstallArgs): ChartSource | ApplyOutcome {
  const value = args.chart ?? (kind === 'alluxio' ? deps.settings().alluxioChart : deps.settings().hdfsChart);
  const parsed = parseChartSource(value, SETTING[kind], deps.workspaceDir(), os.homedir());
  if (!parsed.ok) return chartProblem(deps, kind, `${TITLE[kind]} chart: ${parsed.error}`);
  const s = parsed.value;
  if (s.type === 'local') {
    const ok = s.archive ? fs.existsSync(s.path) : fs.existsSync(path.join(s.path, 'Chart.yaml'));
    if (!ok) {
      const why = fs.existsSync(s.path) ? `${s.path} has no Chart.yaml` : `${s.path} does not exist`;
      return chartProblem(
        deps,
        kind,
        `${TITLE[kind]} chart not found: ${why} (setting ${SETTING[kind]}). Point the setting at a chart folder or .tgz, or at REPO_URL#NAME@VERSION.`,
      );
    }
  }
  return s;
}

/** The values schema to check against when the file names none: by chart kind and, for Alluxio, chart version. */
function defaultSchema(kind: ChartKind, chart: ChartSource): SchemaId {
  if (kind === 'hdfs') return 'hdfs';
  if (chart.type === 'local' && !chart.archive) {
    const version =
      /^version:\s*["']?([\w.-]+)/m.exec(fs.readFileSync(path.join(chart.path, 'Chart.yaml'), 'utf8'))?.[1] ?? '';
    if (/^0\.[0-5]\./.test(version)) return 'alluxio-2.2';
  }
  if (chart.type === 'repo' && chart.version && /^0\.[0-5]\./.test(chart.version)) return 'alluxio-2.2';
  return 'alluxio-2.9';
}

/** Schema errors block the apply unless the user chooses "Apply anyway". Undefined: go on. */
async function checkValues(
  deps: ApplyDeps,
  kind: ChartKind,
  chart: ChartSource,
  file: string,
): Promise<ApplyOutcome | undefined> {
  const text = fs.readFileSync(file, 'utf8');
  const options = { store: deps.schemas(), globs: deps.settings().schemas };
  let analysis = analyzeYaml(text, file, options);
  if (!analysis.schema) analysis = analyzeYaml(text, file, { ...options, schema: defaultSchema(kind, chart) });
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (!errors.length) return undefined;
  const list = errors.slice(0, 8).map((p) => `line ${lineOf(text, p.start)}: ${p.message}`);
  const message = `${path.basename(file)} has ${errors.length} error${errors.length > 1 ? 's' : ''} against the ${analysis.schema?.id ?? ''} values schema; helm may fail or deploy something you don't expect.`;
  deps.log.warn(`${message}\n${list.join('\n')}`);
  const choice = await deps.prompter.warn(
    message,
    { modal: true, detail: list.join('\n') + (errors.length > 8 ? `\n… and ${errors.length - 8} more` : '') },
    APPLY_ANYWAY,
  );
  if (choice === APPLY_ANYWAY) return undefined;
  return stopped('invalidValues', message, { errors: list });
}

async function ask(
  deps: ApplyDeps,
  title: string,
  value: string,
  check: (v: string) => string | undefined,
  given?: string,
): Promise<string | undefined> {
  if (given !== undefined) return given;
  return deps.prompter.input({ title, value, validate: check });
}

export async function installChart(deps: ApplyDeps, kind: ChartKind, target: CommandTarget): Promise<ApplyOutcome> {
  const args = installArgsFrom(target);
  const helm = await helmOrExplain(deps);
  if (!(helm instanceof Helm)) return helm;
  const chart = resolveChart(deps, kind, args);
  if ('ok' in chart) return chart;

  const valuesFile =
    args.valuesFile ?? (await valuesFileFor(deps, kind, `Values file for ${TITLE[kind]} (e.g. config.yaml)`));
  if (!valuesFile) return stopped('declined', 'No values file chosen.');
  if (!fs.existsSync(valuesFile)) return stopped('valuesMissing', `Values file ${valuesFile} does not exist.`);
  const invalid = await checkValues(deps, kind, chart, valuesFile);
  if (invalid) return invalid;

  const cluster = deps.cluster();
  const last = releaseDefaults(deps, kind, cluster.namespace);
  const release = await ask(deps, `${TITLE[kind]} release name`, last.release, checkReleaseName, args.release);
  if (!release) return stopped('declined');
  const namespace = await ask(deps, `Namespace of release ${release}`, last.namespace, checkNamespace, args.namespace);
  if (!namespace) return stopped('declined');
  const bad = checkReleaseName(release) ?? checkNamespace(namespace);
  if (bad) {
    void deps.prompter.error(bad);
    return stopped('invalidName', bad);
  }
  const req: InstallRequest = {
    release,
    namespace,
    kubeconfig: cluster.kubeconfig,
    kubeContext: cluster.kubeContext,
    chart,
    valuesFiles: [valuesFile],
    set: args.set,
    postRenderer: args.postRenderer,
  };
  return previewAndApply(deps, helm, req, kind);
}

interface Preview {
  deployed?: string;
  deployedHooks: string;
  next: RenderedRelease;
}

/** What the user reads before confirming: object changes, and hook changes this apply won't make. */
export function previewSummary(p: Preview, namespace: string): string {
  const upgrade = p.deployed !== undefined;
  const parts: string[] = [];
  if (upgrade) parts.push(formatDiff(diffManifests(p.deployed!, p.next.manifest, namespace)));
  else parts.push(`# ${parseManifest(p.next.manifest, namespace).length} objects to create\n`);
  const skipped = hooksNotRun(p.next.hooks, upgrade);
  if (skipped.length) {
    const names = skipped.map(
      (h) =>
        `${parseManifest(h.manifest, namespace)
          .map((m) => m.key)
          .join(', ')} (${h.events.join(', ')})`,
    );
    parts.push(
      `# Not applied by this ${upgrade ? 'upgrade' : 'install'}: the chart renders ${names.join('; ')} as hooks that only run on ${[...new Set(skipped.flatMap((h) => h.events))].join(', ')}.`,
    );
    if (upgrade) {
      const hookDiff = diffManifests(p.deployedHooks, skipped.map((h) => h.manifest).join('\n---\n'), namespace);
      if (hookDiff.changed.length)
        parts.push(
          `# Changes in those hooks that will NOT reach the cluster (uninstall and install again to apply them):\n${formatDiff({ ...hookDiff, added: [], removed: [], unchanged: 0 })}`,
        );
    }
  }
  return parts.join('\n');
}

async function previewAndApply(
  deps: ApplyDeps,
  helm: Helm,
  req: InstallRequest,
  kind: ChartKind,
): Promise<ApplyOutcome> {
  const what = `${TITLE[kind]} release ${req.release} in ${req.namespace}`;
  let preview: Preview;
  try {
    preview = await deps.prompter.progress(`Rendering ${what}`, async (report, signal) => {
      if (req.chart.type === 'local' && !req.chart.archive) {
        report('building chart dependencies');
        await helm.ensureDependencies(req.chart.path, signal);
      }
      report('helm get manifest');
      const deployed = await helm.deployedManifest(req, signal);
      const deployedHooks = deployed === undefined ? '' : await helm.deployedHooks(req, signal);
      report('helm upgrade --install --dry-run');
      return { deployed, deployedHooks, next: await helm.preview(req, signal) };
    });
  } catch (e) {
    return explainHelmFailure(deps, e, `Preview of ${what} cancelled: nothing was changed.`);
  }

  const upgrade = preview.deployed !== undefined;
  const summary = previewSummary(preview, req.namespace);
  const rendered = [preview.next.manifest, ...preview.next.hooks.map((h) => h.manifest)].join('\n---\n');
  if (upgrade) {
    await deps.prompter.showDiff(
      `${req.release}: deployed ↔ new`,
      normaliseManifest(preview.deployed!, req.namespace),
      normaliseManifest(preview.next.manifest, req.namespace),
    );
    await deps.prompter.showText(`${req.release}-changes`, summary, 'plaintext');
  } else {
    await deps.prompter.showText(
      `${req.release}-manifest.yaml`,
      `# helm upgrade --install ${req.release} (${describeChartSource(req.chart)}) -n ${req.namespace}: rendered manifests (dry run, nothing applied)\n${summary.replace(/^(?!#)/gm, '# ')}\n${normaliseManifest(rendered, req.namespace)}`,
    );
  }
  const verb = upgrade ? 'Upgrade' : 'Install';
  const confirm = await deps.prompter.info(
    `${verb} ${what}?`,
    {
      modal: true,
      detail: upgrade
        ? summary
        : `Chart ${describeChartSource(req.chart)}, values ${req.valuesFiles.join(', ')}: ${summary} (shown in the preview).`,
    },
    verb,
  );
  if (confirm !== verb)
    return stopped('declined', `${verb} of ${what} not confirmed: nothing was changed.`, {
      preview: rendered,
      summary,
    });

  try {
    await deps.prompter.progress(
      `${verb === 'Install' ? 'Installing' : 'Upgrading'} ${what}`,
      async (report, signal) => {
        report('helm upgrade --install (Cancel stops helm)');
        await helm.upgradeInstall(req, signal);
      },
    );
  } catch (e) {
    return explainHelmFailure(
      deps,
      e,
      `${verb} of ${what} cancelled: helm was stopped. If it had started changing the cluster, see Release History to roll back.`,
    );
  }
  const message = `${verb === 'Install' ? 'Installed' : 'Upgraded'} ${what}. The explorer shows its pods as they come up.`;
  deps.log.info(message);
  await announceInstalled(deps, kind, req, message);
  return done(upgrade ? 'upgraded' : 'installed', message, { summary, release: req.release, namespace: req.namespace });
}
