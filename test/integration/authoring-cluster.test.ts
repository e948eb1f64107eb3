/**
 * Authoring checks that need the cluster, against the sandbox (the PyTorch-on-HDFS guide's HDFS release, nodes labelled
 * dataset=mnist): a root UFS that points at no namenode and a nodeSelector that matches no node.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedConfigYaml } from '../unit/authoring/seed';
import { diagnosticsWhen, open, tempFolders } from './editor-helpers';

const SEED_UFS = 'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020';

suite('authoring with the cluster', () => {
  const folders = tempFolders('alluxio-dl-authoring-cluster-');
  let dir = '';
  suiteSetup(() => (dir = folders.make()));

  test('a root UFS naming no namenode service gets a warning offering the one in the cluster', async () => {
    const text = seedConfigYaml().replace(SEED_UFS, 'hdfs://namenode.storage.svc.cluster.local:8020');
    const doc = await open(dir, 'wrong-ufs.yaml', text);
    const [d] = await diagnosticsWhen(
      doc.uri,
      (x) => x.some((y) => /points at no HDFS namenode/.test(y.message)),
      'the root UFS warning',
    );
    const warning =
      vscode.languages.getDiagnostics(doc.uri).find((y) => /points at no HDFS namenode/.test(y.message)) ?? d;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning.message, new RegExp(`found ${SEED_UFS.replace(/\./g, '\\.')}`));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      warning.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === `Use ${SEED_UFS}`);
    assert.ok(fix?.edit, `fix offered; got ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await diagnosticsWhen(
      doc.uri,
      (x) => !x.some((y) => /namenode/.test(y.message)),
      'no root UFS warning after the fix',
    );
  });

  test("the seed's nodeSelector matches the sandbox's dataset nodes; another dataset matches none", async () => {
    const seed = await open(dir, 'seed.yaml', seedConfigYaml());
    await diagnosticsWhen(seed.uri, (x) => x.length === 0, 'the seed clean against the cluster');
    const doc = await open(dir, 'cifar.yaml', seedConfigYaml().replace('dataset: mnist', 'dataset: cifar'));
    const found = await diagnosticsWhen(
      doc.uri,
      (x) => x.some((y) => /matches no node/.test(y.message)),
      'the nodeSelector warning',
    );
    assert.match(
      found.find((y) => /matches no node/.test(y.message))!.message,
      /nodeSelector matches no node in the cluster \(dataset=cifar\)/,
    );
  });
});
