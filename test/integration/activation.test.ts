import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './index';

suite('activation', () => {
  test('the extension is active and its commands are registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, 'extension should be active');
    const commands = await vscode.commands.getCommands(true);
    const contributed: { command: string }[] = ext.packageJSON.contributes.commands;
    const missing = contributed.map((c) => c.command).filter((id) => !commands.includes(id));
    assert.deepEqual(missing, [], 'every contributed command has a handler');
  });
});
