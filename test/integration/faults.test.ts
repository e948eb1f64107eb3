/**
 * Faults against the sandbox (real etcd, kube-apiserver, KWOK, helm), with the explorer watching and a
 * job's logs followed the whole time. After each fault the explorer must show the truth again without a
 * reload, the followed log must have every line once (sequence-checked), and no command may report
 * success for something that failed. Faults: etcd stopped and started; the apiserver SIGSTOPped for
 * 30 s and continued; a release's pod crash-looping and a node NotReady (the status a kubelet would
 * report, written by the test: kwok leaves annotated objects' status alone); helm killed mid-install.
 */
import { withOptions } from '../../src/core/command-target';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyCommands } from '../../src/commands/apply';
import type { ApplyOutcome } from '../../src/commands/apply/deps';
import type { FollowSession } from '../../src/follow/logs-service';
import { fixtures, makeDeps, type TestDeps } from '../fixtures/apply/sandbox-deps';
import { ALLUXIO_CONFIG_YAML } from '../sandbox/preload';
import { kwokTrainingPod } from '../fixtures/kwok-training-pod';
import { waitFor } from '../support/wait';
import { EXTENSION_ID } from './index';
import { node, snapshot, tree } from './explorer-snapshot';
import { control, kubectl, sandboxInfo, type SandboxInfo } from './sandbox';

const NS = 'default';
const CUSTOM_STATUS = 'alluxio-dl.test/custom-status';

