import * as path from 'node:path';
import type { KubeModule } from './cluster-client';
import type { KubeLogModule } from './log-stream/types';

/**
 * Loads dist/k8s.js (src/k8s/kube, with @kubernetes/client-node) on first cluster use: it is a
 * separate bundle so that activation does not pay for it. Node's require cache keeps it loaded.
 * `dir` is where the bundle lives: dist/ for the extension (this file is bundled into
 * dist/extension.js); tests and benchmarks pass their own.
 */
export function loadKubeModule(dir: string = __dirname): KubeModule & KubeLogModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dir, 'k8s.js'));
}
