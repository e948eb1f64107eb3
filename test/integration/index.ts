/**
 * The integration tests' entry, loaded by the extension host: exports run() as @vscode/test-electron
 * expects, so the same suite runs in code-server (test/harness) and in VS Code desktop.
 * The run fails when the extension does not activate.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'alluxio-dl.alluxio-dl';

/**
 * The suites on the real data plane go first, on the sandbox as it starts: after the apply, chart-repair
 * and carried-forward suites (which install releases and use the sandbox's PVs) they failed in a full
 * run while passing on their own. The cause is not yet found; this order is what was seen to pass.
 */
const FIRST = ['data-views.test.js', 'data-warmup.test.js', 'dataplane.test.js'];
const first = (f: string) => (FIRST.includes(f) ? FIRST.indexOf(f) : FIRST.length);

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this extension host`);
  await ext.activate(); // throws (and fails the run) when activate() throws

  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ALLUXIO_DL_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort((a, b) => first(a) - first(b) || a.localeCompare(b))) {
    mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
