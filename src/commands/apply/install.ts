/**
 * Install or Upgrade a chart (Alluxio or HDFS) with a values file: helm found → chart source from the
 * setting → values validated (errors block unless "Apply anyway") → preview (rendered manifests, and
 * for an upgrade what changes against `helm get manifest`) → confirm → `helm upgrade --install` under
 * a cancellable progress whose Cancel stops helm. helm's output goes to "Alluxio DL: Helm" (not shown).
 */
import { fileOf, optionsOf, type CommandTarget } from '../../core/command-target';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeChartSource, type ChartSource } from '../../core/apply/chart-source';
import { checkNamespace, checkReleaseName, type InstallRequest } from '../../core/apply/helm-args';
import { normaliseManifest } from '../../core/apply/manifest-diff';
import { formatRepairs, hasRepairs, planRepairs, repairArgs, type RepairPlan } from '../../core/apply/repairs';
import { analyzeYaml } from '../../core/checks/diagnose';
import type { SchemaId } from '../../core/schema/names';
import type { ChartCopy } from '../../tools/chart-copy';
import { Helm, HelmError } from '../../tools/helm';
import { resolveChart, TITLE, type ChartKind } from './chart-choice';
import { done, lineOf, stopped, type ApplyDeps, type ApplyOutcome } from './deps';
import { explainHelmFailure, helmOrExplain } from './helm-tool';
import { announceInstalled, releaseDefaults, valuesFileFor } from './install-answers';
import { confirmLabel, previewSummary, type Preview } from './install-preview';

export type { ChartKind } from './chart-choice';
export { previewSummary } from './install-preview';

export interface InstallArgs {
  /** Chart source; default: the alluxioDl.charts.<kind> setting. */
  chart?: string;
  valuesFile?: string;
  release?: string;
  namespace?: string;
  set?: string[];
}

export const APPLY_ANYWAY = 'Apply anyway';

/** Arguments from a menu: a values file, or our own argument object. */
export function installArgsFrom(target: CommandTarget): InstallArgs {
  const file = fileOf(target);
  return file ? { valuesFile: file } : optionsOf<InstallArgs>(target);
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
  const chart = await resolveChart(deps, kind, args.chart);
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
  };
  return previewAndApply(deps, helm, req, kind);
}

