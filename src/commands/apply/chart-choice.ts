/**
 * Which chart an install uses: the alluxioDl.charts.* setting, or, when it is empty, the user's choice of a
 * chart folder, a .tgz, or a Helm repository (for Alluxio 2.9 the official one). The choice is remembered
 * in the same setting (workspace settings when a folder is open), where it can be seen and changed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeChartSource, parseChartSource, type ChartSource } from '../../core/apply/chart-source';
import { stopped, type ApplyDeps, type ApplyOutcome } from './deps';
import { OPEN_SETTING } from './helm-tool';

export type ChartKind = 'alluxio' | 'hdfs';

export const SETTING: Record<ChartKind, string> = {
  alluxio: 'alluxioDl.charts.alluxio',
  hdfs: 'alluxioDl.charts.hdfs',
};
export const TITLE: Record<ChartKind, string> = { alluxio: 'Alluxio', hdfs: 'HDFS' };
/** Alluxio's own chart repository for 2.9.6 and the chart's name in it. */
export const ALLUXIO_REPO = 'https://alluxio-charts.storage.googleapis.com/openSource/2.9.6';
export const ALLUXIO_REPO_SOURCE = `${ALLUXIO_REPO}#alluxio`;

type Choice = 'folder' | 'archive' | 'official' | 'repo';

function chartProblem(deps: ApplyDeps, kind: ChartKind, message: string): ApplyOutcome {
  deps.log.warn(message);
  void deps.prompter.error(message, {}, OPEN_SETTING).then((c) => {
    if (c === OPEN_SETTING) void deps.prompter.openSetting(SETTING[kind]);
  });
  return stopped('chartMissing', message);
}

/** Asks where the chart comes from; undefined when the user walks away. */
async function chooseChart(deps: ApplyDeps, kind: ChartKind): Promise<string | undefined> {
  const items: { label: string; description?: string; detail?: string; value: Choice }[] = [
    { label: 'Chart folder…', detail: 'A folder with Chart.yaml on this machine', value: 'folder' },
    { label: 'Chart archive (.tgz)…', detail: 'A packaged chart on this machine', value: 'archive' },
  ];
  if (kind === 'alluxio')
    items.push({
      label: "Alluxio's chart repository (Alluxio 2.9.6)",
      description: 'needs network',
      detail: `Chart "alluxio" from ${ALLUXIO_REPO}`,
      value: 'official',
    });
  items.push({ label: 'Another Helm repository…', description: 'needs network', value: 'repo' });
  const choice = await deps.prompter.pickOne(items, {
    title: `Where does the ${TITLE[kind]} chart come from? (${SETTING[kind]} is empty; the choice is saved there)`,
  });
  switch (choice) {
    case 'folder':
    case 'archive':
      return (
        await deps.prompter.openFiles({
          title: `${TITLE[kind]} chart ${choice === 'folder' ? 'folder (with Chart.yaml)' : 'archive'}`,
          folders: choice === 'folder',
          files: choice === 'archive',
          filters: choice === 'archive' ? { 'Helm chart': ['tgz'] } : undefined,
          defaultPath: deps.workspaceDir(),
        })
      )?.[0];
    case 'official':
      return ALLUXIO_REPO_SOURCE;
    case 'repo':
      return deps.prompter.input({
        title: `${TITLE[kind]} chart repository (needs network to reach it)`,
        prompt: 'REPO_URL#CHART_NAME@VERSION (the version may be left out)',
        validate: (v) => {
          const parsed = parseChartSource(v, SETTING[kind]);
          return !parsed.ok ? parsed.error : parsed.value.type === 'repo' ? undefined : 'Expected REPO_URL#CHART_NAME';
        },
      });
    default:
      return undefined;
  }
}

/** The chart source, or why it can't be used (none chosen, unparsable, or a local path that does not exist). */
export async function resolveChart(
  deps: ApplyDeps,
  kind: ChartKind,
  given?: string,
): Promise<ChartSource | ApplyOutcome> {
  let value = given ?? (kind === 'alluxio' ? deps.settings().alluxioChart : deps.settings().hdfsChart);
  let chosen = false;
  if (!value.trim()) {
    const picked = await chooseChart(deps, kind);
    if (!picked) return stopped('declined', `No ${TITLE[kind]} chart chosen: nothing was installed.`);
    value = picked;
    chosen = true;
  }
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
  if (chosen) {
    await deps.saveSetting(SETTING[kind].replace(/^alluxioDl\./, ''), value);
    deps.log.info(`${TITLE[kind]} chart: ${describeChartSource(s)}, saved in ${SETTING[kind]}.`);
  }
  return s;
}
