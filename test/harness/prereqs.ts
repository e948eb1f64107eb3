/**
 * The system programs `npm test` and `npm run demo` need, checked before anything long starts (no build,
 * no download, no cache folder, no sandbox): when some are missing, one message lists all of them with the
 * one-line command that installs them, and the run stops.
 *
 * Tools are found by reading PATH (no shell); only the version probes (`go version`, `java -version`,
 * `npm --version`) run a child process. What the cache already holds is not asked for again: Go only
 * while a Go-built binary is missing, a C toolchain and libkrb5-dev only while code-server is not
 * installed, python3-venv only while the PyTorch venv is not made.
 *
 *   node out/test/harness/prereqs.js [unit|sandbox|integration|ui|demo|demo-context]...
 *   (no argument: ALLUXIO_DL_TEST_KINDS, else every test kind)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { arenaBinary } from '../sandbox/arena';
import { binaryPaths } from '../sandbox/paths';
import { torchPython } from '../sandbox/training/torch';
import { cacheDir, CHROMIUM, CODE_SERVER_VERSION } from './cache';

/** What a run is for: a test kind, the demo with its sandbox, or the demo on an existing context. */
export type Purpose = 'unit' | 'sandbox' | 'integration' | 'ui' | 'demo' | 'demo-context';
export const PURPOSES: readonly Purpose[] = ['unit', 'sandbox', 'integration', 'ui', 'demo', 'demo-context'];

export const MIN_NODE = 20;
export const MIN_GO: [number, number] = [1, 26];
export const MIN_JAVA = 17;

export interface Lack {
  /** The program, as the user knows it. */
  what: string;
  /** Why the run needs it. */
  why: string;
  /** The Debian/Ubuntu package that provides it, when apt has a fitting one. */
  apt?: string;
  /** How to get it when apt has none (or too old a one). */
  other?: string;
}

export interface Probe {
  /** Absolute path of an executable on PATH, or undefined. */
  find(tool: string): string | undefined;
  /** stdout + stderr of `bin args`, or undefined when it could not run. */
  output(bin: string, args: string[]): string | undefined;
  exists(file: string): boolean;
  nodeVersion: string;
}

