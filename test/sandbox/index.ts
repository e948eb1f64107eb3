// The sandbox: a local Kubernetes cluster made of real parts (etcd 3.6, kube-apiserver/controller-manager/
// scheduler 1.36, KWOK 0.8 for nodes and pods, real kubectl and helm), on 127.0.0.1 and random ports,
// in a temp folder removed on stop. See test/sandbox/README.md for the full description.
//
//   const sb = await startSandbox({ preload: true });
//   execFileSync(sb.kubectl, ['get', 'nodes'], { env: sb.env });
//   await sb.stop();
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBinaries } from './build';
import { Api } from './client';
import { startApiserver, startControllerManager, startEtcd, startScheduler } from './controlplane';
import { createAll, kwokCrds, NODES, nodeObjects, startKwok, viewerRbac, waitEstablished } from './kwok';
import { BinaryPaths, binaryPaths } from './paths';
import { ADMIN_USER, kubeconfigYaml, makePki, Pki, VIEWER_USER } from './pki';
import { Component, startReaper, waitFor } from './proc';
import { CONTEXT, writeInfo } from './info';
import { preload } from './preload';
import { appendCriLines, TrainingLogWriter } from './trainlog';
import { createHdfsClientExec, startSandboxHdfs, wireNamenodeWeb } from './hdfs';
import { AlluxioPorts, startSandboxAlluxio, wireAlluxioMaster } from './alluxio';
import { ensureMnist } from './training/mnist-data';
import { ensureTorch } from './training/torch';
import { TrainingRunner } from './training/runner';
import { ensureArena, installArena } from './arena';
import { waitForDataPlaneBuild } from './dataplane-build';

export interface SandboxOptions {
  /** Install the PyTorch-on-HDFS guide's workload: hdfs + alluxio Helm releases, TFJob/PyTorchJob CRDs, a TFJob with running pods. */
  preload?: boolean;
  /** Part of the temp folder's name (default "sb"). */
  name?: string;
  /** With preload: lines per second the training-log writer appends to each training pod's log (default 2; 0 = none). */
  logLinesPerSecond?: number;
  onProgress?: (msg: string) => void;
  /**
   * A real HDFS (Hadoop MiniDFSCluster, see hdfs/): execs into `hdfs-client` containers run locally and
   * `hdfs dfs ...` reaches it. Off by default: the JVM costs ~10-30 s (started alongside the control plane).
   */
  hdfs?: boolean;
  /**
   * A real Alluxio 2.9.6 (see alluxio/): master + worker mounting the HDFS at /data, its FUSE at
   * `${dir}/alluxio-fuse` (standing for /alluxio-fuse), `alluxio fs|fsadmin` in `alluxio-master` containers,
   * port 19999 of the master pod forwarded to its web port. Implies `hdfs`.
   */
  alluxio?: boolean;
  /**
   * Real training (see training/): a training pod that runs /mnist.py gets a real PyTorch run of the
   * generated mnist.py reading through the FUSE mount, its output as the pod's log (the preloaded job
   * keeps the synthetic writer). Implies `alluxio`; also makes the MNIST IDX files (`sb.mnistDir`).
   */
  training?: boolean;
  /** With training: --epochs added when the pod's command gives none (default 2) */
  trainingEpochs?: number;
  /** With training: the namespace whose training pods get real runs (default `default`) */
  trainingNamespace?: string;
  /** The real arena CLI (see arena.ts): `sb.arena`, and `arena` first on `sb.env.PATH`. */
  arena?: boolean;
}

