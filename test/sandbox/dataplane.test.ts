// The sandbox's data plane (options alluxio, training, arena) end to end with real parts: real MNIST put into
// the real HDFS through the hdfs-client pod, read by the real Alluxio (shell in the master pod, FUSE on the
// host), a job submitted with the real arena as in Alluxio's PyTorch-on-HDFS guide, and a real PyTorch run
// of the generated mnist.py whose log is the pod's. Run: node --test out/test/sandbox/dataplane.test.js
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mustRun } from './client';
import { startSandbox, type Sandbox } from './index';
import { TRAINING_JOB, TRAINING_IMAGE } from './preload';
import { MNIST_FILES } from './training/mnist-data';
import { waitFor } from './proc';

const progress = process.env.SANDBOX_VERBOSE ? (m: string) => console.error(m) : undefined;
const md5 = (b: Buffer) => crypto.createHash('md5').update(b).digest('hex');

/** `kubectl port-forward pod/alluxio-master-0 :19999`; resolves with the local port and a stop function. */
async function portForward(sb: Sandbox, pod: string, port: number): Promise<{ port: number; stop: () => void }> {
  return waitFor(
    `port-forward ${pod} ${port}`,
    () =>
      new Promise<{ port: number; stop: () => void } | false>((resolve) => {
        const child = spawn(sb.kubectl, ['port-forward', `pod/${pod}`, `:${port}`], { env: sb.env });
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /127\.0\.0\.1:(\d+) ->/.exec(out);
          if (m) resolve({ port: Number(m[1]), stop: () => child.kill() });
        });
        child.on('exit', () => resolve(false));
      }),
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}

async function clusterCounter(base: string, name: string): Promise<number> {
  const res = await fetch(`${base}/metrics/json/`);
  const body = (await res.json()) as { counters: Record<string, { count: number }> };
  return body.counters[name]?.count ?? 0;
}

