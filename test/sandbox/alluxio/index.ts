// A real Alluxio for the sandbox (opt-in: startSandbox({ alluxio: true }), which implies hdfs): Alluxio 2.9.6
// from Maven Central on the machine's Java 17.
//  - one JVM: Alluxio's LocalAlluxioCluster (a master and a worker, MEM tier of 256 MB, 16 MB blocks) on
//    127.0.0.1 and random ports, started at once; when the sandbox's HDFS is ready it mounts
//    hdfs://…/data at /data and prints READY (SandboxAlluxio.java);
//  - one JVM: Alluxio's own FUSE (jnifuse, libfuse 3) mounting Alluxio's / at `${dir}/alluxio-fuse`, the
//    folder that stands for the `/alluxio-fuse` host path the training job mounts;
//  - an `alluxio` launcher in `${dir}/alluxio/bin` (first on kwok's PATH): `alluxio fs …` runs Alluxio's
//    FileSystemShell, `alluxio fsadmin …` its FileSystemAdminShell, each a client JVM against that master.
// Behind the Alluxio release's pods: a ClusterExec runs every exec into a container named `alluxio-master`
// locally (so `kubectl exec alluxio-master-0 -c alluxio-master -- alluxio fs ls /` is the real shell) and a
// ClusterPortForward sends port 19999 of any pod to the master's web port (REST, /metrics/json/).
// See ./README.md.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Api } from '../client';
import { longStep } from '../../support/long-step';
import { cacheDir } from '../paths';
import { compileOnce, jarsIn, need, shq, sourceDir } from '../java';
import { Component, waitFor } from '../proc';

export const ALLUXIO_VERSION = '2.9.6';
/** kwok runs execs into containers of this name locally (the Alluxio chart's master container). */
export const MASTER_CONTAINER = 'alluxio-master';
/** the master's web port in the Alluxio charts (REST API, metrics) */
export const MASTER_WEB_PORT = 19999;
const CLIENT_JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-Xmx256m'];
/** Client properties for the shell and FUSE: loopback, and a metadata sync on every access so files put
 * into HDFS after a listing show up (the job's data is uploaded while the mount is live). */
const CLIENT_PROPS = {
  'alluxio.user.hostname': '127.0.0.1',
  'alluxio.user.file.metadata.sync.interval': '0',
  'alluxio.fuse.jnifuse.libfuse.version': '3',
};

export interface AlluxioPorts {
  rpc: number;
  web: number;
}

export interface SandboxAlluxio {
  /** the master + worker JVM, and the FUSE JVM once ready() started it */
  components: Component[];
  /** folder holding the `alluxio` launcher; first on kwok's PATH */
  binDir: string;
  /** the FUSE mount point (Alluxio's /), standing for `/alluxio-fuse` */
  fuseDir: string;
  /** mounts HDFS, waits for READY, starts FUSE and waits until it lists /data; resolves with the ports */
  ready(hdfsUrl: Promise<string>): Promise<AlluxioPorts>;
  /** unmounts FUSE (before its JVM is stopped) */
  unmount(): void;
}