export interface Sandbox {
  /** temp folder (certs, kubeconfigs, logs/, pod-logs/, etcd data), removed on stop */
  dir: string;
  /** admin kubeconfig (system:masters), context `alluxio-dl-sandbox` */
  kubeconfig: string;
  /** kubeconfig of a user who may get/list/watch pods and pods/log only (403 on secrets, nodes, custom resources) */
  restrictedKubeconfig: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** absolute paths of the real binaries */
  kubectl: string;
  helm: string;
  /** KUBECONFIG, PATH with kubectl/helm first, HELM_CACHE_HOME/HELM_CONFIG_HOME/HELM_DATA_HOME inside dir */
  env: Record<string, string>;
  /** CRI log file KWOK serves for that container of a pod in `default` (preloaded training pods; container default `tensorflow`) */
  trainingLog(pod: string, container?: string): string;
  /** appends lines in CRI format (`<time> stdout F <line>`) */
  appendTrainingLines(file: string, lines: string[]): Promise<void>;
  /** stops kube-apiserver and starts it again on the same port; resolves when /readyz is 200 */
  restartApiserver(): Promise<void>;
  /** Faults: stop etcd (SIGTERM, then SIGKILL) / start it again with the same data and ports (resolves when healthy). */
  stopEtcd(): Promise<void>;
  startEtcd(): Promise<void>;
  /** Faults: SIGSTOP / SIGCONT to the kube-apiserver (a hung server: connections stay open, nothing answers). */
  pauseApiserver(): void;
  continueApiserver(): void;
  /** kills every process group it started, removes dir */
  stop(): Promise<void>;
  /** with `alluxio`: the master's ports and the FUSE mount point */
  alluxio?: AlluxioPorts & { fuseDir: string };
  /** with `training`: the real runs started so far, and the folder of the MNIST IDX files */
  training?: TrainingRunner;
  mnistDir?: string;
  /** with `arena`: the `arena` launcher (real binary, HOME with its charts, arena-kubectl on PATH) */
  arena?: string;
}

export { CONTEXT };

/** Internals shared with preload/control/cli; not part of the public API. */
export interface SandboxInternals extends Sandbox {
  api: Api;
  pki: Pki;
  bins: BinaryPaths;
  /** registers a started process with the sandbox (stopped by stop(), killed by the reaper) */
  track: (c: Component) => Component;
  components: Component[];
  writers: TrainingLogWriter[];
  onStop: (() => Promise<void> | void)[];
  progress: (msg: string) => void;
}

