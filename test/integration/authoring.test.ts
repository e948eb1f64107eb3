import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import * as vscode from 'vscode';
import { newAlluxioConfig, newHdfsValues, newTrainingImage, newTrainingJob } from '../../src/commands/authoring';
import type { CommandTarget } from '../../src/core/command-target';
import { WizardScript } from '../doubles/wizard-script';
import { Config } from '../../src/platform/config';
import { seedConfigYaml } from '../unit/authoring/seed';
import { diagnosticsWhen, open, tempFolders } from './editor-helpers';

suite('authoring', () => {
  const folders = tempFolders('alluxio-dl-authoring-');
  let dir = '';
  suiteSetup(() => (dir = folders.make()));
  const seed = seedConfigYaml();

  test("a list jvmOptions in the seed's chart: one error at the key, a quick fix, then no diagnostics", async () => {
    const doc = await open(
      dir,
      'config.yaml',
      seed.replace('worker:\n    jvmOptions: " -Xmx4G "', 'worker:\n    jvmOptions:\n      - -Xmx4G'),
    );
    const [d] = await diagnosticsWhen(doc.uri, (x) => x.length === 1, 'one diagnostic');
    assert.equal(d.message, 'worker.jvmOptions must be a string in chart 0.5.x; 0.5.9 and later take a list.');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.character], [11, 4, 14]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Convert jvmOptions to one string (chart 0.5.x)');
    assert.ok(fix?.edit, `quick fix offered; got ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await diagnosticsWhen(doc.uri, (x) => x.length === 0, 'no diagnostics after the fix');
    assert.match(doc.getText(), /worker:\n {4}jvmOptions: " -Xmx4G "\n/);
  });

  test('the seed config.yaml itself has no diagnostics; a typo gets one, with the nearest key', async () => {
    const doc = await open(dir, 'seed-config.yaml', seed);
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('tieredstore:');
    edit.replace(
      doc.uri,
      new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'tieredstore'.length)),
      'tieredStore',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const [d] = await diagnosticsWhen(doc.uri, (x) => x.length === 1, 'the typo error');
    assert.match(d.message, /did you mean "tieredstore"/);
    // A near miss of a known key is an error: the chart would silently ignore the whole section.
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    await vscode.commands.executeCommand('undo');
    await diagnosticsWhen(doc.uri, (x) => x.length === 0, 'the seed config without diagnostics');
  });

  test('completion: tier keys for the flavour, section snippets, property keys', async () => {
    const doc = await open(
      dir,
      'complete.yaml',
      '# yaml-language-server: $schema=alluxio-2.2-alibaba\nproperties:\n  alluxio.user.file.w\ntieredstore:\n  levels:\n  - level: 0\n    \n',
    );
    const tier = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(6, 4),
    );
    const labels = tier.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('alias') && labels.includes('quota'), labels.join(','));
    assert.ok(!labels.includes('mediumtype'));
    const props = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(2, 21),
    );
    const wt = props.items.find((i) => i.label === 'alluxio.user.file.writetype.default');
    assert.ok(wt, 'writetype property offered');
    assert.match((wt.insertText as vscode.SnippetString).value, /MUST_CACHE/);
    const top = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(7, 0),
    );
    const fuse = top.items.find((i) => i.label === 'fuse');
    assert.ok(fuse && fuse.kind === vscode.CompletionItemKind.Module, 'fuse section snippet');
  });

  test('whole-file snippets are offered where a file starts a top-level key, never at a value or in a list item', async () => {
    const doc = await open(dir, 'snippets.yaml', 'tieredstore:\n  levels:\n  - alias: MEM\n    quota: \n\n');
    const labelsAt = async (line: number, character: number) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(line, character),
      );
      return list.items
        .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
        .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const top = await labelsAt(4, 0);
    for (const prefix of ['alluxio-config', 'alluxio-config-2.9', 'hdfs-values', 'tfjob'])
      assert.ok(top.includes(prefix), `${prefix} offered at the top level: ${top.join(', ')}`);
    for (const [line, character, where] of [
      [3, 11, 'a value'],
      [2, 4, 'a list item'],
      [1, 2, 'a nested key'],
    ] as const) {
      const offered = await labelsAt(line, character);
      assert.ok(
        !offered.includes('alluxio-config') && !offered.includes('tfjob'),
        `at ${where}: ${offered.join(', ')}`,
      );
    }
  });

  test('completion keeps working while a half-typed key breaks the YAML (content-detected file)', async () => {
    const doc = await open(dir, 'typing-config.yaml', seed);
    // Recognised while valid (no modeline: by content)...
    await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      doc.positionAt(doc.getText().indexOf('quota') + 1),
    );
    // ...then a key without its colon makes the text invalid YAML.
    const at = doc.positionAt(doc.getText().indexOf('    alluxio.master.journal.folder'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, at, '    alluxio.user.file.re\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(at.line, 24),
    );
    assert.ok(
      list.items.some((i) => i.label === 'alluxio.user.file.readtype.default'),
      list.items
        .map((i) => String(i.label))
        .slice(0, 10)
        .join(','),
    );
    const [d] = await diagnosticsWhen(doc.uri, (x) => x.length === 1, 'the syntax error');
    assert.match(d.message, /^YAML syntax error/);
  });

  test('hover: description and default', async () => {
    const doc = await open(dir, 'hover-config.yaml', seed);
    const pos = doc.positionAt(doc.getText().indexOf('quota') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Capacity of the tier/);
    const p = doc.positionAt(doc.getText().indexOf('alluxio.user.file.writetype.default') + 5);
    const ph = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, p);
    assert.match(
      ph.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'),
      /Default: `ASYNC_THROUGH`/,
    );
  });

  test('a config.yaml of another tool gets nothing from us', async () => {
    const doc = await open(
      dir,
      'other-config.yaml',
      'server:\n  port: 8080\nmaster: {url: x}\nworker:\n  jvmOptions: [a]\n',
    );
    const items = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(1, 2),
    );
    // Our snippets (kind Snippet) are offered in every YAML file; the schema-driven items are not.
    const ours = items.items.filter(
      (i) => i.kind !== vscode.CompletionItemKind.Snippet && String(i.detail ?? '').includes('Alluxio'),
    );
    assert.deepEqual(
      ours.map((i) => i.label),
      [],
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(3, 2),
    );
    assert.ok(!hovers.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('worker'))));
    // A syntax error makes our checker speak only for files that look like ours.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), 'a: [\n');
    await vscode.workspace.applyEdit(edit);
    const marker = await open(dir, 'marker.yaml', '# yaml-language-server: $schema=hdfs\ntags:\n  ha: 3\n');
    await diagnosticsWhen(marker.uri, (x) => x.length === 1, 'the marker diagnostic');
    assert.deepEqual(
      vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Alluxio DL'),
      [],
    );
  });

  test('the alluxioDl.schemas glob setting gives a schema to a file content detection leaves alone', async () => {
    mkdirSync(join(dir, 'forced'), { recursive: true });
    const doc = await open(join(dir, 'forced'), 'values.yaml', 'worker:\n  jvmOptions:\n    - -Xmx4G\n');
    const marker = await open(dir, 'marker2.yaml', '# yaml-language-server: $schema=hdfs\ntags:\n  ha: 3\n');
    await diagnosticsWhen(marker.uri, (x) => x.length === 1, 'the marker diagnostic');
    assert.deepEqual(
      vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Alluxio DL'),
      [],
    );
    const config = vscode.workspace.getConfiguration('alluxioDl');
    await config.update('schemas', { '**/forced/*.yaml': 'alluxio-2.2' }, vscode.ConfigurationTarget.Global);
    try {
      const [d] = await diagnosticsWhen(
        doc.uri,
        (x) => x.length === 1,
        'the jvmOptions error once the setting names alluxio-2.2',
      );
      assert.equal(d.message, 'worker.jvmOptions must be a string in chart 0.5.x; 0.5.9 and later take a list.');
    } finally {
      await config.update('schemas', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsWhen(doc.uri, (x) => x.length === 0, 'no diagnostics once the setting is removed');
  });

  test('Dockerfile: a missing entry point is reported', async () => {
    const doc = await open(
      dir,
      'Dockerfile',
      'FROM docker.io/pytorch/pytorch:1.4-cuda10.1-cudnn7-devel\nADD mnist.py /\n',
    );
    const [d] = await diagnosticsWhen(doc.uri, (x) => x.length >= 1, 'a Dockerfile diagnostic');
    assert.match(d.message, /No CMD or ENTRYPOINT|not in the build context/);
  });
});

/** The target a generator gets when run on a folder in the file explorer. */
const at = (dir: vscode.Uri): CommandTarget => ({ type: 'file', path: dir.fsPath });

suite('authoring generators', () => {
  const log = vscode.window.createOutputChannel('Alluxio DL test', { log: true });
  const deps = { log, config: new Config() };
  const folders = tempFolders('alluxio-dl-gen-');
  const folder = () => vscode.Uri.file(folders.make());

  test("New Alluxio config.yaml with the seed's answers writes the seed's config.yaml; the cluster's namenode is offered first", async () => {
    const dir = folder();
    const p = new WizardScript({
      '1/7 chart': 'alluxio-2.2-alibaba',
      '2/7 HDFS root': 'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020',
      '3/7 cache medium': 'MEM',
      '4/7 cache quota': '20GB',
      '5/7 node selector': 'dataset=mnist',
      '6/7 image': 'registry.cn-huhehaote.aliyuncs.com/alluxio/alluxio:2.2.0-SNAPSHOT-b2c7e50',
      '7/7 FUSE': 'direct_io',
    });
    const offers = async () => ({
      namenodes: [{ name: 'hdfs-namenode', namespace: 'default', port: 8020, pods: ['hdfs-namenode-0'] }],
      nodeLabels: [{ dataset: 'mnist', 'kubernetes.io/hostname': 'n1' }],
    });
    const [uri] = await newAlluxioConfig({ ...deps, clusterOffers: offers }, p, at(dir));
    const written = readFileSync(uri.fsPath, 'utf8');
    assert.match(written, /^# yaml-language-server: \$schema=alluxio-2\.2-alibaba\n/);
    assert.deepEqual(load(written), load(seedConfigYaml()), "the seed's values, consistently indented");
    // Every prompt has its own step number, 1..N of N.
    assert.deepEqual(
      p.asked.map((s) => s.split(' ')[0]),
      p.asked.map((_, i) => `${i + 1}/${p.asked.length}`),
    );
    assert.deepEqual(p.offered.get('2/7 HDFS root'), [
      'hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020',
    ]);
    assert.equal(p.offered.get('5/7 node selector')?.[0], 'dataset=mnist');
    assert.equal(
      p.offered.get('5/7 node selector')?.filter((l) => l === 'dataset=mnist').length,
      1,
      'dataset=mnist offered once, though the cluster has it',
    );
    await diagnosticsWhen(uri, (x) => x.length === 0, 'no diagnostics on the generated file');
  });

  test('generators never overwrite without asking: skip keeps the file, cancel stops', async () => {
    const dir = folder();
    const answers = {
      '1/2 base image': 'docker.io/pytorch/pytorch:1.4-cuda10.1-cudnn7-devel',
      '2/2 script': 'mnist.py',
    };
    const first = await newTrainingImage(deps, new WizardScript(answers), at(dir));
    assert.deepEqual(first.map((u) => u.path.split('/').pop()).sort(), ['Dockerfile', 'mnist.py']);
    writeFileSync(join(dir.fsPath, 'Dockerfile'), 'FROM mine:1\nCMD ["true"]\n');
    const skip = new WizardScript(answers, 'skip');
    assert.deepEqual(await newTrainingImage(deps, skip, at(dir)), []);
    assert.deepEqual(skip.overwriteAsked, ['Dockerfile', 'mnist.py']);
    assert.equal(readFileSync(join(dir.fsPath, 'Dockerfile'), 'utf8'), 'FROM mine:1\nCMD ["true"]\n');
    await assert.rejects(
      newTrainingImage(deps, new WizardScript(answers, 'cancel'), at(dir)),
      vscode.CancellationError,
    );
    const replace = await newTrainingImage(deps, new WizardScript(answers, 'replace'), at(dir));
    assert.equal(replace.length, 2);
    assert.match(
      readFileSync(join(dir.fsPath, 'Dockerfile'), 'utf8'),
      /^FROM docker\.io\/pytorch\/pytorch:1\.4-cuda10\.1-cudnn7-devel\n/,
    );
  });

  test('New Training Job and New HDFS values write files that validate clean', async () => {
    const dir = folder();
    const [job] = await newTrainingJob(
      deps,
      new WizardScript({
        '1/6 kind': 'PyTorchJob',
        '2/6 name': 'mnist-torch',
        '3/6 image': 'repo/mnist:1',
        '4/6 GPUs': '0',
        '5/6 node selector': 'dataset=mnist',
        '6/6 data': '/alluxio-fuse/data:/data',
      }),
      at(dir),
    );
    assert.ok(job.path.endsWith('/mnist-torch.yaml'));
    const [values] = await newHdfsValues(
      deps,
      new WizardScript({
        '1/2 mode': 'simple',
        '2/2 namenode node label': 'hdfs-namenode-selector=hdfs-namenode-0',
      }),
      at(dir),
    );
    for (const uri of [job, values]) {
      await vscode.window.showTextDocument(uri);
      await diagnosticsWhen(uri, (x) => x.length === 0, `no diagnostics on ${uri.path}`);
      assert.match(readFileSync(uri.fsPath, 'utf8'), /^# yaml-language-server: \$schema=(pytorchjob|hdfs)\n/);
    }
  });
});
