// Integration tests of the sandbox itself (node:test). Run: node --test out/test/sandbox/sandbox.test.js
// They start real processes: a cold machine first builds the binaries (see build.ts).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { mustRun, runTool } from './client';
import { serveControl, startSandbox, type Sandbox } from './index';
import { TRAINING_JOB } from './preload';
import { waitFor } from '../support/wait';

const progress = process.env.SANDBOX_VERBOSE ? (m: string) => console.error(m) : undefined;

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** pids of processes whose command line mentions `needle` (the sandbox's folder). */
function processesMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const p of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(needle)) out.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return out;
}

describe('sandbox (preloaded)', { timeout: 900_000 }, () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ preload: true, name: 'test', logLinesPerSecond: 0, onProgress: progress });
  });
  after(async () => {
    const dir = sb?.dir;
    await sb?.stop();
    if (dir) {
      assert.equal(fs.existsSync(dir), false, 'stop removes the folder');
      assert.deepEqual(processesMentioning(dir), [], 'stop leaves no process of this sandbox');
    }
  });

  test('kubectl get nodes shows the 3 KWOK nodes Ready, with the seed labels and GPU capacity', async () => {
    const out = await mustRun(sb.kubectl, ['get', 'nodes', '--no-headers'], sb.env);
    const rows = out
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/));
    assert.equal(rows.length, 3, out);
    for (const r of rows) assert.equal(r[1], 'Ready', out);
    const mnist = await mustRun(
      sb.kubectl,
      ['get', 'nodes', '-l', 'dataset=mnist', '-o', 'jsonpath={.items[*].status.capacity.nvidia\\.com/gpu}'],
      sb.env,
    );
    assert.equal(mnist.trim(), '1 1');
    const nn = await mustRun(
      sb.kubectl,
      ['get', 'nodes', '-l', 'hdfs-namenode-selector=hdfs-namenode-0', '-o', 'name'],
      sb.env,
    );
    assert.equal(nn.trim().split('\n').length, 1);
  });

  test('server reports the pinned version and the kubeconfig context is alluxio-dl-sandbox', async () => {
    const v = JSON.parse(await mustRun(sb.kubectl, ['version', '-o', 'json'], sb.env)) as {
      serverVersion: { gitVersion: string };
    };
    assert.equal(v.serverVersion.gitVersion, 'v1.36.3');
    assert.equal((await mustRun(sb.kubectl, ['config', 'current-context'], sb.env)).trim(), 'alluxio-dl-sandbox');
  });

  test('kubectl get all -l release=hdfs shows the seed objects with pods Running', async () => {
    const out = await mustRun(sb.kubectl, ['get', 'all', '-l', 'release=hdfs', '-o', 'json'], sb.env);
    const items = (
      JSON.parse(out) as { items: { kind: string; metadata: { name: string }; status?: { phase?: string } }[] }
    ).items;
    const names = items.map((i) => `${i.kind}/${i.metadata.name}`);
    for (const want of [
      'StatefulSet/hdfs-namenode',
      'DaemonSet/hdfs-datanode',
      'Deployment/hdfs-client',
      'Pod/hdfs-namenode-0',
    ]) {
      assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
    }
    const pods = items.filter((i) => i.kind === 'Pod');
    assert.ok(pods.length >= 3, names.join(', '));
    for (const p of pods) assert.equal(p.status?.phase, 'Running', p.metadata.name);
  });

  test('helm get manifest alluxio | kubectl get -f - shows master StatefulSet, worker and fuse DaemonSets, pods Running', async () => {
    const manifest = await mustRun(sb.helm, ['get', 'manifest', 'alluxio'], sb.env);
    const out = await mustRun(sb.kubectl, ['get', '-f', '-', '-o', 'json'], sb.env, manifest);
    const items = (
      JSON.parse(out) as { items: { kind: string; metadata: { name: string }; status?: Record<string, number> }[] }
    ).items;
    const byName = new Map(items.map((i) => [`${i.kind}/${i.metadata.name}`, i]));
    assert.ok(byName.has('StatefulSet/alluxio-master'), [...byName.keys()].join(', '));
    assert.ok(byName.has('DaemonSet/alluxio-worker'));
    assert.ok(byName.has('DaemonSet/alluxio-fuse'));
    assert.ok(byName.has('Service/alluxio-master-0'), 'the 2.2-era chart names its service after the pod');
    assert.equal(byName.get('DaemonSet/alluxio-worker')!.status!.numberReady, 2, 'a worker on each dataset=mnist node');
    assert.equal(byName.get('StatefulSet/alluxio-master')!.status!.readyReplicas, 1);
    const pods = JSON.parse(
      await mustRun(sb.kubectl, ['get', 'pods', '-l', 'release=alluxio', '-o', 'json'], sb.env),
    ) as { items: { status: { phase: string } }[] };
    assert.ok(pods.items.length >= 5);
    for (const p of pods.items) assert.equal(p.status.phase, 'Running');
  });

  test('the TFJob has Running worker pods with the operator labels on dataset=mnist nodes', async () => {
    const out = await mustRun(
      sb.kubectl,
      ['get', 'pods', '-l', `training.kubeflow.org/job-name=${TRAINING_JOB}`, '-o', 'json'],
      sb.env,
    );
    const pods = (
      JSON.parse(out) as {
        items: {
          metadata: { name: string; labels: Record<string, string> };
          spec: { nodeName: string };
          status: { phase: string };
        }[];
      }
    ).items;
    assert.deepEqual(pods.map((p) => p.metadata.name).sort(), [`${TRAINING_JOB}-worker-0`, `${TRAINING_JOB}-worker-1`]);
    for (const p of pods) {
      assert.equal(p.status.phase, 'Running');
      assert.match(p.spec.nodeName, /^kwok-gpu-/);
      assert.equal(p.metadata.labels.release, TRAINING_JOB);
      assert.equal(p.metadata.labels.app, 'tfjob');
      assert.equal(p.metadata.labels['training.kubeflow.org/operator-name'], 'tfjob-controller');
      assert.equal(p.metadata.labels['training.kubeflow.org/replica-type'], 'worker');
    }
    assert.equal(pods.filter((p) => p.metadata.labels['training.kubeflow.org/job-role'] === 'master').length, 1);
    const job = JSON.parse(await mustRun(sb.kubectl, ['get', 'tfjob', TRAINING_JOB, '-o', 'json'], sb.env)) as {
      status: { conditions: { type: string }[] };
    };
    assert.ok(job.status.conditions.some((c) => c.type === 'Running'));
  });

  test('kubectl logs -f on a training pod streams lines appended to its CRI file', async () => {
    const pod = `${TRAINING_JOB}-worker-0`;
    const file = sb.trainingLog(pod);
    await sb.appendTrainingLines(file, ['Train Epoch: 1 [0/60000 (0%)]\tLoss: 2.300000\tseq=1']);
    const child = spawn(sb.kubectl, ['logs', '-f', pod], { env: sb.env });
    let seen = '';
    child.stdout.on('data', (d: Buffer) => (seen += d.toString()));
    try {
      await waitFor(
        () => `first line; got ${JSON.stringify(seen)}`,
        () => seen.includes('seq=1'),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      await sb.appendTrainingLines(file, [
        'Train Epoch: 1 [640/60000 (1%)]\tLoss: 1.900000\tseq=2',
        'Test set: Average loss: 0.0256, Accuracy: 9921/10000 (99%)\tseq=3',
      ]);
      await waitFor(
        () => `appended lines; got ${JSON.stringify(seen)}`,
        () => seen.includes('seq=3'),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      assert.match(seen, /Train Epoch: 1 \[640\/60000 \(1%\)\]\tLoss: 1\.900000\tseq=2\n/);
    } finally {
      child.kill();
    }
  });

  test('kwok hooks: PortForward to a local server and ClusterExec running a local command', async () => {
    const server = http.createServer((_req, res) => res.end('alluxio-master-web-stand-in'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const target = (server.address() as { port: number }).port;
    const pf = spawn(sb.kubectl, ['port-forward', 'pod/alluxio-master-0', ':19999'], { env: sb.env });
    try {
      await mustRun(
        sb.kubectl,
        ['apply', '-f', '-'],
        sb.env,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [
            {
              apiVersion: 'kwok.x-k8s.io/v1alpha1',
              kind: 'PortForward',
              metadata: { name: 'alluxio-master-0', namespace: 'default' },
              spec: { forwards: [{ ports: [19999], target: { address: '127.0.0.1', port: target } }] },
            },
            {
              apiVersion: 'kwok.x-k8s.io/v1alpha1',
              kind: 'ClusterExec',
              metadata: { name: 'sandbox-test-exec' },
              spec: {
                selector: { matchNamespaces: ['default'], matchNames: ['hdfs-namenode-0'] },
                execs: [{ local: { workDir: sb.dir, envs: [{ name: 'SANDBOX_EXEC', value: 'yes' }] } }],
              },
            },
          ],
        }),
      );
      let out = '';
      pf.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor(
        () => `port-forward output ${JSON.stringify(out)}`,
        () => /Forwarding from 127\.0\.0\.1:(\d+)/.test(out),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      const local = Number(/Forwarding from 127\.0\.0\.1:(\d+)/.exec(out)![1]);
      let body = '';
      await waitFor(
        () => `GET through the port-forward: ${JSON.stringify(body)}`,
        async () => {
          body = await fetch(`http://127.0.0.1:${local}/`).then(
            (r) => r.text(),
            (e: Error) => e.message,
          );
          return body === 'alluxio-master-web-stand-in';
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      let exec = await runTool(
        sb.kubectl,
        ['exec', 'hdfs-namenode-0', '--', 'sh', '-c', 'echo "$SANDBOX_EXEC $(pwd)"'],
        sb.env,
      );
      await waitFor(
        () => `exec: ${JSON.stringify(exec)}`,
        async () => {
          exec = await runTool(
            sb.kubectl,
            ['exec', 'hdfs-namenode-0', '--', 'sh', '-c', 'echo "$SANDBOX_EXEC $(pwd)"'],
            sb.env,
          );
          return exec.stdout.trim() === `yes ${sb.dir}`;
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    } finally {
      pf.kill();
      server.close();
    }
  });

  test('the restricted user: 200 on pods, 403 on nodes, secrets and custom resources', async () => {
    const env = { ...sb.env, KUBECONFIG: sb.restrictedKubeconfig };
    const pods = await runTool(sb.kubectl, ['get', 'pods', '-A'], env);
    assert.equal(pods.code, 0, pods.stderr);
    for (const res of ['nodes', 'secrets', 'tfjobs.kubeflow.org']) {
      const r = await runTool(sb.kubectl, ['get', res], env);
      assert.notEqual(r.code, 0, `${res} should be forbidden`);
      assert.match(r.stderr, /Forbidden|forbidden/, r.stderr);
    }
    const raw = await runTool(sb.kubectl, ['get', '--raw', '/api/v1/namespaces/default/secrets'], env);
    assert.match(raw.stderr, /Forbidden/);
  });

  test('control server: /info, /append and /restart-apiserver', async () => {
    const ctl = await serveControl(sb);
    try {
      const info = (await (await fetch(`${ctl.url}/info`)).json()) as Record<string, string>;
      assert.equal(info.kubeconfig, sb.kubeconfig);
      assert.deepEqual(JSON.parse(fs.readFileSync(`${sb.dir}/sandbox.json`, 'utf8')), info);
      const file = sb.trainingLog(`${TRAINING_JOB}-worker-1`);
      const r = await fetch(`${ctl.url}/append?file=${encodeURIComponent(file)}`, {
        method: 'POST',
        body: 'hello from control\n',
      });
      assert.equal(r.status, 200);
      assert.match(fs.readFileSync(file, 'utf8'), /stdout F hello from control\n$/);
      const t0 = Date.now();
      assert.equal((await fetch(`${ctl.url}/restart-apiserver`, { method: 'POST' })).status, 200);
      process.stderr.write(`apiserver restart took ${Date.now() - t0} ms\n`);
      assert.equal(
        (await mustRun(sb.kubectl, ['get', 'pod', `${TRAINING_JOB}-worker-0`, '-o', 'name'], sb.env)).trim(),
        `pod/${TRAINING_JOB}-worker-0`,
      );
    } finally {
      await ctl.close();
    }
  });
});

describe('two sandboxes at once', { timeout: 600_000 }, () => {
  test('start side by side on different ports and stop cleanly', async () => {
    const [a, b] = await Promise.all([
      startSandbox({ name: 'a', onProgress: progress }),
      startSandbox({ name: 'b', onProgress: progress }),
    ]);
    try {
      assert.notEqual(a.server, b.server);
      for (const sb of [a, b]) {
        const out = execFileSync(sb.kubectl, ['get', 'nodes', '--no-headers'], { env: sb.env }).toString();
        assert.equal(
          out
            .trim()
            .split('\n')
            .filter((l) => / Ready /.test(l)).length,
          3,
          out,
        );
      }
      await mustRun(a.kubectl, ['create', 'configmap', 'only-in-a'], a.env);
      const inB = await runTool(b.kubectl, ['get', 'configmap', 'only-in-a'], b.env);
      assert.notEqual(inB.code, 0, 'sandboxes do not share state');
    } finally {
      const pidsA = processesMentioning(a.dir);
      await Promise.all([a.stop(), b.stop()]);
      for (const pid of pidsA) assert.equal(groupAlive(pid), false, `process ${pid} gone`);
      assert.deepEqual([...processesMentioning(a.dir), ...processesMentioning(b.dir)], []);
    }
  });
});

describe('a sandbox whose parent process is killed', { timeout: 300_000 }, () => {
  test('is cleaned up by its reaper: no process left, folder removed', async () => {
    const script = `require(${JSON.stringify(require.resolve('./index'))}).startSandbox({ name: 'orphan' }).then((sb) => console.log('DIR=' + sb.dir))`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(
      () => `sandbox start in the child: ${out}`,
      () => /DIR=(\S+)/.test(out),
      { timeoutMs: 240_000, intervalMs: 100 },
    );
    const dir = /DIR=(\S+)/.exec(out)![1];
    assert.ok(processesMentioning(dir).length >= 5, 'the control plane runs');
    child.kill('SIGKILL');
    await waitFor(
      () => `left: ${processesMentioning(dir).join(', ')}; dir exists: ${fs.existsSync(dir)}`,
      () => processesMentioning(dir).length === 0 && !fs.existsSync(dir),
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  });
});
