/**
 * Where a chart comes from, parsed from the `alluxioDl.charts.*` setting:
 *   a local chart folder or .tgz (absolute, ~/..., or relative to the workspace folder), or
 *   `REPO_URL#NAME@VERSION` (a chart repository; @VERSION optional), or `oci://REGISTRY/PATH@VERSION`.
 */
import * as path from 'node:path';
import type { Result } from '../result';

export type ChartSource =
  | { type: 'local'; path: string; archive: boolean }
  | { type: 'repo'; repoUrl: string; name: string; version?: string }
  | { type: 'oci'; ref: string; version?: string };

export type ParsedChartSource = Result<ChartSource>;

export function parseChartSource(value: string, setting: string, baseDir?: string, home?: string): ParsedChartSource {
  const v = value.trim();
  if (!v)
    return {
      ok: false,
      error: `No chart is set: set ${setting} to a local chart folder or .tgz, or to REPO_URL#NAME@VERSION.`,
    };
  if (v.startsWith('oci://')) {
    const at = v.lastIndexOf('@');
    const hasVersion = at > 'oci://'.length && !v.slice(at).includes('/');
    return {
      ok: true,
      value: {
        type: 'oci',
        ref: hasVersion ? v.slice(0, at) : v,
        version: hasVersion ? v.slice(at + 1) || undefined : undefined,
      },
    };
  }
  const hash = v.indexOf('#');
  if (hash >= 0) {
    const repoUrl = v.slice(0, hash);
    const rest = v.slice(hash + 1);
    const at = rest.indexOf('@');
    const name = at >= 0 ? rest.slice(0, at) : rest;
    const version = at >= 0 ? rest.slice(at + 1) : undefined;
    if (!/^https?:\/\/\S+$/.test(repoUrl))
      return {
        ok: false,
        error: `${setting}: "${repoUrl}" is not a chart repository URL (http:// or https://). Expected REPO_URL#NAME@VERSION.`,
      };
    if (!/^[A-Za-z0-9][\w.-]*$/.test(name))
      return { ok: false, error: `${setting}: "${name}" is not a chart name. Expected REPO_URL#NAME@VERSION.` };
    if (version !== undefined && !/^[\w.+~^<>=*-][\w.+~^<>=*, -]*$/.test(version))
      return { ok: false, error: `${setting}: "${version}" is not a chart version.` };
    return { ok: true, value: { type: 'repo', repoUrl, name, version: version || undefined } };
  }
  let p = v;
  if (home && (p === '~' || p.startsWith('~/'))) p = path.join(home, p.slice(1));
  if (!path.isAbsolute(p)) {
    if (!baseDir)
      return {
        ok: false,
        error: `${setting}: "${v}" is a relative path and no workspace folder is open; use an absolute path.`,
      };
    p = path.resolve(baseDir, p);
  }
  return { ok: true, value: { type: 'local', path: p, archive: /\.(tgz|tar\.gz)$/.test(p) } };
}

/** helm's chart arguments for a source: positional chart reference plus its flags. */
export function chartArgs(source: ChartSource): { chart: string; flags: string[] } {
  switch (source.type) {
    case 'local':
      return { chart: source.path, flags: [] };
    case 'repo':
      return {
        chart: source.name,
        flags: [`--repo=${source.repoUrl}`, ...(source.version ? [`--version=${source.version}`] : [])],
      };
    case 'oci':
      return { chart: source.ref, flags: source.version ? [`--version=${source.version}`] : [] };
  }
}

export function describeChartSource(source: ChartSource): string {
  switch (source.type) {
    case 'local':
      return source.path;
    case 'repo':
      return `${source.name}${source.version ? `@${source.version}` : ''} from ${source.repoUrl}`;
    case 'oci':
      return `${source.ref}${source.version ? `@${source.version}` : ''}`;
  }
}
