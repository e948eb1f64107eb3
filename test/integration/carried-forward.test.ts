/**
 * Answers carried forward and choices not assumed, against the sandbox: the real API server, helm,
 * kwok exec into the real MiniDFSCluster, real editors. Only the window's questions are scripted.
 * The preloaded HDFS release `hdfs` lives in `default`; these tests add their own in other namespaces.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyCommands } from '../../src/commands/apply';
import type { ApplyOutcome } from '../../src/commands/apply/deps';
import { showNamespaceAction } from '../../src/commands/apply/install-answers';
import { decodeTarget } from '../../src/core/command-target';
import { generateTrainingJob, SEED_JOB_INPUT } from '../../src/core/generate/training-job';
import { openEditorFiles, saveOpenFile } from '../../src/platform/open-editors';
import { makeDeps, sandboxInfo, type SandboxInfo, type TestDeps } from '../fixtures/apply/sandbox-deps';
import { waitFor } from '../support/wait';
import { connectionTo } from './connection';
import { newTrainingJob } from '../../src/commands/authoring';
import { RecentAnswers } from '../../src/commands/recent-answers';
import { ClusterFacts } from '../../src/k8s/cluster-facts';
import { Config } from '../../src/platform/config';
import { MemoryStore } from '../doubles/memory-store';
import { WizardScript } from '../doubles/wizard-script';
import { seedConfigYaml } from '../unit/authoring/seed';

const NS = 'adl-carried';
const POLL = { timeoutMs: 60_000, intervalMs: 200 };

suite('carried forward', function () {
  this.timeout(180_000);
  let info: SandboxInfo;
  let t: TestDeps;
  let run: (id: string, arg?: unknown) => Promise<ApplyOutcome>;
  let work: string;
  const kenv = () => t.env as NodeJS.ProcessEnv;
  const kubectl = (args: string[], input?: string) =>
    execFileSync(info.kubectl, args, { env: kenv(), encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });

  suiteSetup(() => {
    info = sandboxInfo();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-carried-'));
    t = makeDeps(info, work);
    const table = applyCommands(t.deps);
    run = async (id, arg) => (await table[id].run(decodeTarget(arg))) as ApplyOutcome;
  });
  setup(() => {
    t.prompter.reset();
    t.prompter.inputValue = (_title, v) => v;
    t.prompter.files = (title) => assert.fail(`asked for a path ("${title}") though the answer was at hand`);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (info) {
      try {
        execFileSync(info.helm, ['uninstall', 'adl-carried', '-n', NS], { env: kenv(), stdio: 'ignore' });
      } catch {
        // not installed
      }
      execFileSync(info.kubectl, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=false'], {
        env: kenv(),
        stdio: 'ignore',
      });
      execFileSync(info.kubectl, ['delete', 'tfjob', '-n', 'default', '--ignore-not-found', 'adl-carried-editor'], {
        env: kenv(),
        stdio: 'ignore',
      });
    }
    t?.client.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('carried forward: Upload to HDFS with two HDFS releases in two namespaces goes through the chosen release’s client pod', async () => {
    try {
      kubectl(['get', 'clusterexec', 'sandbox-hdfs-client']);
    } catch {
      throw new Error('the sandbox has no HDFS: start it with startSandbox({ hdfs: true }) (test/harness/sandbox.ts)');
    }
    // A second release's client: its container is named hdfs-client, so kwok runs its execs against the
    // sandbox's HDFS too; which pod ran them is what the test tells apart.
    try {
      kubectl(['create', 'namespace', NS]);
    } catch (e) {
      if (!/AlreadyExists/.test((e as Error).message)) throw e;
    }
    kubectl([
      'run',
      'hdfs-client',
      '-n',
      NS,
      '--image=busybox',
      '--labels=app=hdfs-client,release=adl-carried-hdfs',
      '--overrides={"spec":{"nodeName":"kwok-hdfs-0"}}',
    ]);
    await waitFor(
      'both client pods Running',
      async () => {
        const pods = (await t.client.list('pods', '')).items.filter(
          (p) => p.metadata.labels?.app === 'hdfs-client' && p.status?.phase === 'Running',
        );
        return new Set(pods.map((p) => p.metadata.namespace)).size >= 2;
      },
      POLL,
    );
    const offered: string[] = [];
    t.prompter.pick = (title, items) => {
      if (title !== 'HDFS release to upload to') return undefined;
      offered.push(...items.map((i) => `${i.label} (${i.description})`));
      return items.find((i) => i.label === 'adl-carried-hdfs')?.value;
    };
    const file = path.join(work, 'carried.bin');
    const bytes = Buffer.from(`carried forward ${process.pid}\n`);
    fs.writeFileSync(file, bytes);
    // kwok picks a new pod's exec up through its informer: retry until an exec into it reaches HDFS.
    const r = await waitFor(
      'an upload through adl-carried/hdfs-client',
      async () => {
        const out = await run('alluxioDl.uploadToHdfs', { files: [file], hdfsDir: '/adl-carried' });
        if (out.outcome !== 'uploaded') throw new Error(JSON.stringify(out));
        return out;
      },
      POLL,
    );
    assert.ok(
      offered.some((o) => /^hdfs \(namespace default · /.test(o)) &&
        offered.some((o) => o.startsWith(`adl-carried-hdfs (namespace ${NS} · hdfs-client`)),
      `both releases offered: ${offered.join('; ')}`,
    );
    assert.equal(r.pod, `${NS}/hdfs-client`);
    assert.match(t.outputs.upload.text, new RegExp(`exec in ${NS}/hdfs-client\\)`));
    assert.doesNotMatch(t.outputs.upload.text, /exec in default\//, 'nothing ran in the default release’s pod');
    const cat = execFileSync(
      info.kubectl,
      ['exec', '-n', NS, 'hdfs-client', '--', 'hdfs', 'dfs', '-cat', '/adl-carried/carried.bin'],
      { env: kenv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
    );
    assert.ok(cat.equals(bytes), 'the bytes are in HDFS');
    // The release chosen is the first offered next time.
    t.prompter.reset();
    const second: string[] = [];
    t.prompter.pick = (_title, items) => (second.push(...items.map((i) => i.label)), undefined);
    const declined = await run('alluxioDl.uploadToHdfs', { files: [file], hdfsDir: '/adl-carried' });
    assert.equal(declined.outcome, 'declined');
    assert.equal(second[0], 'adl-carried-hdfs');
  });

  test('carried forward: Submit from the palette submits the TFJob open in the editor, without asking for a path or the form', async () => {
    const file = path.join(work, 'adl-carried-editor.yaml');
    fs.writeFileSync(file, generateTrainingJob({ ...SEED_JOB_INPUT, name: 'adl-carried-editor', workers: 1 }));
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    t.deps.openEditors = openEditorFiles;
    t.deps.saveFile = saveOpenFile;
    t.prompter.inputValue = (title) => assert.fail(`the form asked "${title}"`);
    const r = await run('alluxioDl.submitJob');
    assert.equal(r.outcome, 'submitted', JSON.stringify(r));
    assert.equal(r.file, file);
    const job = JSON.parse(kubectl(['get', 'tfjob', '-n', 'default', 'adl-carried-editor', '-o', 'json']));
    assert.deepEqual(job.spec.tfReplicaSpecs.Worker.template.spec.nodeSelector, { dataset: 'mnist' });
    // Unsaved changes: asked to save first, and what is submitted is what the editor shows.
    const editor = vscode.window.activeTextEditor!;
    const doc = editor.document;
    await editor.edit((e) =>
      e.replace(new vscode.Range(0, 0, doc.lineCount, 0), doc.getText().replace('replicas: 1', 'replicas: 2')),
    );
    assert.ok(doc.isDirty);
    t.prompter.reset();
    t.prompter.inputValue = (title) => assert.fail(`the form asked "${title}"`);
    const saved = await run('alluxioDl.submitJob');
    assert.equal(saved.outcome, 'submitted', JSON.stringify(saved));
    assert.ok(
      t.prompter.messages.some((m) => m.options?.modal && m.actions.includes('Save and Use')),
      'asked before saving',
    );
    assert.equal(doc.isDirty, false);
    const after = JSON.parse(kubectl(['get', 'tfjob', '-n', 'default', 'adl-carried-editor', '-o', 'json']));
    assert.equal(after.spec.tfReplicaSpecs.Worker.replicas, 2);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('carried forward: after an install into another namespace the explorer is offered it; release and namespace are the defaults next time', async () => {
    // A small chart of our own: what is tested is the flow around helm, not a chart.
    const chart = path.join(work, 'chart');
    fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: adl-carried\nversion: 0.1.0\n');
    fs.writeFileSync(
      path.join(chart, 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-marker\ndata:\n  a: "1"\n',
    );
    const values = path.join(work, 'hdfs-values.yaml');
    fs.writeFileSync(values, 'hdfs-simple-namenode-k8s:\n  nodeSelector: {}\n');
    await vscode.window.showTextDocument(vscode.Uri.file(values));
    t.deps.openEditors = openEditorFiles;
    // The explorer's connection, for real: it shows `default` until the offer is taken.
    const connection = connectionTo(info.kubeconfig);
    try {
      t.deps.explorerNamespace = () => connection.namespace;
      t.deps.showNamespace = (ns) => connection.useNamespace(ns);
      await connection.client(); // reads the kubeconfig
      assert.equal(connection.namespace, 'default');
      const action = showNamespaceAction(NS);
      t.prompter.answer = (m) => (m.options?.modal ? m.actions[0] : m.actions.includes(action) ? action : undefined);
      const asked: Record<string, string | undefined> = {};
      t.prompter.inputValue = (title, v) => {
        asked[title] = v;
        return /release name/.test(title) ? 'adl-carried' : /Namespace/.test(title) ? NS : v;
      };
      const r = await run('alluxioDl.installHdfs', { chart });
      assert.equal(r.outcome, 'installed', JSON.stringify(r) + t.outputs.helm.text.slice(-2000));
      assert.deepEqual(asked, { 'HDFS release name': 'hdfs', 'Namespace of release adl-carried': 'default' });
      const offer = t.prompter.messages.find((m) => m.actions.includes(action));
      assert.match(
        offer?.message ?? '',
        /^Installed HDFS release adl-carried in adl-carried\..* The explorer shows namespace default\.$/,
      );
      await waitFor('the explorer switched to the new namespace', () => connection.namespace === NS, POLL);
      assert.equal(JSON.parse(kubectl(['get', 'configmap', '-n', NS, 'adl-carried-marker', '-o', 'json'])).data.a, '1');

      // Next time: the values file is still the open one, the release and namespace the ones last used.
      t.prompter.reset();
      t.prompter.files = (title) => assert.fail(`asked for a path ("${title}")`);
      const next: Record<string, string | undefined> = {};
      t.prompter.inputValue = (title, v) => ((next[title] = v), undefined);
      const declined = await run('alluxioDl.installHdfs', { chart });
      assert.equal(declined.outcome, 'declined');
      assert.deepEqual({ ...next }, { 'HDFS release name': 'adl-carried' });
      t.prompter.inputValue = (title, v) => ((next[title] = v), /release name/.test(title) ? v : undefined);
      await run('alluxioDl.installHdfs', { chart });
      assert.equal(next['Namespace of release adl-carried'], NS);
      // Once the explorer shows the namespace, an install there is announced without the offer.
      t.prompter.reset();
      t.prompter.inputValue = (_title, v) => v;
      const upgraded = await run('alluxioDl.installHdfs', { chart });
      assert.equal(upgraded.outcome, 'upgraded', JSON.stringify(upgraded));
      assert.ok(!t.prompter.messages.some((m) => m.actions.includes(action)), 'no offer for the namespace shown');
    } finally {
      connection.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('carried forward: New Training Job offers the image just built and the node selectors of config.yaml and the cluster', async () => {
    const folder = path.join(work, 'job');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'config.yaml'), seedConfigYaml().replace('dataset: mnist', 'dataset: cifar'));
    // An Alluxio values file open in an editor (earlier tests open some) would be offered before this one.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const recent = new RecentAnswers(new MemoryStore());
    await recent.rememberBuiltImage('localhost/mnist:carried');
    const facts = new ClusterFacts(
      async () => t.client,
      () => 'default',
    );
    const log = vscode.window.createOutputChannel('Alluxio DL carried forward', { log: true });
    const script = new WizardScript({
      '1/6 kind': 'TFJob',
      '2/6 name': 'carried-job',
      '3/6 image': 'localhost/mnist:carried',
      '4/6 GPUs': '1',
      '5/6 node selector': 'dataset=mnist',
      '6/6 data': '/alluxio-fuse/data:/data',
    });
    try {
      const [uri] = await newTrainingJob(
        // No Fluid Datasets offered: another suite may leave some, and they add a data-source step.
        { log, config: new Config(), recent, clusterOffers: async () => ({ ...(await facts.fetch()), datasets: [] }) },
        script,
        { type: 'file', path: folder },
      );
      assert.deepEqual(script.offered.get('3/6 image')?.[0], 'localhost/mnist:carried', 'the image built first');
      const selectors = script.offered.get('5/6 node selector') ?? [];
      assert.equal(selectors[0], 'dataset=cifar', `config.yaml's first: ${selectors.join(', ')}`);
      assert.ok(selectors.includes('dataset=mnist'), `the nodes' dataset label offered: ${selectors.join(', ')}`);
      assert.ok(!selectors.some((s) => s.includes('kubernetes.io/')), 'no kubernetes.io labels');
      const text = fs.readFileSync(uri.fsPath, 'utf8');
      assert.match(text, /image: localhost\/mnist:carried/);
      assert.match(text, /nodeSelector:\n\s+dataset: "mnist"/);
    } finally {
      log.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
