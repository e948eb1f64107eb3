// Fluid's real controllers (v1.0.8: the dataset controller, which also runs DataLoads, and the AlluxioRuntime
// controller) against a sandbox. The Go module proxy refuses Fluid's module, so they are built from the source in
// the fixtures (`fluid-src/`, its dependencies from the proxy) into `<cache>/bin/fluid-<version>/`; a cold build
// took 38 min on the shared 2-core machine, so nothing builds them implicitly: `node out/test/sandbox/fluid-build.js`
// does (or copies binaries built the same way: ALLUXIO_DL_FLUID_PREBUILT=<folder>).
//
// How they run outside a cluster: KUBECONFIG is the sandbox's admin; `ddc-helm` (Fluid's name for helm) is a
// link to the sandbox's helm first on PATH; HOME holds `charts/` (Fluid renders its runtime and loader charts
// from `$HOME/charts`) copied from fluid-src, with the `library` subchart links — stored as text files in the
// fixtures — replaced by the chart itself; no metrics or probe listener (`--metrics-addr=0`). The runtime's master
// pod runs on KWOK; its `alluxio` commands (`fs`, `fsadmin`, `getConf`) reach the sandbox's real Alluxio through
// the ClusterExec of ./alluxio, so Fluid itself writes the Dataset's cacheStates. A DataLoad's loader Job pod
// completes through KWOK's pod stages without running its script.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cacheDir, fixturesDir } from './paths';

export const FLUID_VERSION = 'v1.0.8';
export const FLUID_CONTROLLERS = { dataset: 'dataset-controller', alluxio: 'alluxioruntime-controller' } as const;
const CMD = { dataset: './cmd/dataset', alluxio: './cmd/alluxio' } as const;

export function fluidBinDir(): string {
  return path.join(cacheDir(), 'bin', `fluid-${FLUID_VERSION}`);
}

/** The two controller binaries when both are in the cache, else undefined (nothing is built here). */
export function fluidControllers(): { dataset: string; alluxio: string } | undefined {
  const dir = fluidBinDir();
  const dataset = path.join(dir, FLUID_CONTROLLERS.dataset);
  const alluxio = path.join(dir, FLUID_CONTROLLERS.alluxio);
  return fs.existsSync(dataset) && fs.existsSync(alluxio) ? { dataset, alluxio } : undefined;
}

function fluidSource(): string {
  const src = path.join(fixturesDir(), 'fluid-src');
  if (!fs.existsSync(path.join(src, 'cmd', 'dataset')))
    throw new Error(`sandbox fluid: the Fluid source is missing in ${src} (set ALLUXIO_DL_FIXTURES)`);
  return src;
}

/**
 * Builds both controllers into the cache (go build, CGO off, `-mod=mod` in a writable copy of the source),
 * or copies them from `prebuilt` (a folder with `dataset-controller` and `alluxio-controller` built the same way).
 */