const live = new Set<Component>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if the test process dies without stop(): no orphaned control planes.
  process.on('exit', () => {
    for (const c of live) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const progress = opts.onProgress ?? (() => {});
  const t0 = Date.now();
  const say = (m: string) => progress(`[sandbox +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  await ensureBinaries(say);
  const bins = binaryPaths();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `alluxio-dl-${(opts.name ?? 'sb').replace(/[^\w-]/g, '-')}-`));
  for (const d of ['logs', 'pod-logs', 'helm/cache', 'helm/config', 'helm/data'])
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  installExitHook();
  const components: Component[] = [];
  const writePgids = () =>
    fs.writeFileSync(
      path.join(dir, 'pgids'),
      components
        .map((c) => c.pid)
        .filter((p) => p > 0)
        .join('\n'),
    );
  const track = (c: Component) => {
    components.push(c);
    live.add(c);
    writePgids();
    // A component that dies on its own later is reported with its log tail (waits also check liveness).
    c.child.on('exit', () => {
      if (c.isStopping) return;
      const msg = `COMPONENT DIED: ${c.describeExit()}`;
      if (opts.onProgress) say(msg);
      else console.error(`[sandbox] ${msg}`);
    });
    return c;
  };
  const reaper = startReaper(dir);
  reaper.child.unref();
  const sb: Partial<SandboxInternals> = { dir, components, writers: [], onStop: [], progress: say, track, bins };
  try {
    const wantAlluxio = opts.alluxio || opts.training;
    if (wantAlluxio || opts.arena) await waitForDataPlaneBuild(say);
    const hdfs = opts.hdfs || wantAlluxio ? startSandboxHdfs(dir, say) : undefined;
    if (hdfs) track(hdfs.c);
    const alluxio = wantAlluxio ? startSandboxAlluxio(dir, track, say) : undefined;
    const python = opts.training ? ensureTorch(say) : undefined;
    const arena = opts.arena ? ensureArena(say) : undefined;
    // awaited later; a failure before then must not count as unhandled
    for (const p of [python, arena]) p?.catch(() => undefined);
    const pki = makePki(path.join(dir, 'pki'));
    sb.pki = pki;
    say('starting etcd');
    const etcd = await startEtcd(bins, dir);
    let etcdC = track(etcd.c);
    say('starting kube-apiserver');
    const apiserver = await startApiserver(bins, dir, pki, etcd.url);
    let apiC = track(apiserver.c);
    const server = `https://127.0.0.1:${apiserver.port}`;
    const kubeconfig = path.join(dir, 'kubeconfig');
    const restrictedKubeconfig = path.join(dir, 'kubeconfig-restricted');
    fs.writeFileSync(kubeconfig, kubeconfigYaml(server, pki.ca, pki.adminCert, pki.adminKey, CONTEXT, ADMIN_USER), {
      mode: 0o600,
    });
    fs.writeFileSync(
      restrictedKubeconfig,
      kubeconfigYaml(server, pki.ca, pki.viewerCert, pki.viewerKey, CONTEXT, VIEWER_USER),
      { mode: 0o600 },
    );
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      KUBECONFIG: kubeconfig,
      PATH: [path.dirname(bins.kubectl), path.dirname(bins.helm), process.env.PATH ?? ''].join(path.delimiter),
      HELM_CACHE_HOME: path.join(dir, 'helm/cache'),
      HELM_CONFIG_HOME: path.join(dir, 'helm/config'),
      HELM_DATA_HOME: path.join(dir, 'helm/data'),
    };
    if (arena) {
      const arenaBin = installArena(dir, await arena, bins.kubectl);
      env.PATH = [arenaBin, env.PATH].join(path.delimiter);
      sb.arena = path.join(arenaBin, 'arena');
    }
    say('starting controller-manager and scheduler; creating nodes, RBAC, kwok CRDs');
    track(startControllerManager(bins, dir, pki, kubeconfig));
    track(startScheduler(bins, dir, kubeconfig));
    const api = apiserver.api;
    const crds = kwokCrds(bins);
    await createAll(api, [...crds, ...nodeObjects(), ...viewerRbac()]);
    say('waiting for kwok CRDs to be Established');
    await waitEstablished(
      api,
      crds.map((c) => c.metadata.name),
      components,
    );
    // Catch-all: any pod's container logs come from an (empty) default file; training pods get their own Logs.
    const defaultLog = path.join(dir, 'pod-logs', 'default.log');
    fs.writeFileSync(defaultLog, '');
    await waitFor(
      'ClusterLogs created',
      async () => {
        await createAll(api, [
          {
            apiVersion: 'kwok.x-k8s.io/v1alpha1',
            kind: 'ClusterLogs',
            metadata: { name: 'sandbox-default' },
            spec: { selector: {}, logs: [{ logsFile: defaultLog, follow: true }] },
          },
        ]);
        return true;
      },
      { timeoutMs: 30_000, alive: components },
    );
    say('starting kwok');
    const execPath = [alluxio?.binDir, hdfs?.binDir].filter((d) => d).join(path.delimiter);
    const kwok = await startKwok(bins, dir, pki, kubeconfig, execPath || undefined);
    track(kwok.c);
    await waitFor(
      `${NODES.length} nodes Ready`,
      async () => {
        const list = await api.json<{ items: { status?: { conditions?: { type: string; status: string }[] } }[] }>(
          'GET',
          '/api/v1/nodes',
        );
        const ready = list.items.filter((n) =>
          n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        );
        return ready.length === NODES.length;
      },
      { timeoutMs: 60_000, alive: components },
    );
    await waitFor(
      'default service account',
      async () => (await api.request('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200,
      { timeoutMs: 60_000, alive: components },
    );
    if (hdfs) {
      await createHdfsClientExec(api, dir);
      if (!alluxio) await hdfs.ready();
    }
    if (hdfs && alluxio) {
      sb.onStop!.push(() => alluxio.unmount()); // before the FUSE JVM is stopped
      const ports = await alluxio.ready(hdfs.ready());
      await wireAlluxioMaster(api, dir, ports.web);
      sb.alluxio = { ...ports, fuseDir: alluxio.fuseDir };
    }
    if (hdfs) {
      await hdfs.ready();
      const web = hdfs.httpPort();
      if (!web) throw new Error(`sandbox hdfs: no namenode web port in ${path.join(dir, 'logs', 'hdfs.log')}`);
      await wireNamenodeWeb(api, web);
    }
    if (python && alluxio) {
      sb.mnistDir = ensureMnist(await python, say);
      const runner = new TrainingRunner({
        api,
        python: await python,
        fuseDir: alluxio.fuseDir,
        workDir: path.join(dir, 'training'),
        namespace: opts.trainingNamespace,
        logFile: (ns, pod, container) => path.join(dir, 'pod-logs', `${ns}_${pod}_${container}.log`),
        onLaunch: (file) => sb.writers!.forEach((w) => w.remove(file)),
        epochs: opts.trainingEpochs,
        say,
      });
      sb.onStop!.unshift(() => runner.stop()); // runs read the FUSE mount: stop them first
      sb.training = runner; // started after the preload: the preloaded job keeps its synthetic lines
    }
    say(`ready: ${server} (kubeconfig ${kubeconfig})`);

    Object.assign(sb, {
      kubeconfig,
      restrictedKubeconfig,
      server,
      env,
      api,
      kubectl: bins.kubectl,
      helm: bins.helm,
      trainingLog: (pod: string, container = 'tensorflow') =>
        path.join(dir, 'pod-logs', `default_${pod}_${container}.log`),
      appendTrainingLines: (file: string, lines: string[]) => appendCriLines(file, lines),
      restartApiserver: async () => {
        await apiC.stop(3000);
        live.delete(apiC);
        components.splice(components.indexOf(apiC), 1);
        writePgids();
        const again = await startApiserver(bins, dir, pki, etcd.url, apiserver.port);
        again.api.close();
        apiC = track(again.c);
      },
      stopEtcd: async () => {
        await etcdC.stop(3000);
        live.delete(etcdC);
        components.splice(components.indexOf(etcdC), 1);
        writePgids();
      },
      startEtcd: async () => {
        if (!etcdC.exited) return;
        // The same command line: same data dir, same ports (nothing else binds them meanwhile on 127.0.0.1).
        etcdC = new Component(etcdC.name, etcdC.bin, etcdC.args, etcdC.logFile);
        // Before the other components (stopAll stops in reverse order: etcd last).
        components.unshift(etcdC);
        live.add(etcdC);
        writePgids();
        await waitFor(
          'etcd healthy again',
          async () => (await fetch(`${etcd.url}/health`, { signal: AbortSignal.timeout(2000) })).ok,
          { timeoutMs: 30_000, alive: [etcdC] },
        );
      },
      pauseApiserver: () => process.kill(apiC.pid, 'SIGSTOP'),
      continueApiserver: () => process.kill(apiC.pid, 'SIGCONT'),
      stop: async () => {
        for (const w of sb.writers!) w.stop();
        for (const f of sb.onStop!.splice(0)) await f();
        api.close();
        await stopAll(components);
        fs.rmSync(dir, { recursive: true, force: true });
        await reaper.stop(1000);
      },
    });
    writeInfo(sb as SandboxInternals);
    if (opts.preload) {
      await preload(sb as SandboxInternals, {
        logLinesPerSecond: opts.logLinesPerSecond ?? 2,
        realTraining: !!sb.training,
      });
      say('preload done');
    }
    await sb.training?.start();
    return sb as Sandbox;
  } catch (e) {
    for (const w of sb.writers ?? []) w.stop();
    for (const f of sb.onStop ?? []) await f();
    await stopAll(components);
    await reaper.stop(1000);
    const keep = process.env.ALLUXIO_DL_KEEP_FAILED === '1';
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    const err = e as Error;
    err.message = `sandbox start failed: ${err.message}${keep ? ` (kept ${dir})` : ' (set ALLUXIO_DL_KEEP_FAILED=1 to keep its folder)'}`;
    throw err;
  }

  async function stopAll(cs: Component[]): Promise<void> {
    // kwok and the controllers first, then the apiserver, then etcd.
    const order = [...cs].reverse();
    for (const c of order) {
      await c.stop();
      live.delete(c);
    }
  }
}

export { sandboxInfo, writeInfo } from './info';
export { serveControl } from './control';
