import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parseKubeconfig, readKubeconfigText } from '../kubeconfig';

/**
 * Loads kubeconfig files merged as kubectl does: the first file that defines a cluster, user or
 * context name wins (client-node's mergeConfig throws on duplicates instead), and the first file
 * that sets current-context wins. Relative certificate paths resolve against their own file.
 * Nothing is written back: the context choice lives in the extension's state. Each file is read
 * within the kubeconfig limits first (size, alias expansion), so a hostile one costs bounded time.
 */
export function loadMergedKubeConfig(files: string[], context: string): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let current = '';
  for (const file of files) {
    const text = readKubeconfigText(file);
    parseKubeconfig(file, text);
    const one = new KubeConfig();
    one.loadFromString(text);
    one.makePathsAbsolute(path.dirname(file));
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!current && one.getCurrentContext()) current = one.getCurrentContext();
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext: context || current,
  });
  return kc;
}