/** Fetches the jars (once, into `<cache>/alluxio-<version>/lib`) and compiles SandboxAlluxio.java. */
export function ensureAlluxio(say: (m: string) => void = () => undefined): { java: string; classpath: string[] } {
  const java = need('java', 'openjdk-17-jdk-headless', 'sandbox alluxio');
  const home = path.join(cacheDir(), `alluxio-${ALLUXIO_VERSION}`);
  const lib = path.join(home, 'lib');
  const src = sourceDir(__dirname, 'alluxio', 'SandboxAlluxio.java', 'sandbox alluxio');
  if (!fs.existsSync(path.join(lib, '.complete'))) {
    const mvn = need('mvn', 'maven', 'sandbox alluxio');
    // one synchronous Maven run: the start and end lines only (no 30 s lines while it blocks)
    const progress = longStep(say, `fetching Alluxio ${ALLUXIO_VERSION} jars from Maven Central`, 120, lib);
    fs.mkdirSync(path.join(cacheDir(), 'logs'), { recursive: true });
    const log = path.join(cacheDir(), 'logs', `alluxio-${ALLUXIO_VERSION}-fetch.log`);
    try {
      execFileSync(
        mvn,
        [
          '-B',
          '-q',
          '-f',
          path.join(src, 'pom.xml'),
          // its own local repository: another Maven run may be filling the shared one at the same time
          `-Dmaven.repo.local=${path.join(home, 'm2')}`,
          `-Dalluxio.version=${ALLUXIO_VERSION}`,
          'dependency:copy-dependencies',
          `-DoutputDirectory=${lib}`,
          '-DincludeScope=runtime',
        ],
        { stdio: ['ignore', fs.openSync(log, 'w'), 'pipe'], timeout: 900_000 },
      );
    } catch (e) {
      progress.failed();
      throw new Error(`sandbox alluxio: mvn dependency:copy-dependencies failed (log ${log}): ${(e as Error).message}`);
    }
    fs.writeFileSync(path.join(lib, '.complete'), `${new Date().toISOString()}\n`);
    progress.done();
  }
  // Two SLF4J bindings ship in the tree; keep log4j's so every JVM prints no binding warning.
  const jars = jarsIn(lib, (f) => f.startsWith('slf4j-reload4j'));
  const classes = compileOnce(home, path.join(src, 'SandboxAlluxio.java'), 'SandboxAlluxio', jars, say);
  return { java, classpath: [classes, ...jars] };
}

const props = (p: Record<string, string | number>) => Object.entries(p).map(([k, v]) => `-D${k}=${v}`);

/**
 * Starts the master + worker JVM at once (it waits for the HDFS URL in `${dir}/alluxio/hdfs-url`);
 * call ready() with the HDFS URL to mount, start FUSE and wait.
 */
