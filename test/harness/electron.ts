/**
 * `npm run test:electron`: the same integration suite under @vscode/test-electron, in VS Code desktop,
 * wherever it can be downloaded (not on our offline machines: there this fails at once with the
 * download error). Downloads VS Code first, then starts the sandbox cluster, as the code-server run does.
 */
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { withSandbox } from './sandbox';

const REPO = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const version = process.env.ALLUXIO_DL_VSCODE_VERSION ?? 'stable';
  const vscodeExecutablePath = await downloadAndUnzipVSCode(version).catch((err: Error) => {
    throw new Error(
      `could not download VS Code ${version} (${err.message}); offline, use npm run test:integration (code-server)`,
    );
  });
  await withSandbox(REPO, async ({ env, workspace }) => {
    await runTests({
      vscodeExecutablePath,
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