export async function buildFluidControllers(say: (m: string) => void, prebuilt?: string): Promise<void> {
  const dir = fluidBinDir();
  fs.mkdirSync(dir, { recursive: true });
  if (prebuilt) {
    for (const [key, name] of Object.entries(FLUID_CONTROLLERS)) {
      const from = path.join(prebuilt, key === 'dataset' ? 'dataset-controller' : 'alluxio-controller');
      if (!fs.existsSync(from)) throw new Error(`sandbox fluid: ${from} is missing`);
      fs.copyFileSync(from, `${path.join(dir, name)}.tmp`);
      fs.chmodSync(`${path.join(dir, name)}.tmp`, 0o755);
      fs.renameSync(`${path.join(dir, name)}.tmp`, path.join(dir, name));
    }
    say(`fluid controllers copied from ${prebuilt} to ${dir}`);
    return;
  }
  const work = fs.mkdtempSync(path.join(dir, 'src-'));
  const log = path.join(cacheDir(), 'logs', `build-fluid-${FLUID_VERSION}.log`);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  try {
    fs.cpSync(fluidSource(), work, { recursive: true });
    fs.chmodSync(work, 0o755);
    execChmod(work);
    for (const key of ['dataset', 'alluxio'] as const) {
      const out = path.join(dir, FLUID_CONTROLLERS[key]);
      const started = Date.now();
      say(`building Fluid ${FLUID_VERSION} ${CMD[key]} (log ${log})`);
      try {
        const r = await promisify(execFile)('go', ['build', '-ldflags', '-s -w', '-o', `${out}.tmp`, CMD[key]], {
          cwd: work,
          env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod -buildvcs=false' },
          maxBuffer: 64 * 1024 * 1024,
          timeout: 3_600_000,
        });
        fs.appendFileSync(log, r.stdout + r.stderr);
      } catch (e) {
        fs.appendFileSync(log, (e as Error).message);
        throw new Error(`sandbox fluid: go build ${CMD[key]} failed (log ${log}); it needs Go and the Go module proxy`);
      }
      fs.renameSync(`${out}.tmp`, out);
      say(`${FLUID_CONTROLLERS[key]} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The fixtures are read-only: make the copy writable (go may update go.sum). Bounded by the tree's size. */
function execChmod(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    fs.chmodSync(p, e.isDirectory() ? 0o755 : 0o644);
  }
}

/** Copies Fluid's charts into `home/charts`, replacing each `library` link (a text file in the fixtures). */
function installCharts(home: string): void {
  const charts = path.join(home, 'charts');
  const src = path.join(fluidSource(), 'charts');
  fs.mkdirSync(charts, { recursive: true });
  for (const c of ['alluxio', 'fluid-dataloader', 'library'])
    fs.cpSync(path.join(src, c), path.join(charts, c), { recursive: true });
  execChmod(charts);
  const library = path.join(charts, 'library');
  for (const e of fs.readdirSync(charts, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    if (e.isFile() && e.name === 'library' && path.basename(e.parentPath) === 'charts') {
      fs.rmSync(p);
      fs.cpSync(library, p, { recursive: true });
    }
  }
}

export interface FluidRun {
  logs: { dataset: string; alluxio: string };
  stop(): Promise<void>;
}

/**
 * Starts both controllers against a sandbox whose Fluid CRDs are Established (they decide at start which
 * reconcilers to run, from the CRDs they find). `dir` is the sandbox's folder.
 */
export function startFluidControllers(sb: {
  dir: string;
  kubeconfig: string;
  helm: string;
  env: Record<string, string>;
}): FluidRun {
  const bins = fluidControllers();
  if (!bins)
    throw new Error(`sandbox fluid: no controllers in ${fluidBinDir()}: run node out/test/sandbox/fluid-build.js`);
  const root = path.join(sb.dir, 'fluid');
  const home = path.join(root, 'home');
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(path.join(root, 'work'), { recursive: true });
  fs.mkdirSync(path.join(sb.dir, 'logs'), { recursive: true });
  if (!fs.existsSync(path.join(home, 'charts'))) installCharts(home);
  if (!fs.existsSync(path.join(bin, 'ddc-helm'))) fs.symlinkSync(sb.helm, path.join(bin, 'ddc-helm'));
  const env = {
    ...sb.env,
    KUBECONFIG: sb.kubeconfig,
    HOME: home,
    PATH: `${bin}:${sb.env.PATH}`,
    MY_POD_NAMESPACE: 'fluid-system',
    MOUNT_ROOT: '/runtime-mnt',
    FLUID_WORKDIR: path.join(root, 'work'),
  };
  const logs = {
    dataset: path.join(sb.dir, 'logs', 'fluid-dataset-controller.log'),
    alluxio: path.join(sb.dir, 'logs', 'fluid-alluxioruntime-controller.log'),
  };
  const children: ChildProcess[] = (['dataset', 'alluxio'] as const).map((k) => {
    const out = fs.openSync(logs[k], 'a');
    const child = spawn(bins[k], ['start', '--metrics-addr=0', '--development=false'], {
      env,
      stdio: ['ignore', out, out],
      detached: true,
    });
    fs.closeSync(out);
    return child;
  });
  return {
    logs,
    stop: async () => {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              try {
                process.kill(-c.pid!, 'SIGTERM');
              } catch {
                resolve();
              }
            }),
        ),
      );
    },
  };
}
