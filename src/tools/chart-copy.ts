/**
 * A temporary copy of a local chart, so that `helm dependency build` (which writes charts/ and a lock
 * file) never changes a folder the user did not choose to change. Dependencies given as `file://PATH`
 * are copied to the same place relative to the copy, so the chart's own relative paths keep working.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsYaml } from '../core/yaml/js-yaml';

const MAX_FILES = 5000;
const MAX_BYTES = 200 * 1024 * 1024;

export interface ChartCopy {
  /** The chart folder inside the copy. */
  chartDir: string;
  /** Removes the copy. */
  dispose(): void;
}

/** `file://` dependencies of a chart folder, resolved to absolute folders. */
export function fileDependencies(chartDir: string): string[] {
  const out: string[] = [];
  for (const f of ['Chart.yaml', 'requirements.yaml']) {
    const file = path.join(chartDir, f);
    if (!fs.existsSync(file)) continue;
    const doc = jsYaml().load(fs.readFileSync(file, 'utf8')) as
      { dependencies?: { repository?: string }[] } | undefined;
    for (const d of Array.isArray(doc?.dependencies) ? doc.dependencies : [])
      if (typeof d?.repository === 'string' && d.repository.startsWith('file://'))
        out.push(path.resolve(chartDir, d.repository.slice('file://'.length)));
  }
  return out;
}

function commonParent(dirs: string[]): string {
  let base = path.dirname(dirs[0]);
  while (!dirs.every((d) => d === base || d.startsWith(base + path.sep))) {
    const up = path.dirname(base);
    if (up === base) break;
    base = up;
  }
  return base;
}

/** Copies the chart and its file:// dependencies into a new temporary folder; refuses trees over the bounds. */
export function copyChart(chartDir: string): ChartCopy {
  const dirs = [chartDir, ...fileDependencies(chartDir).filter((d) => fs.existsSync(d))];
  const base = commonParent(dirs);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'alluxio-dl-chart-'));
  let files = 0;
  let bytes = 0;
  try {
    for (const dir of dirs) {
      fs.cpSync(dir, path.join(root, path.relative(base, dir)), {
        recursive: true,
        filter: (src) => {
          const st = fs.lstatSync(src);
          if (st.isSymbolicLink()) return false;
          if (st.isFile()) {
            files++;
            bytes += st.size;
          }
          if (files > MAX_FILES || bytes > MAX_BYTES)
            throw new Error(
              `${chartDir} and its file:// dependencies hold more than ${MAX_FILES} files or ${MAX_BYTES / 1024 / 1024} MB; is it a chart folder?`,
            );
          return true;
        },
      });
    }
  } catch (e) {
    fs.rmSync(root, { recursive: true, force: true });
    throw e;
  }
  return {
    chartDir: path.join(root, path.relative(base, chartDir)),
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
