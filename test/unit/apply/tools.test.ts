import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findTool, isToolMissing, whichOnPath } from '../../../src/tools/find';
import { Helm, HelmError, missingDependencies } from '../../../src/tools/helm';
import { displayCommandLine, isCancelled, runProgram } from '../../../src/tools/process';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('runProgram: argument arrays reach the program untouched (no shell)', async () => {
  const r = await runProgram('printf', ['%s|', '$(id)', '; rm -rf /', '*']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '$(id)|; rm -rf /|*|');
});

test('runProgram: stdin, output callback, exit code', async () => {
  const chunks: string[] = [];
  const r = await runProgram('sh', ['-c', 'cat; echo err >&2; exit 3'], {
    input: 'hello',
    onOutput: (t) => chunks.push(t),
  });
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'hello');
  assert.equal(r.stderr, 'err\n');
  assert.ok(chunks.join('').includes('hello'));
});

test('cancel kills the program and what it started (process group)', async () => {
  const controller = new AbortController();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-cancel-'));
  const pidFile = path.join(dir, 'child.pid');
  // sh starts a sleep child and waits; both must die on cancel.
  const running = runProgram('sh', ['-c', `sleep 60 & echo $! > ${pidFile}; wait`], { signal: controller.signal });
  const until = Date.now() + 5000;
  while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8').trim()) {
    if (Date.now() > until) throw new Error('child did not start');
    await new Promise((r) => setImmediate(r));
  }
  const child = Number(fs.readFileSync(pidFile, 'utf8'));
  assert.ok(alive(child));
  const t0 = Date.now();
  controller.abort();
  const r = await running;
  assert.equal(r.cancelled, true);
  assert.ok(Date.now() - t0 < 2500, 'stopped by SIGTERM, not after the 60 s sleep');
  const gone = Date.now() + 3000;
  while (alive(child) && Date.now() < gone) await new Promise((res) => setImmediate(res));
  assert.equal(alive(child), false, 'the grandchild sleep was killed too');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a program that ignores SIGTERM is killed after the grace period', async () => {
  const controller = new AbortController();
  const running = runProgram('sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done'], {
    signal: controller.signal,
    killGraceMs: 200,
    onOutput: (t) => t.includes('ready') && controller.abort(),
  });
  const r = await running;
  assert.equal(r.cancelled, true);
  assert.equal(r.signal, 'SIGKILL');
});

test('findTool: setting, PATH, and the missing-tool error names the setting', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-find-'));
  const helm = path.join(dir, 'helm');
  fs.writeFileSync(helm, '#!/bin/sh\necho "Error: release: not found" >&2; exit 1\n', { mode: 0o755 });
  assert.equal(findTool('helm', helm, 'alluxioDl.helmPath', ''), helm);
  assert.equal(findTool('helm', '', 'alluxioDl.helmPath', dir), helm);
  assert.equal(whichOnPath('helm', '/nonexistent'), undefined);
  assert.throws(
    () => findTool('helm', '', 'alluxioDl.helmPath', '/nonexistent'),
    (e) => isToolMissing(e) && /not found on PATH\. Install it, or set alluxioDl\.helmPath/.test(e.message),
  );
  assert.throws(
    () => findTool('helm', path.join(dir, 'nope'), 'alluxioDl.helmPath', dir),
    /not found at .*nope.*\(setting alluxioDl\.helmPath\)/,
  );
  fs.rmSync(dir, { recursive: true, force: true });
});

test("Helm wrapper: failures carry helm's error line; a missing release is undefined; output is streamed", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-helm-'));
  const helm = path.join(dir, 'helm');
  fs.writeFileSync(
    helm,
    '#!/bin/sh\nif [ "$1" = get ]; then echo "Error: release: not found" >&2; exit 1; fi\nif [ "$1" = sleep ]; then exec sleep 30; fi\necho "Error: UPGRADE FAILED: boom" >&2; exit 1\n',
    { mode: 0o755 },
  );
  let out = '';
  const h = new Helm(helm, { append: (t) => (out += t) });
  assert.equal(await h.deployedManifest({ release: 'r', namespace: 'n' }), undefined);
  await assert.rejects(
    h.rollback({ release: 'r', namespace: 'n' }, 1),
    (e) => e instanceof HelmError && e.message === 'helm rollback failed: boom',
  );
  assert.match(out, /\$ helm rollback --namespace=n -- r 1/);
  const c = new AbortController();
  const p = h.run(['sleep'], { signal: c.signal });
  setImmediate(() => c.abort());
  await assert.rejects(p, (e) => isCancelled(e));
  assert.match(out, /\[cancelled: helm \(pid \d+\) was stopped\]/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('missing chart dependencies are found from requirements.yaml', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-deps-'));
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'name: x\nversion: 0.1.0\n');
  fs.writeFileSync(
    path.join(dir, 'requirements.yaml'),
    'dependencies:\n- name: zookeeper\n  repository: file://../zookeeper\n- name: hdfs-client-k8s\n  repository: file://../c\n',
  );
  assert.deepEqual(missingDependencies(dir), ['zookeeper', 'hdfs-client-k8s']);
  fs.mkdirSync(path.join(dir, 'charts'));
  fs.writeFileSync(path.join(dir, 'charts', 'zookeeper-1.3.1.tgz'), '');
  assert.deepEqual(missingDependencies(dir), ['hdfs-client-k8s']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('display command lines quote what a shell would split', () => {
  assert.equal(displayCommandLine('arena', ['submit', '--', 'python /mnist.py']), "arena submit -- 'python /mnist.py'");
});
