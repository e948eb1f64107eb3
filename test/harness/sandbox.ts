/**
 * Starts the sandbox cluster (test/sandbox) with the PyTorch-on-HDFS guide's workload preloaded, serves its control
 * endpoint, and hands the editor tests what they need through the environment:
 *   KUBECONFIG            the sandbox's admin kubeconfig (context alluxio-dl-sandbox)
 *   ALLUXIO_DL_SANDBOX    path of sandbox.json (kubeconfigs, kubectl, helm, control URL)
 *   PATH                  with the sandbox's kubectl and helm first
 * plus a fresh workspace folder for the editor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serveControl, startSandbox, writeInfo } from '../sandbox/index';

export interface SandboxEnv {
  env: Record<string, string>;
  workspace: string;
}

export async function withSandbox<T>(
  repo: string,
  work: (s: SandboxEnv & { helm: string; kubectl: string }) => Promise<T>,
  opts: { preload?: boolean } = {},
): Promise<T> {
  const started = Date.now();
  const sb = await startSandbox({
    preload: opts.preload ?? true,
    hdfs: true,
    // the real data plane (Alluxio, FUSE, PyTorch runs, arena) for test/integration/dataplane.test.ts
    training: true,
    arena: true,
    trainingNamespace: 'adl-dataplane',
    name: 'test',
    onProgress: (m) => console.log(`[sandbox] ${m}`),
  });
  const control = await serveControl(sb);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-ws-'));
  try {
    writeInfo(sb, { control: control.url });
    console.log(`[sandbox] ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${sb.server}`);
    const env = {
      KUBECONFIG: sb.kubeconfig,
      PATH: sb.env.PATH,
      HOME: process.env.HOME ?? os.homedir(),
      ALLUXIO_DL_SANDBOX: path.join(sb.dir, 'sandbox.json'),
      ALLUXIO_DL_REPO: repo,
    };
    return await work({ env, workspace, helm: sb.helm, kubectl: sb.kubectl });
  } finally {
    await control.close();
    await sb.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
