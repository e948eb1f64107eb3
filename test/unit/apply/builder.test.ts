/**
 * Choosing an image builder that works, with real processes: each test puts small scripts on a PATH
 * of its own that answer as the docker, podman and buildah CLIs do (a docker CLI whose daemon is down,
 * a podman that works, a builder that hangs). The build-failure tests run the real buildah.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import { classifyBuildFailure, explainBuildFailure } from '../../../src/core/apply/builder-probe';
import type { ProbeResult } from '../../../src/core/apply/builder-probe';
import { isToolMissing } from '../../../src/tools/find';
import { BuildError, chooseBuilder, ImageBuilder } from '../../../src/tools/image-builder';
import { MemoryOutput } from '../../doubles/scripted-prompter';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const DOCKER_DAEMON_DOWN = `#!/bin/sh
if [ "$1" = info ]; then
  echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
  exit 1
fi
echo "docker: $*" >&2; exit 1
`;
const PODMAN_WORKS = `#!/bin/sh
if [ "$1" = info ]; then echo crun; exit 0; fi
exit 1
`;
const BUILDAH_WORKS = `#!/bin/sh
if [ "$1" = --version ]; then echo "buildah version 1.39.3 (image-spec 1.1.1, runtime-spec 1.2.1)"; exit 0; fi
exit 1
`;
/** Never answers: records its pid, then sleeps. */
const HANGS = (pidFile: string) => `#!/bin/sh
echo $$ > ${pidFile}
exec sleep 60
`;

/** A PATH folder holding the given scripts (and nothing else). */
function fakePath(scripts: Record<string, string>): string {
  const dir = tempDir('adl-builders-');
  for (const [name, body] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, name), body, { mode: 0o755 });
  return dir;
}