/** Appends sequence-numbered CRI lines to a pod's log file all through the suite, whatever fails. */
class Writer {
  seq = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(readonly file: string) {}
  start(): void {
    this.timer = setInterval(() => {
      let s = '';
      for (let i = 0; i < 5; i++) s += `${new Date().toISOString()} stdout F fault-line\tseq=${++this.seq}\n`;
      fs.appendFileSync(this.file, s);
    }, 100);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/** Every `seq=N` of the channel, in order. */
function seqs(text: string): number[] {
  return [...text.matchAll(/fault-line\tseq=(\d+)$/gm)].map((m) => Number(m[1]));
}

suite('faults (sandbox)', function () {
  this.timeout(300_000);
  const sb: SandboxInfo = sandboxInfo();
  let writer: Writer;
  let session: FollowSession;
  let previousKubeconfig: string | undefined;
  let checkedLines = 0;

  /** The followed log has 1..last, each once, in order (waits for the writer's last line). */
  async function noLoss(): Promise<void> {
    const last = writer.seq;
    const got = await waitFor(
      `line seq=${last} in the followed job's channel`,
      () => {
        const s = seqs(session.output.retainedText());
        return s.includes(last) && s;
      },
      120_000,
    ).catch((e: Error) => {
      const s = seqs(session.output.retainedText());
      throw new Error(
        `${e.message}; state ${session.state} (${session.detail}); got ${s.length} lines, last ${s.at(-1)}`,
      );
    });
    const upTo = got.slice(0, got.indexOf(last) + 1);
    const missing =
      upTo.length < last ? Array.from({ length: last }, (_, i) => i + 1).filter((n) => !upTo.includes(n)) : [];
    const repeated = upTo.filter((n, i) => upTo.indexOf(n) !== i);
    assert.deepEqual(
      { missing: missing.slice(0, 20), repeated: repeated.slice(0, 20), inOrder: upTo.every((n, i) => n === i + 1) },
      { missing: [], repeated: [], inOrder: true },
    );
    checkedLines = last;
  }

  /** The truth after a fault: a pod created now appears, one deleted now disappears, no failure node stays. */
  async function explorerCatchesUp(tag: string): Promise<void> {
    const name = `ft-${tag}-${Date.now() % 100000}`;
    await waitFor(
      'kubectl run to succeed',
      () =>
        kubectl(sb, [
          'run',
          name,
          '--image=busybox',
          '--labels=app=hdfs-client,release=hdfs',
          '--overrides={"spec":{"nodeName":"kwok-hdfs-0","tolerations":[{"operator":"Exists"}]}}',
        ]).then(() => true),
      60_000,
    );
    await tree(`${name} in the tree`, (t) => t.nodes.some((n) => n.id.endsWith(`/${name}`)));
    await kubectl(sb, ['delete', 'pod', name, '--wait=false', '--grace-period=0', '--force']);
    await tree(
      `${name} gone and no failure node`,
      (t) => !t.nodes.some((n) => n.id.endsWith(`/${name}`)) && !t.nodes.some((n) => n.id.startsWith('f:')),
    );
  }

  suiteSetup(async function () {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const config = vscode.workspace.getConfiguration('alluxioDl');
    previousKubeconfig = config.inspect<string>('kubeconfig')?.globalValue;
    await config.update('kubeconfig', sb.kubeconfig, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('alluxioDl.explorer.focus');
    await vscode.commands.executeCommand('alluxioDl.switchContext', sb.context);
    await vscode.commands.executeCommand('alluxioDl.switchNamespace', NS);
    await tree('the preloaded releases', (t) => t.nodes.some((n) => n.id === 'r:alluxio|default|alluxio'));

    // One worker of a job, its log a file we append to all through the suite.
    const file = path.join(sb.dir, 'pod-logs', 'ft_ft-job-worker-0_pytorch.log');
    fs.writeFileSync(file, '');
    const list = kwokTrainingPod({ job: 'ft-job', namespace: NS, logsFile: file });
    await kubectl(sb, ['apply', '-f', '-'], JSON.stringify(list));
    writer = new Writer(file);
    writer.start();
    session = (await vscode.commands.executeCommand<FollowSession>(
      'alluxioDl.followLogs',
      { namespace: NS, kind: 'PyTorchJob', name: 'ft-job' },
      { tail: -1 },
    ))!;
    assert.ok(session, 'Follow Logs returned its session');
    await waitFor('the first followed line', () => seqs(session.output.retainedText()).length > 0, {
      timeoutMs: 90_000,
    }).catch((e: Error) => {
      // Say what the follower saw: its state, and the channel so far.
      throw new Error(
        `${e.message}; follower state ${session.state} (${session.detail}); channel:\n${session.output.retainedText().slice(-2000)}`,
      );
    });
  });

  suiteTeardown(async () => {
    writer?.stop();
    // Whatever failed, leave the sandbox running for the suites after this one.
    await control(sb, '/fault/apiserver-continue').catch(() => undefined);
    await control(sb, '/fault/etcd-start').catch(() => undefined);
    if (session) await vscode.commands.executeCommand('alluxioDl.stopFollowing', session.job);
    await kubectl(sb, ['delete', 'pod', 'ft-job-worker-0', '--wait=false', '--ignore-not-found']).catch(
      () => undefined,
    );
    await vscode.workspace
      .getConfiguration('alluxioDl')
      .update('kubeconfig', previousKubeconfig, vscode.ConfigurationTarget.Global);
    console.log(`    faults: ${checkedLines} followed lines sequence-checked (no gap, no repeat)`);
  });

  test('etcd stopped and started: a submit during the outage fails loudly; the tree and the log catch up', async () => {
    const t = makeDeps(sb, os.tmpdir());
    try {
      await control(sb, '/fault/etcd-stop');
      // The apiserver is up but can neither read nor write.
      const submit = applyCommands(t.deps)['alluxioDl.submitJob'].run as (a: unknown) => Promise<ApplyOutcome>;
      const r = await submit({
        namespace: NS,
        useArena: false,
        input: {
          kind: 'TFJob',
          name: 'ft-during-etcd',
          image: 'example/mnist:1',
          command: 'true',
          gpus: 0,
          workers: 1,
        },
      }).catch((e: Error): ApplyOutcome => ({ outcome: 'threw', message: e.message }) as ApplyOutcome);
      assert.notEqual(r.outcome, 'submitted', `a submit while etcd is down reported success: ${JSON.stringify(r)}`);
      assert.ok(
        !t.prompter.said('info').some((m) => /submitted/i.test(m)),
        `no success message: ${t.prompter.said('info')}`,
      );
      await control(sb, '/fault/etcd-start');
      await explorerCatchesUp('etcd');
      await noLoss();
      const jobs = await kubectl(sb, ['get', 'tfjobs', '-n', NS, '-o', 'name']);
      assert.doesNotMatch(jobs, /ft-during-etcd/, 'the failed submit did not land later either');
    } finally {
      await control(sb, '/fault/etcd-start');
      t.client.dispose();
    }
  });

  test('the apiserver hung (SIGSTOP) for 30 s, then continued: the tree and the log catch up', async () => {
    await control(sb, '/fault/apiserver-pause');
    try {
      const end = Date.now() + 30_000;
      // The fault lasts 30 s: meanwhile the explorer must keep answering (its snapshot is local).
      while (Date.now() < end) {
        const s = await snapshot();
        assert.ok(s.nodes.length > 0, 'the tree keeps what it knew');
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      await control(sb, '/fault/apiserver-continue');
    }
    await explorerCatchesUp('sigstop');
    await noLoss();
  });

  /** Writes a pod's status as a kubelet would (the pod carries the custom-status annotation, or KWOK resets it). */
  const patchPodStatus = (pod: string, status: object) =>
    kubectl(sb, [
      'patch',
      'pod',
      pod,
      '-n',
      NS,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status }),
    ]);

  test("a release's pod crash-looping shows CrashLoopBackOff with its restarts, then Running again", async () => {
    const s = await tree('an Alluxio worker pod', (t) =>
      t.nodes.some((n) => n.id.startsWith('c:alluxio|default|alluxio|worker>pod:')),
    );
    const id = s.nodes.find((n) => n.id.startsWith('c:alluxio|default|alluxio|worker>pod:'))!.id;
    const pod = id.split('/').pop()!;
    const original = JSON.parse(await kubectl(sb, ['get', 'pod', pod, '-n', NS, '-o', 'json']));
    const container = original.spec.containers[0].name;
    await kubectl(sb, ['annotate', 'pod', pod, '-n', NS, `${CUSTOM_STATUS}=true`, '--overwrite']);
    try {
      for (let restarts = 1; restarts <= 3; restarts++) {
        const status = {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
          containerStatuses: [
            {
              name: container,
              image: original.spec.containers[0].image,
              imageID: '',
              ready: false,
              started: false,
              restartCount: restarts,
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting failed container' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error' } },
            },
          ],
        };
        await patchPodStatus(pod, status);
        const want = `${restarts} restart`;
        await tree(`${pod} CrashLoopBackOff, ${want}`, (t) => {
          const d = node(t, id)?.description ?? '';
          return d.startsWith('CrashLoopBackOff') && d.includes(want);
        });
      }
      const worker = (await snapshot()).nodes.find((n) => n.id === 'c:alluxio|default|alluxio|worker');
      assert.doesNotMatch(
        worker?.description ?? '',
        /^(\d+)\/\1 ready/,
        `the worker group is not all ready: ${worker?.description}`,
      );
    } finally {
      await kubectl(sb, ['annotate', 'pod', pod, '-n', NS, `${CUSTOM_STATUS}-`]);
      const status = {
        conditions: [{ type: 'Ready', status: 'True' }],
        // Every container of the pod (an Alluxio worker has the worker and the job worker) runs again.
        containerStatuses: (original.spec.containers as { name: string; image: string }[]).map((c) => ({
          name: c.name,
          image: c.image,
          imageID: '',
          ready: true,
          started: true,
          restartCount: c.name === container ? 3 : 0,
          state: { running: { startedAt: new Date().toISOString() } },
        })),
      };
      await patchPodStatus(pod, status);
    }
    await tree(`${pod} Running again`, (t) => /^Running · (\d+)\/\1 /.test(node(t, id)?.description ?? ''));
  });

  test('a node NotReady shows NotReady, then Ready again', async () => {
    const id = 'n:kwok-gpu-1';
    await tree('the node', (t) => !!node(t, id) && !/NotReady/.test(node(t, id)!.description));
    await kubectl(sb, ['annotate', 'node', 'kwok-gpu-1', `${CUSTOM_STATUS}=true`, '--overwrite']);
    try {
      const notReady = {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'KubeletNotReady',
              message: 'container runtime is down',
              lastHeartbeatTime: new Date().toISOString(),
              lastTransitionTime: new Date().toISOString(),
            },
          ],
        },
      };
      await kubectl(sb, [
        'patch',
        'node',
        'kwok-gpu-1',
        '--subresource=status',
        '--type=strategic',
        '-p',
        JSON.stringify(notReady),
      ]);
      await tree('kwok-gpu-1 NotReady', (t) => /^NotReady/.test(node(t, id)?.description ?? ''));
    } finally {
      await kubectl(sb, ['annotate', 'node', 'kwok-gpu-1', `${CUSTOM_STATUS}-`]);
    }
    // kwok manages the node again and reports it Ready (its node-initialize stage), as a kubelet would.
    await tree('kwok-gpu-1 Ready again', (t) => !!node(t, id) && !/NotReady/.test(node(t, id)!.description));
  });

  test('helm killed mid-install: the command reports the failure, not success; a retry says why it cannot go on', async () => {
    const ns = 'adl-faults';
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-faults-'));
    const t: TestDeps = makeDeps(sb, work);
    try {
      // The Alluxio chart plus a post-install hook Job that never completes on KWOK (its pod runs
      // forever): helm has created the release's objects and waits for the hook, mid-way, when killed.
      const chart = path.join(work, 'alluxio');
      fs.cpSync(path.join(fixtures(['alluxio-chart-2.2/Chart.yaml']), 'alluxio-chart-2.2'), chart, { recursive: true });
      fs.writeFileSync(
        path.join(chart, 'templates', 'zz-fault-hold.yaml'),
        [
          'apiVersion: batch/v1',
          'kind: Job',
          'metadata:',
          '  name: fault-hold',
          '  annotations: { "helm.sh/hook": post-install }',
          'spec:',
          '  template:',
          '    spec:',
          '      restartPolicy: Never',
          '      tolerations: [{ operator: Exists }]',
          '      containers: [{ name: hold, image: busybox, command: [sleep, infinity] }]',
          '',
        ].join('\n'),
      );
      const values = path.join(work, 'config.yaml');
      fs.writeFileSync(values, ALLUXIO_CONFIG_YAML);
      const args = {
        chart,
        valuesFile: values,
        release: 'alluxio',
        namespace: ns,
        set: ['fuse.enabled=true'],
      };
      const install = applyCommands(t.deps)['alluxioDl.installAlluxio'];
      const running = install.run(withOptions(args)) as Promise<ApplyOutcome>;
      const helmPid = await waitFor(
        'helm upgrade --install (not the dry run) to start',
        () => childProcesses(process.pid).find((p) => p.args.includes('upgrade') && !p.args.includes('--dry-run'))?.pid,
        120_000,
      );
      await waitFor(
        'the post-install hook Job (the release objects are created)',
        async () => /fault-hold/.test(await kubectl(sb, ['get', 'jobs', '-n', ns, '-o', 'name'])),
        120_000,
      );
      process.kill(helmPid, 'SIGKILL');
      const r = await running;
      assert.equal(r.outcome, 'helmFailed', JSON.stringify(r));
      assert.equal(t.prompter.said('info').filter((m) => /^Installed/.test(m)).length, 0, 'no success message');
      assert.ok(t.prompter.said('error').length > 0, 'an error message');

      // Helm left the release pending: a second install must fail with helm's reason, not claim success.
      const again = (await install.run(withOptions(args))) as ApplyOutcome;
      assert.notEqual(again.outcome, 'installed', JSON.stringify(again));
      assert.match(again.message ?? '', /in progress|pending|cannot re-use/i, JSON.stringify(again));
    } finally {
      await kubectl(sb, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']).catch(() => undefined);
      t.client.dispose();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

/** Direct children of a process (Linux /proc), with their command lines. */
function childProcesses(ppid: number): { pid: number; args: string[] }[] {
  const out: { pid: number; args: string[] }[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== ppid) continue;
      out.push({ pid: Number(d), args: fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0') });
    } catch {
      /* gone */
    }
  }
  return out;
}
