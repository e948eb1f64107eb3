/**
 * The explorer's and the logs' commands driven through the one Prompter, as the extension builds them,
 * against the sandbox: only the window is scripted (ScriptedPrompter), the connection service, the
 * client and the cluster are real.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { explorerCommands } from '../../src/commands/explorer';
import { logsCommands } from '../../src/commands/logs';
import type { ClusterConnection } from '../../src/connection/cluster-connection';
import { NO_TARGET, withOptions, type CommandTarget } from '../../src/core/command-target';
import type { TreeNodeData } from '../../src/core/model/types';
import { LogsService, type FollowSession } from '../../src/follow/logs-service';
import type { CommandTable } from '../../src/platform/commands';
import { Config } from '../../src/platform/config';
import { ResourceDocuments } from '../../src/views/resource-documents';
import { TrainingCurves } from '../../src/views/training-curve';
import { ScriptedPrompter } from '../doubles/scripted-prompter';
import { waitFor } from '../support/wait';
import { connectionTo } from './connection';
import { EXTENSION_ID } from './index';
import { kubectl, sandboxInfo, type SandboxInfo } from './sandbox';

const TRAINING_JOB = 'alluxio-pytorch';

suite('commands through the prompter (sandbox)', () => {
  const log = vscode.window.createOutputChannel('Alluxio DL prompted commands test', { log: true });
  const prompter = new ScriptedPrompter();
  let sb: SandboxInfo;
  let connection: ClusterConnection;
  let documents: ResourceDocuments;
  let explorer: CommandTable;
  const run = (table: CommandTable, id: string, target: CommandTarget = NO_TARGET) => table[id].run(target);

  suiteSetup(() => {
    sb = sandboxInfo();
    connection = connectionTo(sb.kubeconfig);
    connection.reload();
    documents = new ResourceDocuments(() => connection.client());
    // The explorer view itself is the extension's; these commands need only its selection.
    const noTree = {
      resolve: () => undefined,
      reveal: async () => undefined,
      snapshot: () => assert.fail('not used here'),
    };
    explorer = explorerCommands({ explorer: noTree, connection, documents, prompter, log });
  });
  setup(() => prompter.reset());
  suiteTeardown(() => {
    documents?.dispose();
    connection?.dispose();
    log.dispose();
  });

  test('Switch Namespace: the picker lists the cluster namespaces; the choice moves the connection', async () => {
    let offered: string[] = [];
    prompter.pick = (title, items) => {
      offered = items.map((i) => i.label);
      assert.match(title, /^Namespace in /);
      return items.find((i) => i.label === 'kube-system')?.value;
    };
    await run(explorer, 'alluxioDl.switchNamespace');
    assert.ok(offered.includes('default') && offered.includes('kube-system'), offered.join(', '));
    assert.ok(offered.some((l) => /All namespaces/.test(l)));
    assert.equal(connection.namespace, 'kube-system');
    prompter.pick = () => undefined;
    await run(explorer, 'alluxioDl.switchNamespace');
    assert.equal(connection.namespace, 'kube-system', 'a dismissed picker changes nothing');
    await run(explorer, 'alluxioDl.switchNamespace', { type: 'value', value: 'default' });
    assert.equal(connection.namespace, 'default');
  });

  test('Switch Context → Choose kubeconfig file(s)…: the chosen file is used, and the default comes back', async () => {
    const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'adl-kubeconfig-')), 'restricted.yaml');
    fs.copyFileSync(sb.restrictedKubeconfig, other);
    try {
      let asked = '';
      prompter.pick = (_title, items) => items.find((i) => /Choose kubeconfig file/.test(i.label))?.value;
      prompter.files = (title) => ((asked = title), [other]);
      await run(explorer, 'alluxioDl.switchContext');
      assert.match(asked, /Kubeconfig file/);
      assert.equal(connection.kubeconfig.origin, 'chosen');
      assert.deepEqual(connection.target.kubeconfigFiles, [other]);
      const user = (await connection.client()).user;
      assert.notEqual(user, '', 'a client for the chosen file');
      let labels: string[] = [];
      prompter.pick = (_title, items) => {
        labels = items.map((i) => i.label);
        return items.find((i) => /Use the default kubeconfig/.test(i.label))?.value;
      };
      await run(explorer, 'alluxioDl.switchContext');
      assert.ok(
        labels.some((l) => /Choose kubeconfig file/.test(l)),
        labels.join(', '),
      );
      assert.equal(connection.kubeconfig.origin, 'setting');
      assert.deepEqual(connection.target.kubeconfigFiles, [sb.kubeconfig]);
    } finally {
      fs.rmSync(path.dirname(other), { recursive: true, force: true });
    }
  });

  test('Delete asks first (modal); Cancel keeps the pod, Delete removes it', async () => {
    const name = 'prompted-delete-me';
    await kubectl(sb, ['run', name, '-n', 'default', '--image=busybox', '--restart=Never']);
    const node: TreeNodeData = {
      id: `n:x>pod:default/${name}`,
      kind: 'pod',
      label: name,
      description: '',
      tooltip: '',
      state: 'ok',
      icon: 'circle',
      expandable: false,
      contextValue: 'pod delete',
      ref: { kind: 'pods', namespace: 'default', name },
    };
    const target: CommandTarget = { type: 'node', id: node.id, node };
    prompter.answer = () => undefined;
    assert.equal(await run(explorer, 'alluxioDl.deleteResource', target), false);
    const asked = prompter.messages.find((m) => m.options?.modal);
    assert.match(asked?.message ?? '', new RegExp(`Delete Pod default/${name} in context `));
    await kubectl(sb, ['get', 'pod', name, '-n', 'default']);
    prompter.answer = (r) => (r.options?.modal ? 'Delete' : undefined);
    assert.equal(await run(explorer, 'alluxioDl.deleteResource', target), true);
    await waitFor(
      `${name} deleted`,
      () =>
        kubectl(sb, ['get', 'pod', name, '-n', 'default', '--ignore-not-found', '-o', 'name']).then((o) => !o.trim()),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  });

  test("Follow Logs from the palette: the job picker lists the cluster's jobs; the picked one is followed", async () => {
    const logs = new LogsService(() => connection.acquire(), new Config(), log);
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const curves = new TrainingCurves(extensionUri, logs);
    const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-logs-'));
    const table = logsCommands({ logs, curves, config: new Config(), prompter, storageDir });
    try {
      let offered: string[] = [];
      prompter.pick = (title, items) => {
        offered = items.map((i) => `${i.label} (${i.description})`);
        assert.equal(title, 'Follow Logs of a Training Job');
        return items.find((i) => i.label === TRAINING_JOB && /default/.test(i.description ?? ''))?.value;
      };
      const session = (await run(table, 'alluxioDl.followLogs', NO_TARGET)) as FollowSession;
      assert.ok(
        offered.some((o) => o.startsWith(`${TRAINING_JOB} (TFJob · default`)),
        `offered: ${offered.join(', ')}`,
      );
      assert.ok(session, 'the picked job is followed');
      await waitFor('a training line in the channel', () => /Train Epoch:/.test(session.output.retainedText()), {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      // Stop Following with one session running asks nothing and stops it.
      prompter.pick = () => assert.fail('one running session: nothing to pick');
      await run(table, 'alluxioDl.stopFollowing', NO_TARGET);
      assert.equal(session.follower, undefined);
      // A dismissed picker follows nothing.
      prompter.pick = () => undefined;
      assert.equal(await run(table, 'alluxioDl.followLogs', NO_TARGET), undefined);
      // Options from another command are a job too.
      const again = (await run(
        table,
        'alluxioDl.followLogs',
        withOptions({ namespace: 'default', kind: 'TFJob', name: TRAINING_JOB }),
      )) as FollowSession;
      assert.equal(again.job.name, TRAINING_JOB);
    } finally {
      curves.dispose();
      logs.dispose();
      fs.rmSync(storageDir, { recursive: true, force: true });
    }
  });
});
