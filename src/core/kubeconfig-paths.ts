import * as path from 'node:path';

/**
 * The kubeconfig files kubectl would read, in order: the `alluxioDl.kubeconfig` setting when set,
 * else every entry of KUBECONFIG (path-list separated), else ~/.kube/config.
 */
export function kubeconfigCandidates(setting: string, env: NodeJS.ProcessEnv, home: string): string[] {
  if (setting) return [setting];
  const list = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p.length > 0);
  if (list.length > 0) return list;
  return [path.join(home, '.kube', 'config')];
}