export function systemProbe(env: NodeJS.ProcessEnv = process.env): Probe {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return {
    find(tool) {
      for (const dir of dirs.slice(0, 200)) {
        const file = path.join(dir, tool);
        try {
          fs.accessSync(file, fs.constants.X_OK);
          if (fs.statSync(file).isFile()) return file;
        } catch {
          /* not here */
        }
      }
      return undefined;
    },
    output(bin, args) {
      // both streams: java -version writes to stderr
      const r = spawnSync(bin, args, { env, encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
      const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      return r.error || !text ? undefined : text;
    },
    exists: (file) => fs.existsSync(file),
    nodeVersion: process.versions.node,
  };
}

const needsSandbox = (p: Purpose) => p === 'sandbox' || p === 'integration' || p === 'ui' || p === 'demo';
const needsEditor = (p: Purpose) => p === 'integration' || p === 'ui' || p === 'demo' || p === 'demo-context';

/** Everything missing for these purposes, each once, in a stable order. */
export function missingPrerequisites(purposes: readonly Purpose[], probe: Probe): Lack[] {
  const lacks: Lack[] = [];
  const add = (l: Lack) => lacks.some((x) => x.what === l.what) || lacks.push(l);
  const cache = cacheDir();

  const nodeMajor = Number(probe.nodeVersion.split('.')[0]);
  if (!(nodeMajor >= MIN_NODE))
    add({
      what: `Node.js ${MIN_NODE}+ (this is ${probe.nodeVersion})`,
      why: 'runs the build and the test harness',
      apt: 'nodejs',
    });
  const npm = probe.find('npm');
  const npmVersion = npm ? /(\d+)\.\d+/.exec(probe.output(npm, ['--version']) ?? '')?.[1] : undefined;
  if (!npm || !npmVersion)
    add({ what: 'npm', why: 'installs Node 24 and code-server into the cache on the first run', apt: 'npm' });

  const sandbox = purposes.some(needsSandbox);
  const editor = purposes.some(needsEditor);
  if (sandbox) {
    const bins = binaryPaths();
    const goBuilt = [bins.etcd, bins.kubeApiserver, bins.kubeControllerManager, bins.kubeScheduler, bins.kwok];
    if (purposes.some((p) => p !== 'sandbox')) goBuilt.push(arenaBinary());
    const unbuilt = goBuilt.filter((b) => !probe.exists(b)).map((b) => path.basename(b));
    if (unbuilt.length) {
      const go = probe.find('go');
      const version = go ? /go(\d+)\.(\d+)/.exec(probe.output(go, ['version']) ?? '') : null;
      const ok = version && compare([Number(version[1]), Number(version[2])], MIN_GO) >= 0;
      if (!ok)
        add({
          what: `Go ${MIN_GO.join('.')}+ (${go ? `found ${version ? `go${version[1]}.${version[2]}` : 'an unreadable version'}` : 'not found'})`,
          why: `builds ${unbuilt.join(', ')} once into ${path.join(cache, 'bin')}`,
          other: `Go ${MIN_GO.join('.')} or newer from https://go.dev/dl/ (Debian's golang-go is older): unpack it into /usr/local and put /usr/local/go/bin on PATH`,
        });
    }
    if (!probe.exists(bins.kubectl) && !probe.find('unzip'))
      add({ what: 'unzip', why: 'unpacks kubectl and helm on the first run', apt: 'unzip' });
    if (!probe.find('openssl'))
      add({ what: 'openssl', why: "makes the sandbox cluster's certificates", apt: 'openssl' });
    const java = probe.find('java');
    const javaMajor = java ? /version "(\d+)/.exec(probe.output(java, ['-version']) ?? '')?.[1] : undefined;
    if (!java || !javaMajor || Number(javaMajor) < MIN_JAVA || !probe.find('javac'))
      add({
        what: `Java ${MIN_JAVA}+ JDK (${java ? (javaMajor ? `found Java ${javaMajor}${probe.find('javac') ? '' : ' without javac'}` : 'unreadable version') : 'java not found'})`,
        why: "runs the sandbox's real HDFS and Alluxio",
        apt: 'openjdk-17-jdk-headless',
      });
    if (!probe.find('mvn'))
      add({ what: 'Maven (mvn)', why: 'fetches the Hadoop and Alluxio jars from Maven Central', apt: 'maven' });
    if (!probe.find('fusermount3'))
      add({
        what: 'fuse3 (fusermount3)',
        why: "Alluxio's FUSE mount that the training runs read through",
        apt: 'fuse3',
      });
    const python = probe.find('python3');
    if (!python) add({ what: 'python3', why: 'runs the real PyTorch training', apt: 'python3' });
    else if (!torchPython() && probe.output(python, ['-c', 'import ensurepip, venv; print("ok")'])?.trim() !== 'ok')
      add({ what: 'python3-venv', why: 'makes the PyTorch venv on the first run', apt: 'python3-venv' });
  }
  if (purposes.includes('demo-context')) {
    if (!probe.find('kubectl'))
      add({
        what: 'kubectl',
        why: 'reads the contexts of your kubeconfig',
        other: 'kubectl from https://kubernetes.io/docs/tasks/tools/ (on PATH)',
      });
    if (!probe.find('helm'))
      add({
        what: 'helm',
        why: 'installs HDFS and Alluxio',
        other: 'helm 3 from https://helm.sh/docs/intro/install/ (on PATH)',
      });
  }
  if (purposes.some((p) => p === 'integration' || p === 'demo') && !probe.find('buildah'))
    add({ what: 'buildah', why: 'builds training images without a Docker engine', apt: 'buildah' });
  if (purposes.some((p) => p === 'integration' || p === 'ui') && !probe.exists(CHROMIUM))
    add({
      what: `chromium (${CHROMIUM})`,
      why: 'the browser the editor tests drive (or set ALLUXIO_DL_CHROMIUM)',
      apt: 'chromium',
    });
  if (editor && !probe.exists(path.join(cache, `code-server-${CODE_SERVER_VERSION}`, '.complete'))) {
    if (!probe.find('cc') || !probe.find('make') || !probe.find('g++'))
      add({
        what: 'a C/C++ toolchain (cc, g++, make)',
        why: "builds code-server's native modules once",
        apt: 'build-essential',
      });
    if (!probe.find('krb5-config'))
      add({
        what: 'Kerberos headers (krb5-config)',
        why: "code-server's native modules compile against them",
        apt: 'libkrb5-dev',
      });
  }
  return lacks;
}

function compare(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** One message: every missing program, why, and the one-line install command. */
export function describeMissing(lacks: readonly Lack[], command: string, root = process.getuid?.() === 0): string {
  const lines = [`${command} needs programs this machine does not have; nothing was started:`];
  for (const l of lacks) lines.push(`  - ${l.what}: ${l.why}`);
  const apt = [...new Set(lacks.flatMap((l) => (l.apt ? [l.apt] : [])))];
  if (apt.length) {
    lines.push(
      '',
      'Install them on Debian/Ubuntu with:',
      `  ${root ? '' : 'sudo '}apt-get install -y ${apt.join(' ')}`,
    );
  }
  for (const l of lacks) if (l.other) lines.push('', `${l.what}: ${l.other}`);
  lines.push('', `Then run ${command} again.`);
  return lines.join('\n');
}

export class MissingPrerequisites extends Error {
  constructor(
    readonly lacks: readonly Lack[],
    command: string,
  ) {
    super(describeMissing(lacks, command));
    this.name = 'MissingPrerequisites';
  }
}

/** Throws MissingPrerequisites when something is missing. */
export function requirePrerequisites(purposes: readonly Purpose[], command: string, probe = systemProbe()): void {
  const lacks = missingPrerequisites(purposes, probe);
  if (lacks.length) throw new MissingPrerequisites(lacks, command);
}

if (require.main === module) {
  // purposes from the arguments, else ALLUXIO_DL_TEST_KINDS (the test:* scripts set it for their pretest)
  const words =
    process.argv.length > 2 ? process.argv.slice(2) : (process.env.ALLUXIO_DL_TEST_KINDS ?? '').split(/[ ,]+/);
  const asked = words.filter((a) => a && a !== 'all') as Purpose[];
  const unknown = asked.filter((a) => !PURPOSES.includes(a));
  if (unknown.length) {
    console.error(`prereqs: unknown ${unknown.join(', ')}; use ${PURPOSES.join(', ')} or all`);
    process.exit(2);
  }
  const purposes: Purpose[] = asked.length ? asked : ['unit', 'sandbox', 'integration', 'ui'];
  try {
    requirePrerequisites(purposes, purposes.includes('demo') ? '`npm run demo`' : '`npm test`');
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
