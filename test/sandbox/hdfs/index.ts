// A real HDFS for the sandbox (opt-in: startSandbox({ hdfs: true })): Hadoop 3.5.0 from Maven Central on
// the machine's Java 17, a MiniDFSCluster (one NameNode, one DataNode) on 127.0.0.1 and random ports, and
// an `hdfs` launcher (`hdfs dfs ARGS` → Hadoop's FsShell against that cluster) in `${dir}/hdfs/bin`, which
// the sandbox puts first on kwok's PATH. A ClusterExec makes every exec into a container named
// `hdfs-client` (the hdfs-k8s chart's client pod) run locally, so `kubectl exec hdfs-client-... -- hdfs
// dfs -ls /` reaches the real HDFS. See ./README.md.
//
// Jars: `mvn dependency:copy-dependencies` of ./pom.xml into `<cache>/hadoop-<version>/lib` (once);
// MiniDfs.java compiled with javac into `<cache>/hadoop-<version>/classes-<hash of the source>`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Api } from '../client';
import { longStep } from '../../support/long-step';
import { cacheDir } from '../paths';
import { compileOnce, jarsIn, need, shq, sourceDir } from '../java';
import { Component, waitFor } from '../proc';

export const HADOOP_VERSION = '3.5.0';
/** kwok runs execs into containers of this name locally (the hdfs-k8s chart's client container). */
export const CLIENT_CONTAINER = 'hdfs-client';
/** Client JVMs start faster with C1 only; a put of a few files doesn't need C2. */
const CLIENT_JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto'];

export interface SandboxHdfs {
  c: Component;
  /** folder holding the `hdfs` launcher; first on kwok's PATH */
  binDir: string;
  /** resolves with hdfs://127.0.0.1:PORT once the NameNode and DataNode serve; then `hdfs` works */
  ready(): Promise<string>;
  /** the namenode's web port (JMX, WebHDFS), once ready */
  httpPort(): number | undefined;
}

/** Fetches the jars and compiles MiniDfs.java when missing; returns the classpath (without the conf dir). */
export function ensureHadoop(say: (m: string) => void = () => undefined): { java: string; classpath: string[] } {
  const java = need('java', 'openjdk-17-jdk-headless', 'sandbox hdfs');
  const home = path.join(cacheDir(), `hadoop-${HADOOP_VERSION}`);
  const lib = path.join(home, 'lib');
  const src = sourceDir(__dirname, 'hdfs', 'MiniDfs.java', 'sandbox hdfs');
  if (!fs.existsSync(path.join(lib, '.complete'))) {
    const mvn = need('mvn', 'maven', 'sandbox hdfs');
    // one synchronous Maven run: the start and end lines only (no 30 s lines while it blocks)
    const progress = longStep(say, `fetching Hadoop ${HADOOP_VERSION} jars from Maven Central`, 90, lib);
    fs.mkdirSync(path.join(cacheDir(), 'logs'), { recursive: true });
    const log = path.join(cacheDir(), 'logs', `hadoop-${HADOOP_VERSION}-fetch.log`);
    try {
      execFileSync(
        mvn,
        [
          '-B',
          '-q',
          '-f',
          path.join(src, 'pom.xml'),
          `-Dmaven.repo.local=${path.join(cacheDir(), 'm2')}`,
          `-Dhadoop.version=${HADOOP_VERSION}`,
          'dependency:copy-dependencies',
          `-DoutputDirectory=${lib}`,
          '-DincludeScope=runtime',
        ],
        { stdio: ['ignore', fs.openSync(log, 'w'), 'pipe'], timeout: 600_000 },
      );
    } catch (e) {
      progress.failed();
      throw new Error(`sandbox hdfs: mvn dependency:copy-dependencies failed (log ${log}): ${(e as Error).message}`);
    }
    fs.writeFileSync(path.join(lib, '.complete'), `${new Date().toISOString()}\n`);
    progress.done();
  }
  const jars = jarsIn(lib);
  const classes = compileOnce(home, path.join(src, 'MiniDfs.java'), 'MiniDfs', jars, say);
  return { java, classpath: [classes, ...jars] };
}