/** PATH is the fake folder and one holding only `sleep` (the scripts' shebang is /bin/sh): no real builder is found. */
function envWith(dir: string): NodeJS.ProcessEnv {
  const tools = tempDir('adl-tools-');
  fs.symlinkSync(
    execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim(),
    path.join(tools, 'sleep'),
  );
  return { ...process.env, PATH: `${dir}${path.delimiter}${tools}` };
}
const noBuilders = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: fakePath({}) });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('auto: a docker CLI whose daemon is down is skipped; the working podman is chosen', async () => {
  const dir = fakePath({ docker: DOCKER_DAEMON_DOWN, podman: PODMAN_WORKS, buildah: BUILDAH_WORKS });
  const probes: ProbeResult[] = [];
  const found = await chooseBuilder('auto', envWith(dir), { onProbe: (p) => probes.push(p) });
  assert.deepEqual(found, { builder: 'podman', binary: path.join(dir, 'podman') });
  assert.deepEqual(
    probes.map((p) => p.builder),
    ['docker', 'podman'],
    'buildah is not asked once podman works',
  );
  assert.match(probes[0].problem ?? '', /the docker CLI is installed but its daemon is not reachable \(Cannot connect/);
  assert.equal(probes[1].problem, undefined);
});

test('auto: a builder that does not answer is stopped after the timeout and the next one is tried', async () => {
  const pidFile = path.join(tempDir('adl-hang-'), 'pid');
  const dir = fakePath({ docker: HANGS(pidFile), buildah: BUILDAH_WORKS });
  const started = Date.now();
  const probes: ProbeResult[] = [];
  const found = await chooseBuilder('auto', envWith(dir), {
    timeoutMs: 400,
    onProbe: (p) => probes.push(p),
  });
  const ms = Date.now() - started;
  assert.equal(found.builder, 'buildah');
  assert.ok(ms < 5000, `gave up on the hanging docker after the 400 ms timeout (${ms} ms in all)`);
  assert.match(probes[0].problem ?? '', /`docker info` did not answer within 0\.4 s/);
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  const until = Date.now() + 3000;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.equal(alive(pid), false, 'the hanging probe was killed, not left running');
});

test('auto: nothing works: the error names each builder, why, and the setting', async () => {
  const dir = fakePath({ docker: DOCKER_DAEMON_DOWN });
  await assert.rejects(chooseBuilder('auto', envWith(dir)), (e) => {
    assert.ok(isToolMissing(e));
    assert.equal(e.setting, 'alluxioDl.imageBuilder');
    assert.match(
      e.message,
      /^No image builder works: docker: the docker CLI is installed but its daemon is not reachable/,
    );
    assert.match(e.message, /podman: not on PATH; buildah: not on PATH/);
    assert.match(e.message, /set alluxioDl\.imageBuilder to choose one/);
    return true;
  });
  await assert.rejects(chooseBuilder('auto', noBuilders()), /None of docker, podman or buildah was found on PATH/);
});

test('a builder named by the setting is probed too; the error says which setting picks another', async () => {
  const dir = fakePath({ docker: DOCKER_DAEMON_DOWN, podman: PODMAN_WORKS });
  await assert.rejects(
    chooseBuilder('docker', envWith(dir)),
    /^ToolMissingError: docker cannot build: the docker CLI is installed but its daemon is not reachable .*set alluxioDl\.imageBuilder to podman, buildah \(or auto, which tries each\)/,
  );
  await assert.rejects(
    chooseBuilder('buildah', envWith(dir)),
    /^ToolMissingError: buildah was not found on PATH\. Install or start it, or set alluxioDl\.imageBuilder to docker, podman/,
  );
  assert.equal((await chooseBuilder('podman', envWith(dir))).builder, 'podman');
});

function realBuildah(): string {
  const buildah = ['/usr/bin/buildah', '/usr/local/bin/buildah'].find((b) => fs.existsSync(b));
  if (!buildah) throw new Error('buildah is missing: install Debian buildah (apt-get install buildah)');
  return buildah;
}

test('real buildah: a short name in FROM is explained with the fix (qualify the name)', async () => {
  const buildah = realBuildah();
  const dir = tempDir('adl-short-');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM pytorch/pytorch:1.4\n');
  const out = new MemoryOutput();
  // A registries.conf without unqualified-search registries, as on a stock Debian, whatever this machine has.
  const conf = path.join(dir, 'registries.conf');
  fs.writeFileSync(conf, 'unqualified-search-registries = []\n');
  const env = { ...process.env, CONTAINERS_REGISTRIES_CONF: conf };
  const withConf = new ImageBuilder({ builder: 'buildah', binary: buildah }, out, env);
  await assert.rejects(
    withConf.build({
      contextDir: dir,
      dockerfile: path.join(dir, 'Dockerfile'),
      tag: `localhost/adl-short:${process.pid}`,
    }),
    (e) => {
      assert.ok(e instanceof BuildError, String(e));
      assert.equal(e.kind, 'shortName', e.message);
      assert.match(
        e.message,
        /^buildah refused the unqualified image name pytorch\/pytorch:1\.4: .*docker\.io\/pytorch\/pytorch/,
      );
      return true;
    },
  );
});

test('real buildah: a base image whose registry cannot be resolved says the build needs the network', async () => {
  const buildah = realBuildah();
  const dir = tempDir('adl-net-');
  // .invalid never resolves (RFC 2606), with or without a network: the same failure as an offline machine.
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM registry.invalid/adl/base:1\n');
  const out = new MemoryOutput();
  const b = new ImageBuilder({ builder: 'buildah', binary: buildah }, out);
  await assert.rejects(
    b.build({ contextDir: dir, dockerfile: path.join(dir, 'Dockerfile'), tag: `localhost/adl-net:${process.pid}` }),
    (e) => {
      assert.ok(e instanceof BuildError, String(e));
      assert.equal(e.kind, 'network', `${e.message}\n${out.text}`);
      assert.match(
        e.message,
        /^The build needs the network to pull .*registry\.invalid.* could not reach the registry: /,
      );
      assert.match(e.message, /no such host|server misbehaving|name resolution/);
      return true;
    },
  );
  try {
    execFileSync(buildah, ['rmi', `localhost/adl-net:${process.pid}`], { stdio: 'ignore' });
  } catch {
    // never built
  }
});

test('build failures recognised in docker and podman output too; others are left alone', () => {
  const docker = classifyBuildFailure(
    'ERROR: failed to solve: docker.io/pytorch/pytorch:1.4: failed to resolve source metadata for docker.io/pytorch/pytorch:1.4: failed to do request: Head "https://registry-1.docker.io/v2/pytorch/pytorch/manifests/1.4": dial tcp: lookup registry-1.docker.io: Temporary failure in name resolution',
  );
  assert.equal(docker?.kind, 'network');
  const podman = classifyBuildFailure(
    'Error: creating build container: initializing source docker://busybox:1: pinging container registry registry-1.docker.io: Get "https://registry-1.docker.io/v2/": dial tcp 54.1.2.3:443: connect: network is unreachable',
  );
  assert.equal(podman?.kind, 'network');
  assert.equal(podman?.image, 'busybox:1');
  assert.equal(docker?.image, 'docker.io/pytorch/pytorch:1.4');
  assert.match(
    explainBuildFailure('podman', podman!),
    /^The build needs the network to pull busybox:1 and could not reach/,
  );
  assert.equal(
    classifyBuildFailure('STEP 2/3: RUN false\nError: building at STEP "RUN false": exit status 1'),
    undefined,
  );
  assert.equal(classifyBuildFailure('x'.repeat(1_000_000)), undefined, 'a long output is read from its tail, bounded');
});
