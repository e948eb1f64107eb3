/**
 * `npm run demo`: the extension in a real VS Code (code-server on 127.0.0.1) against a local sandbox
 * cluster holding HDFS, Alluxio and a training job (the PyTorch-on-HDFS guide's workload, installed by real helm).
 * Prints the URL to open in a browser; Ctrl+C stops everything.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, ensureNode24, node24Binary } from './cache';
import { startCodeServer } from './code-server';
import { withSandbox } from './sandbox';

const REPO = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const nodeDir = await ensureNode24();
  const entry = await ensureCodeServer(nodeDir);
  await withSandbox(REPO, async ({ env, workspace }) => {
    const server = await startCodeServer({ node: node24Binary(nodeDir), entry, workspace, env });
    const payload = [['extensionDevelopmentPath', `vscode-remote://${server.authority}${REPO}`]];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(
      `\nAlluxio DL demo is running.\n  Open: ${url}\n  Cluster: KUBECONFIG=${env.KUBECONFIG}\n  Workspace: ${workspace}\nPress Ctrl+C to stop.\n`,
    );
    fs.writeFileSync(
      path.join(workspace, 'README-demo.md'),
      `Open the Alluxio DL view in the activity bar.\nKUBECONFIG=${env.KUBECONFIG}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log('stopping…');
    await server.stop();
  });
}

main().catch((err) => {
  console.error(`demo failed: ${(err as Error).message}`);
  process.exit(1);
});