/**
 * Starts the MiniDFSCluster (in the background: call ready()) and writes the launcher. The JVM needs
 * ~10-30 s, so the sandbox starts it before the control plane and waits for it at the end.
 */
export function startSandboxHdfs(dir: string, say: (m: string) => void = () => undefined): SandboxHdfs {
  const { java, classpath } = ensureHadoop(say);
  const home = path.join(dir, 'hdfs');
  const conf = path.join(home, 'conf');
  const binDir = path.join(home, 'bin');
  for (const d of [conf, binDir, path.join(home, 'data')]) fs.mkdirSync(d, { recursive: true });
  const launcher = [
    '#!/bin/sh',
    "# Sandbox launcher (test/sandbox/hdfs): `hdfs dfs ARGS...` = Hadoop FsShell against the sandbox's MiniDFSCluster",
    '# (fs.defaultFS in the conf folder). kwok finds it first on its PATH when it runs an exec locally.',
    'if [ "$1" != dfs ]; then echo "hdfs (sandbox launcher): only \'hdfs dfs ...\' is supported" >&2; exit 1; fi',
    'shift',
    `exec ${shq(java)} ${CLIENT_JVM_FLAGS.join(' ')} -cp ${shq([conf, ...classpath.slice(1)].join(path.delimiter))} org.apache.hadoop.fs.FsShell "$@"`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(binDir, 'hdfs'), launcher, { mode: 0o755 });
  const log = path.join(dir, 'logs', 'hdfs.log');
  say('starting HDFS (MiniDFSCluster) in the background');
  const started = Date.now();
  const c = new Component(
    'hdfs',
    java,
    ['-Xmx768m', '-XX:+UseSerialGC', '-cp', classpath.join(path.delimiter), 'MiniDfs', path.join(home, 'data')],
    log,
  );
  let url: Promise<string> | undefined;
  return {
    c,
    binDir,
    httpPort: () => Number(/READY hdfs:\/\/\S+ http=(\d+)/.exec(c.logText())?.[1]) || undefined,
    ready: () =>
      (url ??= waitFor(
        'HDFS MiniDFSCluster READY',
        async () => /READY (hdfs:\/\/127\.0\.0\.1:\d+)/.exec(c.logText())?.[1],
        { timeoutMs: 180_000, intervalMs: 100, alive: [c] },
      ).then((u) => {
        fs.writeFileSync(
          path.join(conf, 'core-site.xml'),
          `<?xml version="1.0"?>\n<configuration>\n  <property><name>fs.defaultFS</name><value>${u}</value></property>\n</configuration>\n`,
        );
        say(`HDFS ready at ${u} (JVM start to ready ${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return u;
      })),
  };
}

/** The hdfs-k8s chart's namenode web ports (Hadoop 2, Hadoop 3): the explorer's JMX and WebHDFS requests. */
export const NAMENODE_WEB_PORTS = [50070, 9870];

/** Sends the namenode web ports of any pod to the MiniDFSCluster's namenode web port (kwok port-forward). */
export async function wireNamenodeWeb(api: Api, httpPort: number): Promise<void> {
  await api.json('POST', '/apis/kwok.x-k8s.io/v1alpha1/clusterportforwards', {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterPortForward',
    metadata: { name: 'sandbox-hdfs-namenode-web' },
    spec: { forwards: [{ ports: NAMENODE_WEB_PORTS, target: { address: '127.0.0.1', port: httpPort } }] },
  });
}

/** Makes kwok run every exec into a `hdfs-client` container locally, in the sandbox's hdfs folder. */
export async function createHdfsClientExec(api: Api, dir: string): Promise<void> {
  await api.json('POST', '/apis/kwok.x-k8s.io/v1alpha1/clusterexecs', {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterExec',
    metadata: { name: 'sandbox-hdfs-client' },
    spec: { execs: [{ containers: [CLIENT_CONTAINER], local: { workDir: path.join(dir, 'hdfs') } }] },
  });
}
