/**
 * Restricted mode: every command that runs a tool (the table's `runsTools`) is refused in an untrusted
 * workspace, with a message saying why and what to do, and no tool starts. The harness puts spies for
 * helm, kubectl, docker, podman, buildah and arena first on PATH (and alluxioDl.helmPath in the user
 * settings): a call to any of them is written to ALLUXIO_DL_SPY_LOG.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { applyCommands, type ApplyDeps } from '../../../src/commands/apply';

suite('untrusted workspace', function () {
  this.timeout(60_000);
  const spyLog = process.env.ALLUXIO_DL_SPY_LOG ?? '';

  test('the window is in restricted mode and the spies are in place', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the harness opened an untrusted folder');
    assert.ok(spyLog, 'ALLUXIO_DL_SPY_LOG is set by the harness');
    assert.ok(
      !fs.existsSync(spyLog),
      `no tool ran before the tests: ${fs.existsSync(spyLog) ? fs.readFileSync(spyLog, 'utf8') : ''}`,
    );
  });

  // The command table is built from the same factory activate() uses; its deps are not needed to read it.
  const table = applyCommands({} as ApplyDeps);
  const toolCommands = Object.entries(table)
    .filter(([, spec]) => spec.runsTools)
    .map(([id]) => id);

  test('the table names the commands that run tools, and the extension registered them', async () => {
    assert.ok(toolCommands.length >= 7, `runsTools commands: ${toolCommands.join(', ')}`);
    const registered = await vscode.commands.getCommands(true);
    for (const id of toolCommands) assert.ok(registered.includes(id), `${id} is registered`);
  });

  // The extension and its tests share one API object: the refusals' warnings are recorded here.
  const warnings: string[] = [];
  suiteSetup(() => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string) => {
      warnings.push(message);
      return Promise.resolve(undefined);
    };
  });

  for (const id of toolCommands) {
    test(`${id} is refused and runs no tool`, async () => {
      // Arguments that would go straight to helm/builders/arena without asking, where the command takes them.
      const args = {
        release: 'alluxio',
        namespace: 'default',
        chart: '/nonexistent',
        valuesFile: '/nonexistent.yaml',
        useArena: true,
        file: '/nonexistent-job.yaml',
      };
      const before = warnings.length;
      const result = await vscode.commands.executeCommand(id, args);
      assert.match(
        warnings.slice(before).join('\n'),
        new RegExp(
          `"${id.replace('.', '\\.')}" runs external programs .* disabled in an untrusted workspace\\. Trust this workspace`,
        ),
      );
      assert.equal(result, undefined, `${id} returned ${JSON.stringify(result)}`);
      assert.ok(
        !fs.existsSync(spyLog),
        `${id} ran a tool in an untrusted workspace: ${fs.existsSync(spyLog) ? fs.readFileSync(spyLog, 'utf8') : ''}`,
      );
    });
  }
});
