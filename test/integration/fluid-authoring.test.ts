/**
 * Fluid authoring against the sandbox with Fluid's CRDs installed (no Fluid controllers): Convert to
 * Fluid on the guide's config.yaml in the real editor, the diagnostics on what it writes, and the real
 * API server's verdict (server-side dry run against the CRDs' own schemas) on the same files.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { convertToFluid } from '../../src/commands/authoring-fluid';
import { WizardScript } from '../doubles/wizard-script';
import { Config } from '../../src/platform/config';
import { fixturesDir } from '../fixtures/shared';
import { seedConfigYaml } from '../unit/authoring/seed';
import { diagnosticsWhen, open, tempFolders } from './editor-helpers';
import { kubectl, sandboxInfo, type SandboxInfo } from './sandbox';

const CRDS = ['datasets', 'alluxioruntimes', 'dataloads'].map((k) => `data.fluid.io_${k}.yaml`);

suite('Fluid authoring with the Fluid CRDs', () => {
  const folders = tempFolders('alluxio-dl-fluid-');
  const deps = { log: vscode.window.createOutputChannel('Alluxio DL Fluid test', { log: true }), config: new Config() };
  let sb: SandboxInfo;
  let dir = '';

  suiteSetup(async function () {
    this.timeout(120_000);
    sb = sandboxInfo();
    dir = folders.make();
    for (const f of CRDS) await kubectl(sb, ['apply', '--server-side', '-f', join(fixturesDir(), 'fluid-crds', f)]);
    await kubectl(sb, [
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      ...CRDS.map((f) => `crd/${f.replace(/^data\.fluid\.io_(\w+)\.yaml$/, '$1.data.fluid.io')}`),
    ]);
  });

  suiteTeardown(async () => {
    if (sb)
      for (const f of CRDS)
        await kubectl(sb, ['delete', '--ignore-not-found', '-f', join(fixturesDir(), 'fluid-crds', f)]);
  });

  test("Convert to Fluid on the guide's config.yaml: two clean files the API server accepts", async () => {
    const config = await open(dir, 'config.yaml', seedConfigYaml());
    const { written, notes } = await convertToFluid(
      deps,
      new WizardScript({ '1/2 name': 'mnist', '2/2 workers': '2' }),
      { type: 'file', path: config.uri.fsPath },
    );
    assert.deepEqual(
      written.map((u) => u.path.split('/').pop()),
      ['mnist-dataset.yaml', 'mnist-alluxioruntime.yaml'],
    );
    assert.ok(notes.some((n) => n.kind === 'dropped' && /journal/.test(n.key)));
    for (const uri of written) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await diagnosticsWhen(uri, (d) => d.length === 0, `no diagnostics on ${uri.fsPath}`);
      const out = await kubectl(sb, ['apply', '--dry-run=server', '-f', uri.fsPath]);
      assert.match(out, /created \(server dry run\)/);
    }
  });

  test('a Helm-style tier quota: our diagnostic, and the API server rejects the same field', async () => {
    const runtime = join(dir, 'mnist-alluxioruntime.yaml');
    const bad = readFileSync(runtime, 'utf8').replace('quota: 20Gi', 'quota: 20GB');
    const file = join(dir, 'bad-runtime.yaml');
    writeFileSync(file, bad);
    const doc = await open(dir, 'bad-runtime.yaml', bad);
    const [d] = await diagnosticsWhen(doc.uri, (x) => x.some((y) => /quota/.test(y.message)), 'the quota error');
    assert.match(d.message, /Kubernetes quantity such as 20Gi/);
    await assert.rejects(kubectl(sb, ['apply', '--dry-run=server', '-f', file]), /quota/);
  });

  test("a Dataset mounting a namenode the cluster doesn't have gets a warning offering the sandbox's", async () => {
    const dataset = readFileSync(join(dir, 'mnist-dataset.yaml'), 'utf8').replace(
      'hdfs-namenode-0.hdfs-namenode.default',
      'namenode.storage',
    );
    const doc = await open(dir, 'wrong-dataset.yaml', dataset);
    const found = await diagnosticsWhen(
      doc.uri,
      (x) => x.some((y) => /points at no HDFS namenode/.test(y.message)),
      'the mount warning',
    );
    const warning = found.find((y) => /points at no HDFS namenode/.test(y.message))!;
    assert.match(warning.message, /found hdfs:\/\/hdfs-namenode-0\.hdfs-namenode\.default\.svc\.cluster\.local:8020/);
  });
});