/** The shipped post-renderer for a plan's switches; ELECTRON_RUN_AS_NODE makes VS Code's own binary run as node. */
function shippedPostRenderer(deps: ApplyDeps, plan: RepairPlan): InstallRequest['postRenderer'] {
  return {
    program: process.execPath,
    args: [deps.postRendererScript(), ...repairArgs(plan.switches)],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
}

/** The cluster's served group/versions, or undefined (logged) when discovery is not allowed or fails. */
async function servedApis(deps: ApplyDeps): Promise<string[] | undefined> {
  try {
    return await (await deps.client()).apiVersions();
  } catch (e) {
    deps.log.warn(`Could not ask the cluster which API versions it serves: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * Renders the release (helm template) and checks it against the cluster: removed API versions and known
 * chart defects become a repair plan for the preview. Then the dry run, with the repairs when there are any.
 */
async function render(
  deps: ApplyDeps,
  helm: Helm,
  req: InstallRequest,
  report: (m: string) => void,
  signal: AbortSignal,
): Promise<{ preview: Preview; req: InstallRequest; plan: RepairPlan }> {
  report('checking the chart against the API versions the cluster serves');
  const served = await servedApis(deps);
  const rendered = await helm.template(req, served ?? [], signal);
  const plan = planRepairs(rendered, served && new Set(served));
  const repaired = hasRepairs(plan.switches) ? { ...req, postRenderer: shippedPostRenderer(deps, plan) } : req;
  if (plan.repairs.length) deps.outputs.helm.append(`repairs offered:\n${formatRepairs(plan.repairs).join('\n')}\n`);
  report('helm get manifest');
  const deployed = await helm.deployedManifest(req, signal);
  const deployedHooks = deployed === undefined ? '' : await helm.deployedHooks(req, signal);
  report('helm upgrade --install --dry-run');
  const next = await helm.preview(repaired, signal);
  return { preview: { deployed, deployedHooks, next, repairs: plan.repairs }, req: repaired, plan };
}

async function previewAndApply(
  deps: ApplyDeps,
  helm: Helm,
  req: InstallRequest,
  kind: ChartKind,
): Promise<ApplyOutcome> {
  let copy: ChartCopy | undefined;
  try {
    return await previewAndApplyIn(deps, helm, req, kind, (c) => (copy = c));
  } finally {
    copy?.dispose();
  }
}

async function previewAndApplyIn(
  deps: ApplyDeps,
  helm: Helm,
  original: InstallRequest,
  kind: ChartKind,
  keepCopy: (c: ChartCopy) => void,
): Promise<ApplyOutcome> {
  const what = `${TITLE[kind]} release ${original.release} in ${original.namespace}`;
  let preview: Preview;
  let req = original;
  let plan: RepairPlan | undefined;
  try {
    ({ preview, req, plan } = await deps.prompter.progress(`Rendering ${what}`, async (report, signal) => {
      let r = original;
      if (r.chart.type === 'local' && !r.chart.archive) {
        report('building chart dependencies');
        const copy = await helm.dependenciesInCopy(r.chart.path, signal);
        if (copy) {
          keepCopy(copy);
          r = { ...r, chart: { ...r.chart, path: copy.chartDir } };
        }
      }
      const out = await render(deps, helm, r, report, signal);
      plan = out.plan;
      return out;
    }));
  } catch (e) {
    const unserved = plan?.unrepairable.length
      ? ` The chart uses API versions this cluster does not serve, with no known repair: ${plan.unrepairable.slice(0, 5).join(', ')}.`
      : '';
    const failure =
      e instanceof HelmError
        ? new HelmError(
            e.result,
            `Preview of ${what} failed; nothing was installed or changed. ${e.helmCause}${unserved}`,
          )
        : e;
    return explainHelmFailure(deps, failure, `Preview of ${what} cancelled: nothing was changed.`);
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
  const label = confirmLabel(upgrade, preview, req.namespace);
  const withoutRepairs = preview.repairs.length ? `${verb} without repairs` : undefined;
  const repairList = formatRepairs(preview.repairs);
  const confirm = await deps.prompter.info(
    `${verb} ${what}?${preview.repairs.length ? ` The chart needs ${repairList.length} repair${repairList.length > 1 ? 's' : ''} for this cluster (listed).` : ''}`,
    {
      modal: true,
      detail: upgrade
        ? summary
        : `Chart ${describeChartSource(original.chart)}, values ${req.valuesFiles.join(', ')}: ${summary} (shown in the preview).`,
    },
    label,
    ...(withoutRepairs ? [withoutRepairs] : []),
  );
  if (confirm !== label && (!withoutRepairs || confirm !== withoutRepairs))
    return stopped('declined', `${verb} of ${what} not confirmed: nothing was changed.`, {
      preview: rendered,
      summary,
      repairs: repairList,
    });
  if (confirm === withoutRepairs) req = { ...req, postRenderer: undefined };

  try {
    await deps.prompter.progress(
      `${verb === 'Install' ? 'Installing' : 'Upgrading'} ${what}`,
      async (report, signal) => {
        report('helm upgrade --install (Cancel stops helm)');
        await helm.upgradeInstall(req, signal);
      },
    );
  } catch (e) {
    const failure = e instanceof HelmError ? new HelmError(e.result, `${verb} of ${what} failed: ${e.helmCause}`) : e;
    return explainHelmFailure(
      deps,
      failure,
      `${verb} of ${what} cancelled: helm was stopped. If it had started changing the cluster, see Release History to roll back.`,
    );
  }
  const message = `${verb === 'Install' ? 'Installed' : 'Upgraded'} ${what}. The explorer shows its pods as they come up.`;
  deps.log.info(message);
  await announceInstalled(deps, kind, req, message);
  return done(upgrade ? 'upgraded' : 'installed', message, {
    summary,
    release: req.release,
    namespace: req.namespace,
    repairs: req.postRenderer ? repairList : [],
  });
}