describe('sandbox data plane (real Alluxio, FUSE, MNIST, PyTorch, arena)', { timeout: 1_800_000 }, () => {
  let sb: Sandbox;
  before(async () => {
    const started = Date.now();
    sb = await startSandbox({
      preload: true,
      training: true,
      arena: true,
      name: 'dataplane',
      logLinesPerSecond: 0,
      onProgress: progress,
    });
    console.error(`[dataplane] sandbox with the data plane ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  after(async () => {
    const dir = sb?.dir;
    await sb?.stop();
    if (dir) assert.equal(fs.existsSync(dir), false, 'stop removes the folder, FUSE mount included');
  });

  const exec = (pod: string, container: string, cmd: string[], input?: Buffer) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(sb.kubectl, ['exec', '-i', pod, '-c', container, '--', ...cmd], { env: sb.env });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd.join(' ')}: ${err}`))));
      child.stdin.end(input);
    });

  test('alluxio fsadmin report in the master pod is the real Alluxio 2.9.6: one live worker, a MEM tier', async () => {
    const out = await waitFor(
      'alluxio fsadmin report through kubectl exec',
      () => exec('alluxio-master-0', 'alluxio-master', ['alluxio', 'fsadmin', 'report', 'summary']),
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    assert.match(out, /Version: 2\.9\.6/);
    assert.match(out, /Live Workers: 1/);
    assert.match(out, /Tier: MEM {2}Size: 256\.00MB/);
  });

  test('MNIST put into HDFS through hdfs-client is listed by alluxio fs and read byte for byte through FUSE', async () => {
    const client = (
      await mustRun(
        sb.kubectl,
        ['get', 'pods', '-l', 'app=hdfs-client', '-o', 'jsonpath={.items[0].metadata.name}'],
        sb.env,
      )
    ).trim();
    await exec(client, 'hdfs-client', ['hdfs', 'dfs', '-mkdir', '-p', '/data/MNIST/raw']);
    for (const f of MNIST_FILES) {
      const bytes = fs.readFileSync(path.join(sb.mnistDir!, f));
      // stdin framed by length: kwok's exec never closes it
      await exec(
        client,
        'hdfs-client',
        ['sh', '-c', 'head -c "$0" | hdfs dfs -put -f - "$1"', String(bytes.length), `/data/MNIST/raw/${f}`],
        bytes,
      );
    }
    const ls = await exec('alluxio-master-0', 'alluxio-master', ['alluxio', 'fs', 'ls', '/data/MNIST/raw']);
    for (const f of MNIST_FILES) assert.ok(ls.includes(`/data/MNIST/raw/${f}`), ls);
    for (const f of MNIST_FILES) {
      const viaFuse = fs.readFileSync(path.join(sb.alluxio!.fuseDir, 'data', 'MNIST', 'raw', f));
      assert.equal(md5(viaFuse), md5(fs.readFileSync(path.join(sb.mnistDir!, f))), f);
    }
  });

  test("the guide's arena submit tf runs a real PyTorch training on the data through Alluxio; arena logs and kubectl logs agree", async () => {
    const arena = (args: string[]) => mustRun(sb.arena!, args, sb.env, undefined, 180_000);
    const fwd = await portForward(sb, 'alluxio-master-0', 19999);
    try {
      const base = `http://127.0.0.1:${fwd.port}`;
      const ufsBefore = await clusterCounter(base, 'Cluster.BytesReadUfsAll');
      const readBefore =
        ufsBefore +
        (await clusterCounter(base, 'Cluster.BytesReadRemote')) +
        (await clusterCounter(base, 'Cluster.BytesReadLocal'));
      // The preloaded job holds both GPUs: it goes first (its record is preload's, not arena's own).
      await mustRun(sb.kubectl, ['delete', 'tfjob', TRAINING_JOB], sb.env);
      await mustRun(sb.kubectl, ['delete', 'configmap', `${TRAINING_JOB}-tfjob`], sb.env);
      await waitFor(
        'the preloaded job gone',
        async () =>
          !(await mustRun(sb.kubectl, ['get', 'pods', '-o', 'name'], sb.env)).includes(`${TRAINING_JOB}-worker`),
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      await arena([
        'submit',
        'tf',
        `--name=${TRAINING_JOB}`,
        '--selector=dataset=mnist',
        '--data-dir=/alluxio-fuse/data:/data',
        '--gpus=1',
        `--image=${TRAINING_IMAGE}`,
        'python /mnist.py',
      ]);
      const started = Date.now();
      // arena v0.15.5 makes a one-worker job's replica a Chief (pod alluxio-pytorch-chief-0)
      const run = await waitFor(
        'the real run to finish',
        async () =>
          [...sb.training!.runs.values()].find((r) => r.pod.startsWith(`${TRAINING_JOB}-`) && r.exit !== undefined),
        { timeoutMs: 900_000, intervalMs: 1000 },
      );
      const pod = run.pod;
      console.error(`[dataplane] real training run: ${run.seconds?.toFixed(1)} s (${run.args.join(' ')})`);
      const log = await mustRun(sb.kubectl, ['logs', pod], sb.env);
      assert.equal(run.exit, 0, log);
      const losses = [...log.matchAll(/^Train Epoch: \d+ \[\d+\/4000 \(\d+%\)\]\tLoss: ([\d.]+)$/gm)].map((m) =>
        Number(m[1]),
      );
      assert.ok(losses.length >= 10, log);
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      assert.ok(mean(losses.slice(-3)) < mean(losses.slice(0, 3)) / 2, `losses fall: ${losses.join(' ')}`);
      assert.match(log, /Test set: Average loss: [\d.]+, Accuracy: \d+\/1000/);
      const arenaTail = await arena(['logs', '--tail=20', TRAINING_JOB]);
      const kubectlTail = await mustRun(sb.kubectl, ['logs', '--tail=20', pod], sb.env);
      assert.deepEqual(arenaTail.trim().split('\n'), kubectlTail.trim().split('\n'));
      // UFS, remote and local (short-circuit: FUSE shares the worker's host) reads; clients report theirs to the
      // master on a heartbeat (10 s): poll
      const served = async () =>
        (await clusterCounter(base, 'Cluster.BytesReadUfsAll')) +
        (await clusterCounter(base, 'Cluster.BytesReadRemote')) +
        (await clusterCounter(base, 'Cluster.BytesReadLocal'));
      const readAfter = await waitFor(
        'the read metrics to grow',
        async () => (await served()) > readBefore && served(),
        {
          timeoutMs: 60_000,
          intervalMs: 1000,
        },
      ).catch(async () => served());
      assert.ok(readAfter > readBefore, `Alluxio served the run's reads (${readBefore} → ${readAfter} bytes)`);
      const ufsAfter = await clusterCounter(base, 'Cluster.BytesReadUfsAll');
      console.error(
        `[dataplane] submit to exit ${((Date.now() - started) / 1000).toFixed(1)} s; UFS bytes ${ufsBefore} → ${ufsAfter}`,
      );
    } finally {
      fwd.stop();
    }
  });
});
