/**
 * helm command lines as argument arrays. Every flag comes first with its value attached (`--flag=value`)
 * and positional arguments follow `--`, so no value (a release name, a file name) can be read as a flag.
 */
import { chartArgs, type ChartSource } from './chart-source';

export interface ClusterTarget {
  /** Passed as --kubeconfig when set (the alluxioDl.kubeconfig setting); else helm reads KUBECONFIG. */
  kubeconfig?: string;
  kubeContext?: string;
}

export interface ReleaseRef extends ClusterTarget {
  release: string;
  namespace: string;
}

export interface InstallRequest extends ReleaseRef {
  chart: ChartSource;
  valuesFiles: string[];
  /** --set key=value pairs */
  set?: string[];
  /** helm --post-renderer PROGRAM --post-renderer-args ARG...; env: added to helm's (it passes it on). */
  postRenderer?: { program: string; args: string[]; env?: Record<string, string> };
  /** --wait with this timeout (e.g. "10m"); undefined: don't wait for pods. */
  waitTimeout?: string;
}

const RELEASE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Undefined when fine, else why not (helm's own rules: DNS-1123, at most 53 characters). */
export function checkReleaseName(name: string): string | undefined {
  if (!name) return 'A release name is required.';
  if (name.length > 53 || !RELEASE.test(name))
    return `"${name}" is not a valid release name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 53 characters.`;
  return undefined;
}

export function checkNamespace(name: string): string | undefined {
  if (!name) return 'A namespace is required.';
  if (name.length > 63 || !NAMESPACE.test(name))
    return `"${name}" is not a valid namespace name: lower-case letters, digits and "-", at most 63 characters.`;
  return undefined;
}

export function clusterFlags(t: ClusterTarget): string[] {
  return [
    ...(t.kubeconfig ? [`--kubeconfig=${t.kubeconfig}`] : []),
    ...(t.kubeContext ? [`--kube-context=${t.kubeContext}`] : []),
  ];
}

function releaseFlags(r: ReleaseRef): string[] {
  return [`--namespace=${r.namespace}`, ...clusterFlags(r)];
}

/** `helm upgrade --install`: the apply itself, or with dryRun the preview (release JSON with its manifest). */
export function upgradeInstallArgs(req: InstallRequest, opts: { dryRun: boolean }): string[] {
  const { chart, flags } = chartArgs(req.chart);
  return [
    'upgrade',
    '--install',
    '--create-namespace',
    ...releaseFlags(req),
    ...flags,
    ...req.valuesFiles.map((f) => `--values=${f}`),
    ...(req.set ?? []).map((s) => `--set=${s}`),
    ...(req.postRenderer
      ? [
          `--post-renderer=${req.postRenderer.program}`,
          ...req.postRenderer.args.map((a) => `--post-renderer-args=${a}`),
        ]
      : []),
    ...(opts.dryRun
      ? ['--dry-run', '--output=json']
      : req.waitTimeout
        ? ['--wait', `--timeout=${req.waitTimeout}`]
        : []),
    '--',
    req.release,
    chart,
  ];
}

/**
 * `helm template`: the chart rendered on this machine (hooks included, each with its `# Source:` file), to
 * check against the cluster before a dry run that would fail on an API version it does not serve.
 * `apiVersions`: the cluster's group/versions, so `.Capabilities.APIVersions` answers as the cluster would.
 */
export function templateArgs(req: InstallRequest, apiVersions: string[]): string[] {
  const { chart, flags } = chartArgs(req.chart);
  return [
    'template',
    `--namespace=${req.namespace}`,
    ...flags,
    ...req.valuesFiles.map((f) => `--values=${f}`),
    ...(req.set ?? []).map((s) => `--set=${s}`),
    ...apiVersions.map((v) => `--api-versions=${v}`),
    '--',
    req.release,
    chart,
  ];
}

export function getManifestArgs(r: ReleaseRef): string[] {
  return ['get', 'manifest', ...releaseFlags(r), '--', r.release];
}

export function getHooksArgs(r: ReleaseRef): string[] {
  return ['get', 'hooks', ...releaseFlags(r), '--', r.release];
}

export function historyArgs(r: ReleaseRef): string[] {
  return ['history', ...releaseFlags(r), '--output=json', '--max=256', '--', r.release];
}

export function rollbackArgs(r: ReleaseRef, revision: number): string[] {
  return ['rollback', ...releaseFlags(r), '--', r.release, String(revision)];
}

export function uninstallArgs(r: ReleaseRef): string[] {
  return ['uninstall', ...releaseFlags(r), '--', r.release];
}

export function listArgs(t: ClusterTarget): string[] {
  return ['list', '--all-namespaces', '--all', '--output=json', ...clusterFlags(t)];
}

export function dependencyBuildArgs(chartDir: string): string[] {
  return ['dependency', 'build', '--', chartDir];
}

/** One row of `helm history -o json` / `helm list -o json`, as far as the commands need it. */
export interface HelmRevision {
  revision: number;
  updated: string;
  status: string;
  chart: string;
  app_version?: string;
  description: string;
}

export interface HelmReleaseRow {
  name: string;
  namespace: string;
  revision: string;
  status: string;
  chart: string;
  app_version?: string;
}

export function parseJsonArray<T>(text: string, what: string): T[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  try {
    const v = JSON.parse(trimmed);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    throw new Error(`helm printed ${what} that is not JSON: ${trimmed.slice(0, 200)}`);
  }
}

export interface RenderedHook {
  path: string;
  /** pre-install, post-upgrade, ... */
  events: string[];
  manifest: string;
}

export interface RenderedRelease {
  manifest: string;
  hooks: RenderedHook[];
}

/** The manifests of a `helm upgrade --install --dry-run --output=json` release: its manifest and hooks. */
export function dryRunRelease(stdout: string): RenderedRelease {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`helm --dry-run printed no release: ${stdout.slice(0, 200)}`);
  const release = JSON.parse(stdout.slice(start)) as {
    manifest?: string;
    hooks?: { manifest?: string; path?: string; events?: string[] }[];
  };
  return {
    manifest: release.manifest ?? '',
    hooks: (release.hooks ?? []).map((h) => ({
      path: h.path ?? '',
      events: h.events ?? [],
      manifest: h.manifest ?? '',
    })),
  };
}

