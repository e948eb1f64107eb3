// KWOK in the sandbox: the fake nodes, the kwok controller process (with its kubelet-like server on
// 127.0.0.1:<port>, which the apiserver reaches through each node's InternalIP and daemonEndpoints port
// for logs/exec/port-forward), kwok's CRDs, and the RBAC of the restricted user.
//
// Exec / port-forward hooks: kwok runs with --enable-crds including Exec, ClusterExec, PortForward and
// ClusterPortForward, so a test adds one by applying a resource, e.g.
//   apiVersion: kwok.x-k8s.io/v1alpha1
//   kind: ClusterPortForward            # or PortForward (namespaced, metadata.name = the pod's name)
//   metadata: { name: alluxio-master-web }
//   spec:
//     selector: { matchNamespaces: [default], matchNames: [alluxio-master-0] }
//     forwards: [{ ports: [19999], target: { address: 127.0.0.1, port: <your local server's port> } }]
//   ---
//   kind: ClusterExec                   # or Exec
//   spec:
//     selector: { matchNames: [hdfs-client-xxx] }
//     execs: [{ local: { workDir: /tmp, envs: [{ name: K, value: V }] } }]   # runs the requested command locally
// and waits a moment for kwok's informer (poll `kubectl port-forward`/`exec` until it works).
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { Api } from './client';
import { BinaryPaths } from './paths';
import { Pki, VIEWER_USER } from './pki';
import { Component, isPortClash, freePort, waitFor } from './proc';

export const KWOK_CRDS = [
  'Attach',
  'ClusterAttach',
  'Exec',
  'ClusterExec',
  'Logs',
  'ClusterLogs',
  'PortForward',
  'ClusterPortForward',
];

/** The PyTorch-on-HDFS guide's cluster shape: two GPU nodes for the cache/training (dataset=mnist), one for the HDFS namenode. */
export const NODES = [
  { name: 'kwok-gpu-0', labels: { dataset: 'mnist' }, gpu: 1 },
  { name: 'kwok-gpu-1', labels: { dataset: 'mnist' }, gpu: 1 },
  { name: 'kwok-hdfs-0', labels: { 'hdfs-namenode-selector': 'hdfs-namenode-0' }, gpu: 0 },
];

export function nodeObjects(): object[] {
  return NODES.map((n) => {
    const capacity: Record<string, string> = { cpu: '32', memory: '128Gi', pods: '110', 'ephemeral-storage': '500Gi' };
    if (n.gpu) capacity['nvidia.com/gpu'] = String(n.gpu);
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
        labels: {
          ...n.labels,
          'kubernetes.io/hostname': n.name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          type: 'kwok',
        },
      },
      status: { capacity, allocatable: capacity },
    };
  });
}

/** Role for the restricted user: pods (and their logs) only, across namespaces. */
export function viewerRbac(): object[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'alluxio-dl-pod-viewer' },
      rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'alluxio-dl-pod-viewer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'alluxio-dl-pod-viewer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: VIEWER_USER }],
    },
  ];
}

/** kwok's CRDs, parsed from the manifests copied from the kwok module at build time. */
export function kwokCrds(bins: BinaryPaths): { metadata: { name: string } }[] {
  const dir = path.join(bins.kwokManifests, 'crds');
  type Crd = { metadata: { name: string }; spec: { names: { kind: string } } };
  const all = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as Crd[]);
  return all.filter((c) => c && KWOK_CRDS.includes(c.spec.names.kind)); // only the kinds kwok runs with
}

/** REST collection path of the few cluster-scoped kinds the sandbox creates itself. */
const COLLECTIONS: Record<string, string> = {
  CustomResourceDefinition: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  Node: '/api/v1/nodes',
  ClusterRole: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  ClusterRoleBinding: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  ClusterLogs: '/apis/kwok.x-k8s.io/v1alpha1/clusterlogs',
};

/** Creates the objects directly through the API (faster than kubectl at startup). */
export async function createAll(api: Api, objs: object[]): Promise<void> {
  await Promise.all(
    objs.map((o) => {
      const kind = (o as { kind: string }).kind;
      return api.json('POST', COLLECTIONS[kind] ?? `/unknown-kind/${kind}`, o);
    }),
  );
}

/** Resolves when every CRD named is Established. */
export async function waitEstablished(api: Api, names: string[], alive: Component[]): Promise<void> {
  await waitFor(
    'kwok CRDs Established',
    async () => {
      const list = await api.json<{
        items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
      }>('GET', COLLECTIONS.CustomResourceDefinition);
      const ok = new Set(
        list.items
          .filter((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True'))
          .map((c) => c.metadata.name),
      );
      return names.every((n) => ok.has(n));
    },
    { timeoutMs: 60_000, intervalMs: 50, alive },
  );
}

/** The --config file: the default fast node/pod stages + heartbeat with leases (what kwokctl uses). */
export function writeKwokConfig(bins: BinaryPaths, dir: string): string {
  const stageDir = path.join(bins.kwokManifests, 'stages');
  const docs = fs
    .readdirSync(stageDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => fs.readFileSync(path.join(stageDir, f), 'utf8'));
  const file = path.join(dir, 'kwok.yaml');
  fs.writeFileSync(file, docs.join('\n---\n'));
  return file;
}

/**
 * `pathFirst`: a folder put first on kwok's PATH. kwok resolves a local exec's command on its own PATH
 * (Go's exec.Command), so the sandbox's `hdfs` launcher (test/sandbox/hdfs, option `hdfs`) goes there.
 */
export async function startKwok(
  bins: BinaryPaths,
  dir: string,
  pki: Pki,
  kubeconfig: string,
  pathFirst?: string,
): Promise<{ c: Component; port: number }> {
  const config = writeKwokConfig(bins, dir);
  const env = pathFirst
    ? { ...process.env, PATH: [pathFirst, process.env.PATH ?? ''].join(path.delimiter) }
    : process.env;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const c = new Component(
      'kwok',
      bins.kwok,
      [
        `--kubeconfig=${kubeconfig}`,
        `--config=${config}`,
        '--manage-all-nodes=true',
        `--tls-cert-file=${pki.kwokCert}`,
        `--tls-private-key-file=${pki.kwokKey}`,
        '--node-ip=127.0.0.1',
        '--node-name=localhost',
        `--node-port=${port}`,
        `--server-address=127.0.0.1:${port}`,
        '--node-lease-duration-seconds=40',
        // Faults: a node or pod annotated so keeps the status a test writes (NotReady, CrashLoopBackOff).
        `--disregard-status-with-annotation-selector=${CUSTOM_STATUS_ANNOTATION}=true`,
        `--enable-crds=${KWOK_CRDS.join(',')}`,
      ],
      path.join(dir, 'logs', 'kwok.log'),
      env,
    );
    try {
      await waitFor('kwok server to listen', () => tlsHealthz(port), { timeoutMs: 30_000, alive: [c] });
      return { c, port };
    } catch (e) {
      await c.stop(1000);
      if (attempt < 4 && isPortClash(c.logText())) continue;
      throw e;
    }
  }
}

/** Annotation (value "true") that makes kwok leave an object's status to the test (fault tests). */
export const CUSTOM_STATUS_ANNOTATION = 'alluxio-dl.test/custom-status';

function tlsHealthz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(
      { host: '127.0.0.1', port, path: '/healthz', rejectUnauthorized: false, timeout: 2000 },
      (res) => {
        res.resume();
        resolve((res.statusCode ?? 500) < 500);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}
