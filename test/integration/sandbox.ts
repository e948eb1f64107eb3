/**
 * The sandbox cluster as the integration tests see it from inside the extension host: the JSON the
 * harness writes (ALLUXIO_DL_SANDBOX → sandbox.json), the real kubectl, and the control server
 * (apiserver restart, log appends). Without it the tests fail with a message, never skip.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type { SandboxInfo } from '../sandbox/info';

export type { SandboxInfo };

export function sandboxInfo(): SandboxInfo {
  const file = process.env.ALLUXIO_DL_SANDBOX;
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `integration tests need the sandbox cluster: ALLUXIO_DL_SANDBOX is ${file ? `${file}, which does not exist` : 'not set'} (run them with npm run test:integration)`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxInfo;
}

/** Runs the sandbox's kubectl as its admin user; rejects with kubectl's stderr. */
export function kubectl(sb: SandboxInfo, args: string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      sb.kubectl,
      args,
      { env: { ...process.env, KUBECONFIG: sb.kubeconfig } },
      (err, stdout, stderr) =>
        err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout),
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

/** POSTs to the sandbox's control server (e.g. /restart-apiserver, /append?file=...). */
export async function control(sb: SandboxInfo, route: string, body?: string): Promise<void> {
  const res = await fetch(`${sb.control}${route}`, { method: 'POST', body });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
}