/** Hooks that an install (or an upgrade) does not run: their changes never reach the cluster by this apply. */
export function hooksNotRun(hooks: RenderedHook[], upgrade: boolean): RenderedHook[] {
  const runs = upgrade ? /^(pre|post)-upgrade$/ : /^(pre|post)-install$/;
  return hooks.filter((h) => !h.events.some((e) => runs.test(e)));
}

/** helm's "not found" answers for a release that does not exist. */
export function isReleaseNotFound(stderr: string): boolean {
  return /release: not found|release not found|has no deployed releases/i.test(stderr);
}

/**
 * Turns helm's stderr into the cause: the last "Error:" line without helm's "UPGRADE FAILED:" /
 * "INSTALLATION FAILED:" prefix (an `upgrade --install` that installs says "upgrade" too), with the causes
 * of "N errors occurred:" (see flattenHelmErrors).
 */
export function helmErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim());
  const at = lines.map((l) => l.trim().startsWith('Error:')).lastIndexOf(true);
  if (at < 0) return lines[lines.length - 1]?.trim() ?? 'helm failed without a message';
  return flattenHelmErrors(
    lines
      .slice(at)
      .join('\n')
      .trim()
      .replace(/^Error:\s*/, '')
      .replace(/^(UPGRADE FAILED|INSTALLATION FAILED|INSTALL FAILED):\s*/i, ''),
  );
}

/**
 * helm's "… N errors occurred:\n\t* cause\n\t* cause" (in its stderr and in a failed release's
 * description) as one line naming the causes (at most 5, each cut at 400 characters); other text: its
 * first line.
 */
export function flattenHelmErrors(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const head = lines[0] ?? '';
  if (!/\d+ errors? occurred:?$/.test(head)) return head;
  const causes = lines
    .slice(1)
    .filter((l) => l.startsWith('* '))
    .slice(0, 5)
    .map((l) => (l.length > 400 ? `${l.slice(2, 400)}…` : l.slice(2)));
  if (!causes.length) return head;
  const before = head.replace(/:?\s*\d+ errors? occurred:?$/, '');
  return `${before ? `${before}: ` : ''}${causes.join('; ')}`;
}
