/**
 * Apply from VS Code against the sandbox: the real helm and charts (fixtures), the real API server.
 * Only the window is scripted (ScriptedPrompter); the commands run as the extension runs them.
 * Preloaded releases `hdfs` and `alluxio` live in `default`; these tests use other namespaces.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyCommands } from '../../src/commands/apply';
import type { ApplyOutcome } from '../../src/commands/apply/deps';
import { decodeTarget } from '../../src/core/command-target';
import { ALLUXIO_CONFIG_YAML, HDFS_SET_FLAGS } from '../sandbox/preload';
import { waitFor } from '../support/wait';
import { fixtures, makeDeps, sandboxInfo, type SandboxInfo, type TestDeps } from '../fixtures/apply/sandbox-deps';

const NS = 'adl-apply';
const HDFS_NS = 'adl-apply-hdfs';

/** The cluster's objects appear within a minute; asked every 200 ms. */
const POLL = { timeoutMs: 60_000, intervalMs: 200 };

suite('apply', function () {
  this.timeout(180_000);
  let info: SandboxInfo;
  let t: TestDeps;
  let run: (id: string, arg?: unknown) => Promise<ApplyOutcome>;
  let work: string;
  let fx: string;

  const helmStatus = (release: string, ns: string): string | undefined => {
    try {
      return execFileSync(info.helm, ['status', release, '-n', ns, '-o', 'json'], {
        env: t.env as NodeJS.ProcessEnv,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch {
      return undefined;
    }
  };
  const configMap = (ns: string, name: string) => t.client.getYaml('configmaps', ns, name);
  const values = (quota: string) => {
    const file = path.join(work, `config-${quota}.yaml`);
    fs.writeFileSync(file, ALLUXIO_CONFIG_YAML.replace('quota: 20GB', `quota: ${quota}`));
    return file;
  };
  const alluxioArgs = (extra: Record<string, unknown> = {}) => ({
    chart: path.join(fx, 'alluxio-chart-2.2'),
    valuesFile: values('20GB'),
    release: 'alluxio',
    namespace: NS,
    set: ['fuse.enabled=true'],
    ...extra,
  });

  suiteSetup(() => {
    info = sandboxInfo();
    fx = fixtures(['alluxio-chart-2.2/Chart.yaml', 'hdfs-k8s-chart/hdfs-k8s/Chart.yaml']);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-apply-'));
    t = makeDeps(info, work);
    const table = applyCommands(t.deps);
    run = async (id, arg) => (await table[id].run(decodeTarget(arg))) as ApplyOutcome;
  });
  setup(() => t.prompter.reset());
  suiteTeardown(() => {
    // Leave the shared sandbox as it was, even after a failed test.
    for (const [release, ns] of [
      ['alluxio', NS],
      ['alluxio', 'adl-apply-29'],
      ['hdfs', HDFS_NS],
    ]) {
      if (info && helmStatus(release, ns))
        execFileSync(info.helm, ['uninstall', release, '-n', ns], { env: t.env as NodeJS.ProcessEnv, stdio: 'ignore' });
    }
    if (info)
      execFileSync(
        info.kubectl,
        ['delete', 'tfjob', '-n', 'default', '--ignore-not-found', 'adl-submit', 'adl-conflict', 'adl-nowhere'],
        { env: t.env as NodeJS.ProcessEnv, stdio: 'ignore' },
      );
    t?.client.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('helm missing: the error names alluxioDl.helmPath and its button opens the setting', async () => {
    t.settings.helmPath = path.join(work, 'no-such-helm');
    t.prompter.answer = (r) => r.actions[0];
    try {
      const r = await run('alluxioDl.installAlluxio', alluxioArgs());
      assert.equal(r.outcome, 'helmMissing');
      assert.match(t.prompter.said('error')[0], /helm was not found at .*no-such-helm.*alluxioDl\.helmPath/);
      await waitFor('setting opened', async () => t.prompter.settingsOpened.includes('alluxioDl.helmPath'), {
        ...POLL,
        timeoutMs: 5000,
      });
    } finally {
      delete t.settings.helmPath;
    }
    const savedPath = t.env.PATH;
    t.env.PATH = work;
    try {
      const r = await run('alluxioDl.releaseHistory', { release: 'alluxio', namespace: NS });
      assert.equal(r.outcome, 'helmMissing');
      assert.match(r.message ?? '', /not found on PATH.*alluxioDl\.helmPath/);
    } finally {
      t.env.PATH = savedPath;
    }
    assert.equal(helmStatus('alluxio', NS), undefined, 'nothing installed');
  });

  test('chart missing: a clear message naming the path and the setting; none set: the choices offered; nothing installed', async () => {
    const r = await run('alluxioDl.installAlluxio', alluxioArgs({ chart: path.join(work, 'no-chart') }));
    assert.equal(r.outcome, 'chartMissing');
    assert.match(
      r.message ?? '',
      /Alluxio chart not found: .*no-chart does not exist \(setting alluxioDl\.charts\.alluxio\)/,
    );
    // No chart set: the choices are offered (folder, archive, repository); dismissing them installs nothing.
    const asked: string[] = [];
    t.prompter.pick = (title) => void asked.push(title);
    try {
      const unset = await run('alluxioDl.installHdfs', { valuesFile: values('20GB') });
      assert.equal(unset.outcome, 'declined', JSON.stringify(unset));
      assert.match(unset.message ?? '', /No HDFS chart chosen: nothing was installed/);
      assert.ok(
        asked.some((q) => /Where does the HDFS chart come from\? \(alluxioDl\.charts\.hdfs is empty/.test(q)),
        JSON.stringify(asked),
      );
    } finally {
      t.prompter.pick = () => undefined;
    }
    assert.equal(helmStatus('alluxio', NS), undefined);
  });

  test('invalid values: not applied unless "Apply anyway"', async () => {
    const bad = path.join(work, 'bad.yaml');
    fs.writeFileSync(
      bad,
      ALLUXIO_CONFIG_YAML.replace('    level: 0', '    level: zero').replace(
        'nodeSelector:\n    dataset: mnist',
        'nodeSelector: [dataset]',
      ),
    );
    t.prompter.answer = () => undefined; // dismiss the modal
    const r = await run('alluxioDl.installAlluxio', alluxioArgs({ valuesFile: bad }));
    assert.equal(r.outcome, 'invalidValues', JSON.stringify(r));
    const modal = t.prompter.messages.find((m) => m.options?.modal);
    assert.ok(modal && modal.actions.includes('Apply anyway'), 'offers Apply anyway');
    assert.match(modal.options?.detail ?? '', /line \d+/);
    assert.equal(t.prompter.texts.length, 0, 'no preview: helm did not run');
    assert.equal(helmStatus('alluxio', NS), undefined);
  });

  test('Cancel while installing stops helm; the cluster is unchanged', async () => {
    t.prompter.onProgress = (title, cancel) => {
      if (title.startsWith('Installing')) setImmediate(cancel);
    };
    const r = await run('alluxioDl.installAlluxio', alluxioArgs());
    assert.equal(r.outcome, 'cancelled', JSON.stringify(r));
    assert.match(t.prompter.said('warn').join('\n'), /cancelled: helm was stopped/);
    assert.match(t.outputs.helm.text, /\[cancelled: helm \(pid \d+\) was stopped\]/);
    assert.equal(helmStatus('alluxio', NS), undefined, 'no release');
    const sts = await t.client.list('statefulsets', NS);
    assert.deepEqual(
      sts.items.map((s) => s.metadata.name),
      [],
    );
  });

  test('install Alluxio with the seed config.yaml: preview, then the seed objects', async () => {
    const r = await run('alluxioDl.installAlluxio', alluxioArgs());
    assert.equal(r.outcome, 'installed', JSON.stringify(r) + t.outputs.helm.text);
    assert.match(
      t.prompter.texts[0]?.text ?? '',
      /# StatefulSet adl-apply\/alluxio-master\n/,
      'preview shows the rendered manifests',
    );
    assert.match(t.prompter.texts[0].text, /# \d+ objects to create/);
    assert.doesNotMatch(
      t.prompter.texts[0].text,
      /Not applied by this install/,
      'the pre-install hook runs on install',
    );
    assert.ok(
      t.prompter.messages.some(
        (m) => m.options?.modal && /^Install Alluxio release alluxio in adl-apply\?/.test(m.message),
      ),
    );
    const sts = await waitFor(
      'alluxio-master StatefulSet',
      async () => (await t.client.list('statefulsets', NS)).items.find((s) => s.metadata.name === 'alluxio-master'),
      POLL,
    );
    assert.equal(sts.metadata.labels?.release, 'alluxio');
    const ds = (await t.client.list('daemonsets', NS)).items.map((d) => d.metadata.name).sort();
    assert.deepEqual(ds, ['alluxio-fuse', 'alluxio-worker']);
    assert.match(await configMap(NS, 'alluxio-config'), /dirs\.quota=20GB/);
  });

  test('upgrade (chart 0.5.5) with a changed quota: the preview says the pre-install hook holding it is not re-run', async () => {
    const r = await run('alluxioDl.installAlluxio', alluxioArgs({ valuesFile: values('10GB') }));
    assert.equal(r.outcome, 'upgraded', JSON.stringify(r));
    const summary = String(r.summary);
    assert.match(summary, /No change: the \d+ rendered objects are the same/);
    assert.match(
      summary,
      /Not applied by this upgrade: the chart renders ConfigMap adl-apply\/alluxio-config \(pre-install\)/,
    );
    assert.match(
      summary,
      /will NOT reach the cluster[\s\S]*~ ConfigMap adl-apply\/alluxio-config[\s\S]*quota=20GB[\s\S]*quota=10GB/,
    );
    assert.match(
      t.prompter.messages.find((m) => m.options?.modal)?.options?.detail ?? '',
      /will NOT reach the cluster/,
    );
    assert.match(
      await configMap(NS, 'alluxio-config'),
      /dirs\.quota=20GB/,
      'the chart does not re-run its pre-install hook',
    );
  });

  test('chart 0.6 (Alluxio 2.9): install, upgrade with a changed quota and see it, history, rollback, uninstall', async () => {
    const ns = 'adl-apply-29';
    const v29 = (quota: string) => {
      const file = path.join(work, `config-29-${quota}.yaml`);
      fs.writeFileSync(
        file,
        [
          'nodeSelector:',
          '  dataset: mnist',
          'properties:',
          '  alluxio.user.file.writetype.default: MUST_CACHE',
          '  alluxio.master.mount.table.root.ufs: "hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020"',
          'journal:',
          '  type: UFS',
          '  ufsType: local',
          '  folder: /journal',
          '  volumeType: emptyDir',
          'tieredstore:',
          '  levels:',
          '  - level: 0',
          '    alias: MEM',
          '    mediumtype: MEM',
          '    path: /dev/shm',
          '    type: hostPath',
          `    quota: ${quota}`,
          '    high: 0.99',
          '    low: 0.8',
          '',
        ].join('\n'),
      );
      return file;
    };
    const args = (quota: string) => ({
      chart: path.join(fx, 'alluxio-chart-2.9'),
      valuesFile: v29(quota),
      release: 'alluxio',
      namespace: ns,
    });
    const installed = await run('alluxioDl.installAlluxio', args('20GB'));
    assert.equal(installed.outcome, 'installed', JSON.stringify(installed) + t.outputs.helm.text.slice(-1500));
    assert.match(await configMap(ns, 'alluxio-config'), /dirs\.quota=20GB/);
    t.prompter.reset();
    const upgraded = await run('alluxioDl.installAlluxio', args('10GB'));
    assert.equal(upgraded.outcome, 'upgraded');
    assert.match(
      String(upgraded.summary),
      /~ ConfigMap adl-apply-29\/alluxio-config\n\s+data\.ALLUXIO_WORKER_JAVA_OPTS: .*quota=20GB.* → .*quota=10GB/,
    );
    assert.match(t.prompter.diffs[0].after, /quota=10GB/);
    assert.match(await configMap(ns, 'alluxio-config'), /dirs\.quota=10GB/);
    t.prompter.reset();
    t.prompter.pick = () => undefined;
    const h = await run('alluxioDl.releaseHistory', { release: 'alluxio', namespace: ns });
    assert.deepEqual(
      (h.history as { revision: number; status: string }[]).map((x) => [x.revision, x.status]),
      [
        [1, 'superseded'],
        [2, 'deployed'],
      ],
    );
    t.prompter.pick = (_title, items) => items.find((i) => i.label === 'Revision 1')?.value;
    const r = await run('alluxioDl.rollbackRelease', { release: 'alluxio', namespace: ns });
    assert.equal(r.outcome, 'rolledBack', JSON.stringify(r));
    assert.ok(t.prompter.messages.some((m) => m.options?.modal && /back to revision 1\?/.test(m.message)));
    assert.match(await configMap(ns, 'alluxio-config'), /dirs\.quota=20GB/);
    t.prompter.reset();
    assert.equal(
      (await run('alluxioDl.uninstallRelease', { release: 'alluxio', namespace: ns })).outcome,
      'uninstalled',
    );
    assert.equal(helmStatus('alluxio', ns), undefined);
  });

  test('uninstall asks first; declining keeps it, confirming removes the objects', async () => {
    t.prompter.answer = () => undefined;
    assert.equal((await run('alluxioDl.uninstallRelease', { release: 'alluxio', namespace: NS })).outcome, 'declined');
    assert.ok(helmStatus('alluxio', NS));
    t.prompter.reset();
    const r = await run('alluxioDl.uninstallRelease', { release: 'alluxio', namespace: NS });
    assert.equal(r.outcome, 'uninstalled');
    assert.ok(
      t.prompter.messages.some((m) => m.options?.modal && /^Uninstall alluxio from adl-apply\?/.test(m.message)),
    );
    assert.equal(helmStatus('alluxio', NS), undefined);
    await waitFor('StatefulSet gone', async () => (await t.client.list('statefulsets', NS)).items.length === 0, POLL);
  });

  test('install HDFS with the seed flags from a chart folder (dependencies built first), then uninstall', async () => {
    const chart = path.join(work, 'hdfs-k8s-chart');
    fs.cpSync(path.join(fx, 'hdfs-k8s-chart'), chart, { recursive: true });
    for (const f of fs.readdirSync(chart, { recursive: true }) as string[])
      fs.chmodSync(path.join(chart, f), fs.statSync(path.join(chart, f)).isDirectory() ? 0o755 : 0o644);
    fs.chmodSync(chart, 0o755);
    const valuesFile = path.join(work, 'hdfs-values.yaml');
    fs.writeFileSync(
      valuesFile,
      'tags:\n  ha: false\n  simple: true\nglobal:\n  namenodeHAEnabled: false\nhdfs-simple-namenode-k8s:\n  nodeSelector:\n    hdfs-namenode-selector: hdfs-namenode-0\n',
    );
    t.settings['charts.hdfs'] = path.join(chart, 'hdfs-k8s');
    try {
      const r = await run('alluxioDl.installHdfs', { valuesFile, release: 'hdfs', namespace: HDFS_NS });
      assert.equal(r.outcome, 'installed', JSON.stringify(r) + t.outputs.helm.text.slice(-2000));
      assert.match(t.outputs.helm.text, /helm dependency build/);
      const sts = await waitFor(
        'hdfs-namenode StatefulSet',
        async () =>
          (await t.client.list('statefulsets', HDFS_NS)).items.find((s) => s.metadata.name === 'hdfs-namenode'),
        POLL,
      );
      assert.equal(sts.spec.template.spec.nodeSelector['hdfs-namenode-selector'], 'hdfs-namenode-0');
      assert.ok(HDFS_SET_FLAGS.length === 4);
      t.prompter.reset();
      assert.equal(
        (await run('alluxioDl.uninstallRelease', { release: 'hdfs', namespace: HDFS_NS })).outcome,
        'uninstalled',
      );
    } finally {
      delete t.settings['charts.hdfs'];
    }
  });

  const tfjob = async (name: string) =>
    JSON.parse(
      execFileSync(info.kubectl, ['get', 'tfjob', name, '-n', 'default', '-o', 'json', '--show-managed-fields'], {
        env: t.env as NodeJS.ProcessEnv,
        encoding: 'utf8',
      }),
    );
  const tfjobExists = (name: string) => {
    try {
      execFileSync(info.kubectl, ['get', 'tfjob', name, '-n', 'default'], {
        env: t.env as NodeJS.ProcessEnv,
        stdio: 'ignore',
      });
      return true;
    } catch {
      return false;
    }
  };
  const seedInput = (name: string, extra: Record<string, unknown> = {}) => ({
    namespace: 'default',
    useArena: false,
    input: {
      kind: 'TFJob',
      name,
      image: 'registry.cn-shanghai.aliyuncs.com/tensorflow-samples/mnist:pytorch-1.4-cuda10.1-cudnn7-devel',
      command: 'python /mnist.py',
      gpus: 0,
      workers: 1,
      selector: { dataset: 'mnist' },
      dataDir: { host: '/alluxio-fuse/data', container: '/data' },
      ...extra,
    },
  });

  test('submit a job by server-side apply: the TFJob is there, managed by alluxio-dl, with the selector and FUSE mount', async () => {
    const r = await run('alluxioDl.submitJob', seedInput('adl-submit'));
    assert.equal(r.outcome, 'submitted', JSON.stringify(r));
    assert.deepEqual(r.warnings, [], 'the seed job on the seed cluster passes the checks');
    const job = await tfjob('adl-submit');
    assert.ok(
      job.metadata.managedFields.some(
        (f: { manager: string; operation: string }) => f.manager === 'alluxio-dl' && f.operation === 'Apply',
      ),
    );
    const pod = job.spec.tfReplicaSpecs.Worker.template.spec;
    assert.deepEqual(pod.nodeSelector, { dataset: 'mnist' });
    assert.equal(pod.volumes[0].hostPath.path, '/alluxio-fuse/data');
  });

  test('a selector that matches no node gets the warning; declining submits nothing', async () => {
    t.prompter.answer = () => undefined;
    const r = await run('alluxioDl.submitJob', seedInput('adl-nowhere', { selector: { dataset: 'imagenet' } }));
    assert.equal(r.outcome, 'warnings');
    const modal = t.prompter.messages.find((m) => m.options?.modal);
    assert.match(modal?.message ?? '', /No schedulable node matches the node selector dataset=imagenet/);
    assert.deepEqual(modal?.actions, ['Submit anyway']);
    assert.equal(tfjobExists('adl-nowhere'), false);
  });

  test('apply conflict: the message names the other manager and the field; Force takes it', async () => {
    const other = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      metadata: { name: 'adl-conflict', namespace: 'default' },
      spec: {
        tfReplicaSpecs: {
          Worker: {
            replicas: 3,
            restartPolicy: 'Never',
            template: { spec: { containers: [{ name: 'tensorflow', image: 'busybox' }] } },
          },
        },
      },
    };
    execFileSync(info.kubectl, ['apply', '--server-side', '--field-manager=other-team', '-f', '-'], {
      env: t.env as NodeJS.ProcessEnv,
      input: JSON.stringify(other),
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    // Submit anyway past the data readiness modal (this test is about the conflict); dismiss the conflict's.
    t.prompter.answer = (r) => (r.message.startsWith('Data not ready') ? 'Submit anyway' : undefined);
    const declined = await run('alluxioDl.submitJob', seedInput('adl-conflict'));
    assert.equal(declined.outcome, 'conflict', JSON.stringify(declined));
    assert.match(
      declined.message ?? '',
      /\.spec\.tfReplicaSpecs\.Worker\.replicas.* owned by "other-team"\. Choose Force/,
    );
    assert.equal((await tfjob('adl-conflict')).spec.tfReplicaSpecs.Worker.replicas, 3, 'unchanged');
    t.prompter.reset();
    const forced = await run('alluxioDl.submitJob', seedInput('adl-conflict'));
    assert.equal(forced.outcome, 'submitted');
    assert.equal(forced.forced, true);
    assert.equal((await tfjob('adl-conflict')).spec.tfReplicaSpecs.Worker.replicas, 1);
  });

  test('label and unlabel nodes through the API', async () => {
    const labels = async (n: string) =>
      JSON.parse(
        execFileSync(info.kubectl, ['get', 'node', n, '-o', 'json'], {
          env: t.env as NodeJS.ProcessEnv,
          encoding: 'utf8',
        }),
      ).metadata.labels;
    const r = await run('alluxioDl.labelNodes', { nodes: ['kwok-hdfs-0'], dataset: 'adl-test' });
    assert.equal(r.outcome, 'labelled');
    assert.equal((await labels('kwok-hdfs-0')).dataset, 'adl-test');
    t.prompter.pick = (_title, items) => items.filter((i) => i.label === 'kwok-hdfs-0').map((i) => i.value);
    const u = await run('alluxioDl.labelNodes', { remove: true });
    assert.equal(u.outcome, 'unlabelled');
    assert.equal((await labels('kwok-hdfs-0')).dataset, undefined);
    assert.equal((await labels('kwok-gpu-0')).dataset, 'mnist', 'other nodes untouched');
  });

  test('Upload to HDFS: two files into /data/MNIST/raw land byte for byte in the real HDFS (KWOK exec → hdfs launcher → MiniDFSCluster)', async function () {
    const kenv = t.env as NodeJS.ProcessEnv;
    try {
      execFileSync(info.kubectl, ['get', 'clusterexec', 'sandbox-hdfs-client'], { env: kenv, stdio: 'ignore' });
    } catch {
      throw new Error('the sandbox has no HDFS: start it with startSandbox({ hdfs: true }) (test/harness/sandbox.ts)');
    }
    const pod = await waitFor(
      'hdfs-client pod Running',
      async () =>
        (await t.client.list('pods', 'default')).items.find(
          (p) => p.metadata.labels?.app === 'hdfs-client' && p.status?.phase === 'Running',
        ),
      POLL,
    );
    const hdfs = (args: string[]): Buffer =>
      execFileSync(info.kubectl, ['exec', '-n', 'default', pod.metadata.name, '--', 'hdfs', 'dfs', ...args], {
        env: kenv,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
    // kwok picks the ClusterExec up through its informer: wait until an exec reaches the real HDFS.
    await waitFor(
      'exec into the client pod reaches HDFS',
      async () => (hdfs(['-rm', '-r', '-f', '/data/MNIST/raw']), true),
      POLL,
    );
    const dir = path.join(work, 'mnist-raw');
    fs.mkdirSync(dir, { recursive: true });
    const images = crypto.randomBytes(200_000); // every byte value, no text framing would survive this
    const labels = Buffer.from('labels for the real HDFS\n');
    const nasty = "t10k labels 'x' $(id) `id`.gz"; // reaches sh only as an argument
    fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), images);
    fs.writeFileSync(path.join(dir, nasty), labels);
    const started = Date.now();
    const r = await run('alluxioDl.uploadToHdfs', {
      files: [path.join(dir, 'train-images-idx3-ubyte.gz'), path.join(dir, nasty)],
      hdfsDir: '/data/MNIST/raw',
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `[apply] upload of 2 files (${images.length + labels.length} bytes) through KWOK exec into the MiniDFSCluster: ${seconds.toFixed(1)} s`,
    );
    assert.equal(r.outcome, 'uploaded', JSON.stringify(r) + t.outputs.upload.text);
    assert.equal(r.bytes, images.length + labels.length);
    assert.match(t.outputs.upload.text, /\$ hdfs dfs -mkdir -p \/data\/MNIST\/raw/);
    assert.match(
      t.outputs.upload.text,
      /\$ hdfs dfs -stat %b \/data\/MNIST\/raw\/train-images/,
      'lengths checked in HDFS',
    );
    assert.ok(
      hdfs(['-cat', '/data/MNIST/raw/train-images-idx3-ubyte.gz']).equals(images),
      'train-images bytes in HDFS equal the local file',
    );
    assert.ok(hdfs(['-cat', `/data/MNIST/raw/${nasty}`]).equals(labels), 'labels bytes in HDFS equal the local file');
    const ls = hdfs(['-ls', '/data/MNIST/raw']).toString();
    assert.match(ls, /Found 2 items/);
    assert.match(ls, /\s200000 \S+ \S+ \/data\/MNIST\/raw\/train-images-idx3-ubyte\.gz/);
    // No client pod in the namespace asked for: a clear message, nothing sent.
    t.prompter.reset();
    const none = await run('alluxioDl.uploadToHdfs', {
      files: [path.join(dir, 'train-images-idx3-ubyte.gz')],
      hdfsDir: '/data/other',
      namespace: NS,
    });
    assert.equal(none.outcome, 'noClientPod', JSON.stringify(none));
    assert.match(
      t.prompter.said('error')[0],
      /No running HDFS client pod \(label app=hdfs-client\) in namespace adl-apply/,
    );
    assert.doesNotMatch(hdfs(['-ls', '/data']).toString(), /\/data\/other/);
  });

  test('build a training image with the real buildah from a local base (no registry); Cancel stops the build', async function () {
    if (!fs.existsSync('/usr/bin/buildah'))
      throw new Error('buildah is missing: install Debian buildah (apt-get install buildah)');
    const dir = path.join(work, 'image');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'mnist.py'), 'print("Train Epoch: 1")\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nADD mnist.py /\nCMD ["python", "/mnist.py"]\n');
    t.settings.imageBuilder = 'buildah';
    const tag = `localhost/adl-apply-test:${process.pid}`;
    try {
      const r = await run('alluxioDl.buildImage', { dockerfile: path.join(dir, 'Dockerfile'), tag, push: false });
      assert.equal(r.outcome, 'built', JSON.stringify(r) + t.outputs.build.text.slice(-1000));
      assert.match(t.outputs.build.text, /\$ buildah bud --file=.*Dockerfile --tag=localhost\/adl-apply-test/);
      assert.match(
        execFileSync('buildah', ['images', '--format', '{{.Name}}:{{.Tag}}'], { encoding: 'utf8' }),
        new RegExp(tag.replace(/[.:/]/g, '\\$&')),
      );
      // A build that would run a long time: Cancel must stop buildah.
      fs.writeFileSync(path.join(dir, 'Slow.Dockerfile'), 'FROM scratch\nADD mnist.py /\n');
      t.prompter.onProgress = (_title, cancel) => setImmediate(cancel);
      const c = await run('alluxioDl.buildImage', {
        dockerfile: path.join(dir, 'Slow.Dockerfile'),
        contextDir: dir,
        tag: `${tag}-cancelled`,
        push: false,
      });
      assert.equal(c.outcome, 'cancelled');
      assert.match(c.message ?? '', /cancelled: buildah was stopped/);
      assert.match(
        t.outputs.build.text,
        /\[cancelled: buildah \(pid \d+\) was stopped\]/,
        'buildah had started and was killed',
      );
      assert.doesNotMatch(
        execFileSync('buildah', ['images', '--format', '{{.Name}}:{{.Tag}}'], { encoding: 'utf8' }),
        /-cancelled/,
      );
      t.settings.imageBuilder = 'podman';
      t.env.PATH = work;
      const missing = await run('alluxioDl.buildImage', { dockerfile: path.join(dir, 'Dockerfile'), tag, push: false });
      assert.equal(missing.outcome, 'builderMissing');
      assert.match(missing.message ?? '', /podman was not found on PATH.*alluxioDl\.imageBuilder/);
    } finally {
      t.env.PATH = { ...process.env, ...info.env }.PATH;
      delete t.settings.imageBuilder;
      try {
        execFileSync('buildah', ['rmi', tag], { stdio: 'ignore' });
      } catch {
        /* not built */
      }
    }
  });
});
