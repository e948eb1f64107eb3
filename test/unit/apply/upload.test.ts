import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import { withOptions } from '../../../src/core/command-target';
import { PUT_SCRIPT, putCommand, uploadPlan, uploadToHdfs } from '../../../src/commands/apply/upload';
import { memoryApplyDeps } from '../../doubles/memory-apply-deps';
import { hdfsStandin } from '../../doubles/hdfs-standin';

/** Every test's temporary folder, removed after it (even when it failed). */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const { deps, cluster, prompter, outputs } = memoryApplyDeps();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-upload-'));
  made.push(tmp);
  return { cluster, prompter, outputs, deps, tmp };
}

test('no HDFS client pod: a clear message, nothing sent', async () => {
  const { deps, prompter } = setup();
  const r = await uploadToHdfs(deps, withOptions({ files: [__filename], hdfsDir: '/data' }));
  assert.equal(r.outcome, 'noClientPod');
  assert.match(prompter.said('error')[0], /No running HDFS client pod \(label app=hdfs-client\)/);
});

test('upload a folder: mkdir -p then put each file from stdin, framed by length; progress by bytes', async () => {
  const { deps, cluster, tmp, outputs, prompter } = setup();
  const reports: { message?: string; increment?: number }[] = [];
  prompter.progress = async (_title, task) =>
    task((message, increment) => reports.push({ message, increment }), new AbortController().signal);
  const seen: string[][] = [];
  cluster.put('pods', {
    metadata: { name: 'hdfs-client-abc', namespace: 'default', labels: { app: 'hdfs-client' } },
    status: { phase: 'Running' },
  });
  const hdfsRoot = path.join(tmp, 'hdfs');
  fs.mkdirSync(hdfsRoot);
  cluster.execHandler = hdfsStandin(hdfsRoot, seen);
  const data = path.join(tmp, 'raw');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'train-images-idx3-ubyte.gz'), Buffer.alloc(300_000, 7));
  fs.writeFileSync(path.join(data, 't10k-labels-idx1-ubyte.gz'), 'labels');
  const r = await uploadToHdfs(deps, withOptions({ files: [data], hdfsDir: '/data/MNIST/raw' }));
  assert.equal(r.outcome, 'uploaded', JSON.stringify(r));
  assert.equal(r.bytes, 300_006);
  assert.deepEqual(fs.readdirSync(path.join(hdfsRoot, 'data/MNIST/raw')).sort(), [
    't10k-labels-idx1-ubyte.gz',
    'train-images-idx3-ubyte.gz',
  ]);
  assert.equal(fs.statSync(path.join(hdfsRoot, 'data/MNIST/raw/train-images-idx3-ubyte.gz')).size, 300_000);
  assert.match(outputs.upload.text, /\$ hdfs dfs -mkdir -p \/data\/MNIST\/raw/);
  assert.deepEqual(seen, [
    ['hdfs', 'dfs', '-mkdir', '-p', '/data/MNIST/raw'],
    ['sh', '-c', PUT_SCRIPT, '6', '/data/MNIST/raw/t10k-labels-idx1-ubyte.gz'],
    ['sh', '-c', PUT_SCRIPT, '300000', '/data/MNIST/raw/train-images-idx3-ubyte.gz'],
    [
      'hdfs',
      'dfs',
      '-stat',
      '%b',
      '/data/MNIST/raw/t10k-labels-idx1-ubyte.gz',
      '/data/MNIST/raw/train-images-idx3-ubyte.gz',
    ],
  ]);
  assert.equal(fs.readFileSync(path.join(hdfsRoot, 'data/MNIST/raw/t10k-labels-idx1-ubyte.gz'), 'utf8'), 'labels');
  const increments = reports.map((r) => r.increment ?? 0);
  assert.ok(reports.length >= 2, 'progress reported per chunk');
  assert.ok(Math.abs(increments.reduce((a, b) => a + b, 0) - 100) < 1e-6, `increments add up to 100%: ${increments}`);
  assert.match(reports.at(-1)?.message ?? '', /train-images-idx3-ubyte\.gz · 100%/);
  assert.deepEqual(
    uploadPlan([data], '/d/').map((f) => f.remote),
    ['/d/t10k-labels-idx1-ubyte.gz', '/d/train-images-idx3-ubyte.gz'],
  );
});

test('a failing hdfs command names the pod, exit code and hdfs message', async () => {
  const { deps, cluster } = setup();
  cluster.put('pods', {
    metadata: { name: 'hdfs-client-abc', namespace: 'default', labels: { app: 'hdfs-client' } },
    status: { phase: 'Running' },
  });
  cluster.execHandler = async (_n, _p, _c, io) => {
    io.onStderr?.(Buffer.from('mkdir: Permission denied: user=root, access=WRITE\n'));
    return { exitCode: 1, message: '' };
  };
  const r = await uploadToHdfs(deps, withOptions({ files: [__filename], hdfsDir: '/data' }));
  assert.equal(r.outcome, 'uploadFailed');
  assert.match(r.message ?? '', /hdfs dfs -mkdir failed in hdfs-client-abc \(exit code 1\): mkdir: Permission denied/);
});

test('the put script is a constant: size and path reach sh as arguments, never inside the script', () => {
  const nasty = '/data/it\'s $(rm -rf ~) `x`; "y".gz';
  const cmd = putCommand(42, nasty);
  assert.deepEqual(cmd, ['sh', '-c', 'head -c "$0" | hdfs dfs -put -f - "$1"', '42', nasty]);
  assert.equal(cmd[2], PUT_SCRIPT);
});

