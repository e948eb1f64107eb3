/**
 * `npm run test:electron`: the same integration suite under @vscode/test-electron, in VS Code desktop,
 * wherever it can be downloaded (not on our offline machines: there this fails with the download
 * error). Starts the sandbox cluster first, as the code-server run does.
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { withSandbox } from './sandbox';

const REPO = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  await withSandbox(REPO, async ({ env, workspace }) => {
    await runTests({
      version: process.env.ALLUXIO_DL_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(REPO, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: env,
    });
  });
}

main().then(
  () => console.log('\nSUMMARY: electron integration => PASS'),
  (err) => {
    console.error(`\nSUMMARY: electron integration => FAIL: ${(err as Error).message}`);
    process.exit(1);
  },
);
