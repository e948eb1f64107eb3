import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ApplyDeps } from '../../../src/commands/apply/deps';
import { uploadPlan, uploadToHdfs } from '../../../src/commands/apply/upload';
import { readSettings } from '../../../src/core/settings';
import { FakeCluster } from '../explorer/fake-cluster';
import { hdfsStandin } from '../../fixtures/apply/hdfs-standin';
import { MemoryOutput, ScriptedPrompter } from '../../fixtures/apply/scripted-prompter';

function setup() {
  const cluster = new FakeCluster();
  const prompter = new ScriptedPrompter();
  const outputs = { helm: new MemoryOutput(), build: new MemoryOutput(), upload: new MemoryOutput(), submit: new MemoryOutput() };
  const deps: ApplyDeps = {
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    settings: () => readSettings(() => undefined), prompter, client: async () => cluster,
    target: () => ({ namespace: 'default' }), resolveItem: () => undefined, outputs, workspaceDir: () => undefined,
    schemas: () => { throw new Error('unused'); }, env: () => process.env,
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-upload-'));
  return { cluster, prompter, outputs, deps, tmp };
}

test('no HDFS client pod: a clear message, nothing sent', async () => {
  const { deps, prompter } = setup();
  const r = await uploadToHdfs(deps, { files: [__filename], hdfsDir: '/data' });
  assert.equal(r.outcome, 'noClientPod');
  assert.match(prompter.said('error')[0], /No running HDFS client pod \(label app=hdfs-client\)/);
});

test('upload a folder: mkdir -p then put each file from stdin; progress by bytes', async () => {
  const { deps, cluster, tmp, outputs } = setup();
  cluster.put('pods', { metadata: { name: 'hdfs-client-abc', namespace: 'default', labels: { app: 'hdfs-client' } }, status: { phase: 'Running' } });
  const hdfsRoot = path.join(tmp, 'hdfs');
  fs.mkdirSync(hdfsRoot);
  cluster.execHandler = hdfsStandin(hdfsRoot);
  const data = path.join(tmp, 'raw');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'train-images-idx3-ubyte.gz'), Buffer.alloc(300_000, 7));
  fs.writeFileSync(path.join(data, 't10k-labels-idx1-ubyte.gz'), 'labels');
  const r = await uploadToHdfs(deps, { files: [data], hdfsDir: '/data/MNIST/raw' });
  assert.equal(r.outcome, 'uploaded', JSON.stringify(r));
  assert.equal(r.bytes, 300_006);
  assert.deepEqual(fs.readdirSync(path.join(hdfsRoot, 'data/MNIST/raw')).sort(), ['t10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz']);
  assert.equal(fs.statSync(path.join(hdfsRoot, 'data/MNIST/raw/train-images-idx3-ubyte.gz')).size, 300_000);
  assert.match(outputs.upload.text, /\$ hdfs dfs -mkdir -p \/data\/MNIST\/raw/);
  assert.deepEqual(uploadPlan([data], '/d/').map((f) => f.remote), ['/d/t10k-labels-idx1-ubyte.gz', '/d/train-images-idx3-ubyte.gz']);
});

test('a failing hdfs command names the pod, exit code and hdfs message', async () => {
  const { deps, cluster } = setup();
  cluster.put('pods', { metadata: { name: 'hdfs-client-abc', namespace: 'default', labels: { app: 'hdfs-client' } }, status: { phase: 'Running' } });
  cluster.execHandler = async (_n, _p, _c, io) => {
    io.onStderr?.(Buffer.from('mkdir: Permission denied: user=root, access=WRITE\n'));
    return { exitCode: 1, message: '' };
  };
  const r = await uploadToHdfs(deps, { files: [__filename], hdfsDir: '/data' });
  assert.equal(r.outcome, 'uploadFailed');
  assert.match(r.message ?? '', /hdfs dfs -mkdir failed in hdfs-client-abc \(exit code 1\): mkdir: Permission denied/);
});