export function startSandboxAlluxio(
  dir: string,
  track: (c: Component) => Component,
  say: (m: string) => void = () => undefined,
): SandboxAlluxio {
  const { java, classpath } = ensureAlluxio(say);
  const home = path.join(dir, 'alluxio');
  const binDir = path.join(home, 'bin');
  const tmp = path.join(home, 'tmp');
  const fuseDir = path.join(dir, 'alluxio-fuse');
  for (const d of [binDir, tmp, fuseDir]) fs.mkdirSync(d, { recursive: true });
  const urlFile = path.join(home, 'hdfs-url');
  const portFile = path.join(home, 'rpc-port');
  const jars = classpath.slice(1).join(path.delimiter);
  const clientJvm = (cls: string) =>
    `exec ${shq(java)} ${CLIENT_JVM_FLAGS.join(' ')} -Dalluxio.master.hostname=127.0.0.1 ` +
    `-Dalluxio.master.rpc.port="$(cat ${shq(portFile)})" ${props(CLIENT_PROPS).join(' ')} -cp ${shq(jars)} ${cls} "$@"`;
  const launcher = [
    '#!/bin/sh',
    "# Sandbox launcher (test/sandbox/alluxio): `alluxio fs ARGS` = Alluxio's FileSystemShell, `alluxio fsadmin ARGS` =",
    "# its FileSystemAdminShell, against the sandbox's Alluxio master. kwok finds it first on its PATH.",
    `[ -s ${shq(portFile)} ] || { echo "alluxio (sandbox launcher): the sandbox's Alluxio master is not ready yet" >&2; exit 1; }`,
    'case "$1" in',
    `  fs) shift; ${clientJvm('alluxio.cli.fs.FileSystemShell')} ;;`,
    `  fsadmin) shift; ${clientJvm('alluxio.cli.fsadmin.FileSystemAdminShell')} ;;`,
    // Fluid's AlluxioRuntime controller asks `alluxio getConf alluxio.underfs.version` while it binds a Dataset.
    `  getConf) shift; ${clientJvm('alluxio.cli.GetConf')} ;;`,
    "  *) echo \"alluxio (sandbox launcher): only 'alluxio fs ...', 'alluxio fsadmin ...' and 'alluxio getConf ...' are supported\" >&2; exit 1 ;;",
    'esac',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(binDir, 'alluxio'), launcher, { mode: 0o755 });

  say(`starting Alluxio ${ALLUXIO_VERSION} (master + worker) in the background`);
  const started = Date.now();
  const master = track(
    new Component(
      'alluxio',
      java,
      [
        '-Xmx768m',
        '-XX:+UseSerialGC',
        `-Djava.io.tmpdir=${tmp}`,
        '-cp',
        classpath.join(path.delimiter),
        'SandboxAlluxio',
        urlFile,
      ],
      path.join(dir, 'logs', 'alluxio.log'),
    ),
  );
  const components = [master];
  let ports: Promise<AlluxioPorts> | undefined;
  const unmount = () => {
    try {
      execFileSync('fusermount3', ['-u', '-z', fuseDir], { stdio: 'ignore' });
    } catch {
      /* not mounted */
    }
  };

  async function bringUp(hdfsUrl: Promise<string>): Promise<AlluxioPorts> {
    fs.writeFileSync(urlFile + '.tmp', await hdfsUrl);
    fs.renameSync(urlFile + '.tmp', urlFile);
    const m = await waitFor(
      'Alluxio master + worker READY with HDFS mounted at /data',
      async () => /READY rpc=(\d+) web=(\d+)/.exec(master.logText()) ?? undefined,
      { timeoutMs: 240_000, intervalMs: 100, alive: [master] },
    );
    const p = { rpc: Number(m[1]), web: Number(m[2]) };
    fs.writeFileSync(portFile, String(p.rpc));
    say(
      `Alluxio ready: rpc ${p.rpc}, web ${p.web} (JVM start to ready ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    need('fusermount3', 'fuse3', 'sandbox alluxio');
    const fuseStarted = Date.now();
    const fuse = track(
      new Component(
        'alluxio-fuse',
        java,
        [
          '-Xmx512m',
          '-XX:+UseSerialGC',
          ...props({ ...CLIENT_PROPS, 'alluxio.master.hostname': '127.0.0.1', 'alluxio.master.rpc.port': p.rpc }),
          `-Djava.io.tmpdir=${tmp}`,
          '-cp',
          jars,
          'alluxio.fuse.AlluxioFuse',
          '-m',
          fuseDir,
          '-a',
          '/',
          // as the guide's FUSE (--fuse-opts=direct_io): every read reaches Alluxio, none is served from
          // the kernel's page cache, so the cluster's read metrics count what a job reads
          '-o',
          'direct_io',
        ],
        path.join(dir, 'logs', 'alluxio-fuse.log'),
      ),
    );
    components.push(fuse);
    await waitFor('Alluxio FUSE mount lists /data', async () => fs.existsSync(path.join(fuseDir, 'data')), {
      timeoutMs: 120_000,
      intervalMs: 200,
      alive: [master, fuse],
    });
    say(`Alluxio FUSE mounted at ${fuseDir} (${((Date.now() - fuseStarted) / 1000).toFixed(1)} s)`);
    return p;
  }

  return { components, binDir, fuseDir, ready: (url) => (ports ??= bringUp(url)), unmount };
}

/** Execs into `alluxio-master` containers run locally; port 19999 of any pod reaches the master's web port. */
export async function wireAlluxioMaster(api: Api, dir: string, web: number): Promise<void> {
  await api.json('POST', '/apis/kwok.x-k8s.io/v1alpha1/clusterexecs', {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterExec',
    metadata: { name: 'sandbox-alluxio-master' },
    spec: { execs: [{ containers: [MASTER_CONTAINER], local: { workDir: path.join(dir, 'alluxio') } }] },
  });
  await api.json('POST', '/apis/kwok.x-k8s.io/v1alpha1/clusterportforwards', {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterPortForward',
    metadata: { name: 'sandbox-alluxio-master-web' },
    spec: { forwards: [{ ports: [MASTER_WEB_PORT], target: { address: '127.0.0.1', port: web } }] },
  });
}