test('an empty file is put with head -c 0 (no bytes to wait for)', async () => {
  const { deps, cluster, tmp } = setup();
  cluster.put('pods', {
    metadata: { name: 'hdfs-client-abc', namespace: 'default', labels: { app: 'hdfs-client' } },
    status: { phase: 'Running' },
  });
  const hdfsRoot = path.join(tmp, 'hdfs');
  fs.mkdirSync(hdfsRoot);
  const seen: string[][] = [];
  cluster.execHandler = hdfsStandin(hdfsRoot, seen);
  const empty = path.join(tmp, 'empty.bin');
  fs.writeFileSync(empty, '');
  const r = await uploadToHdfs(deps, withOptions({ files: [empty], hdfsDir: '/e' }));
  assert.equal(r.outcome, 'uploaded', JSON.stringify(r));
  assert.deepEqual(seen[1], ['sh', '-c', PUT_SCRIPT, '0', '/e/empty.bin']);
  assert.equal(fs.statSync(path.join(hdfsRoot, 'e/empty.bin')).size, 0);
});

test('Cancel while a put waits for bytes: cancelled, the exec ends', async () => {
  const { deps, cluster, tmp, prompter } = setup();
  cluster.put('pods', {
    metadata: { name: 'hdfs-client-abc', namespace: 'default', labels: { app: 'hdfs-client' } },
    status: { phase: 'Running' },
  });
  let putStarted = false;
  let execEnded = false;
  cluster.execHandler = async (_n, _p, command, io) => {
    if (command[0] !== 'sh') return { exitCode: 0, message: '' };
    putStarted = true;
    // Takes the bytes but never finishes on its own, like a put whose stream never ends.
    io.stdin?.resume();
    await new Promise<void>((resolve) => io.signal?.addEventListener('abort', () => resolve()));
    execEnded = true;
    throw Object.assign(new Error('exec was cancelled'), { name: 'CancelledError' });
  };
  prompter.onProgress = (_title, cancel) => {
    const tick = setInterval(() => {
      if (putStarted) {
        clearInterval(tick);
        cancel();
      }
    }, 5);
  };
  const file = path.join(tmp, 'big.bin');
  fs.writeFileSync(file, Buffer.alloc(1000, 1));
  const r = await uploadToHdfs(deps, withOptions({ files: [file], hdfsDir: '/data' }));
  assert.equal(r.outcome, 'cancelled', JSON.stringify(r));
  assert.ok(execEnded, 'the exec saw the abort');
  assert.match(
    prompter.said('warn')[0],
    /Upload to \/data cancelled; files already sent stay in HDFS\. hdfs:\/data\/big\.bin was being sent and may be incomplete/,
  );
});

test('a file that shrinks after it was measured fails clearly instead of waiting for bytes that never come', async () => {
  const { deps, cluster, tmp } = setup();
  cluster.put('pods', {
    metadata: { name: 'hdfs-client-abc', namespace: 'default', labels: { app: 'hdfs-client' } },
    status: { phase: 'Running' },
  });
  const hdfsRoot = path.join(tmp, 'hdfs');
  fs.mkdirSync(hdfsRoot);
  const file = path.join(tmp, 'shrinks.bin');
  fs.writeFileSync(file, Buffer.alloc(5000, 2));
  const standin = hdfsStandin(hdfsRoot);
  cluster.execHandler = async (ns, pod, command, io) => {
    if (command[2] === '-mkdir') fs.truncateSync(file, 100); // after uploadPlan measured 5000 bytes
    return standin(ns, pod, command, io);
  };
  const r = await uploadToHdfs(deps, withOptions({ files: [file], hdfsDir: '/data' }));
  assert.equal(r.outcome, 'uploadFailed', JSON.stringify(r));
  assert.match(
    r.message ?? '',
    /shrinks\.bin changed while uploading: read 100 of 5000 bytes; hdfs:\/data\/shrinks\.bin was not completed/,
  );
  assert.equal(fs.existsSync(path.join(hdfsRoot, 'data/shrinks.bin')), false);
});

test('a file shorter in HDFS than on disk (stdin ended early on the way) is reported, not called uploaded', async () => {
  const { deps, cluster, tmp } = setup();
  cluster.put('pods', {
    metadata: { name: 'hdfs-client-abc', namespace: 'default', labels: { app: 'hdfs-client' } },
    status: { phase: 'Running' },
  });
  const hdfsRoot = path.join(tmp, 'hdfs');
  fs.mkdirSync(hdfsRoot);
  const standin = hdfsStandin(hdfsRoot);
  cluster.execHandler = async (ns, pod, command, io) => {
    const r = await standin(ns, pod, command, io);
    if (command[0] === 'sh') fs.truncateSync(path.join(hdfsRoot, command[4]), 10); // what a head cut short leaves
    return r;
  };
  const file = path.join(tmp, 'whole.bin');
  fs.writeFileSync(file, Buffer.alloc(4096, 3));
  const r = await uploadToHdfs(deps, withOptions({ files: [file], hdfsDir: '/data' }));
  assert.equal(r.outcome, 'uploadFailed', JSON.stringify(r));
  assert.match(r.message ?? '', /Upload incomplete: hdfs:\/data\/whole\.bin has 10 bytes, .*whole\.bin has 4096/);
});
