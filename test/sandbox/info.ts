// The sandbox's description as JSON (served by the control server's /info, written to ${dir}/sandbox.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Sandbox } from './index';

/** The kubeconfig context of the sandbox's kubeconfigs. */
export const CONTEXT = 'alluxio-dl-sandbox';

/** The JSON /info serves and `${dir}/sandbox.json` holds (what the integration tests read). */
export interface SandboxInfo extends Pick<
  Sandbox,
  'dir' | 'kubeconfig' | 'restrictedKubeconfig' | 'server' | 'kubectl' | 'helm' | 'env'
> {
  context: string;
  /** the control server's URL, once it runs */
  control: string;
}

export function sandboxInfo(sb: Sandbox, extra: { control?: string } = {}): Partial<SandboxInfo> {
  return {
    dir: sb.dir,
    kubeconfig: sb.kubeconfig,
    restrictedKubeconfig: sb.restrictedKubeconfig,
    server: sb.server,
    kubectl: sb.kubectl,
    helm: sb.helm,
    env: pickEnv(sb.env),
    context: CONTEXT,
    ...extra,
  };
}

function pickEnv(env: Record<string, string>): Record<string, string> {
  const keys = ['KUBECONFIG', 'PATH', 'HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME'];
  return Object.fromEntries(keys.map((k) => [k, env[k]]));
}

export function writeInfo(sb: Sandbox, extra: { control?: string } = {}): void {
  fs.writeFileSync(path.join(sb.dir, 'sandbox.json'), JSON.stringify(sandboxInfo(sb, extra), null, 2));
}
