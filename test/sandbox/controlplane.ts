// Starts the real control-plane processes of one sandbox on 127.0.0.1 and random ports:
// etcd, kube-apiserver (TLS, client-certificate authn, Node+RBAC authz), kube-controller-manager,
// kube-scheduler. A port clash (another process grabbed the port between probe and bind) restarts
// that component on fresh ports.
import * as http from 'node:http';
import * as path from 'node:path';
import { Api } from './client';
import { BinaryPaths } from './paths';
import { Pki } from './pki';
import { Component, freePort, isPortClash, waitFor } from './proc';

const ATTEMPTS = 4;

/** Start `make(ports)` until it is up (ready() true) or fails for a reason other than a port clash. */
async function startWithPorts(
  name: string,
  nPorts: number,
  make: (ports: number[], attempt: number) => Component,
  ready: (c: Component, ports: number[]) => Promise<boolean>,
  timeoutMs: number,
): Promise<{ c: Component; ports: number[] }> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    while (ports.length < nPorts) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const c = make(ports, attempt);
    try {
      await waitFor(`${name} to be ready`, () => ready(c, ports), { timeoutMs, alive: [c] });
      return { c, ports };
    } catch (e) {
      await c.stop(1000);
      if (attempt < ATTEMPTS && isPortClash(c.logText())) continue;
      throw e;
    }
  }
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

export async function startEtcd(bins: BinaryPaths, dir: string): Promise<{ c: Component; url: string }> {
  const { c, ports } = await startWithPorts(
    'etcd',
    2,
    ([client, peer], attempt) =>
      new Component(
        'etcd',
        bins.etcd,
        [
          '--name=node0',
          `--data-dir=${path.join(dir, `etcd-data-${attempt}`)}`,
          `--listen-client-urls=http://127.0.0.1:${client}`,
          `--advertise-client-urls=http://127.0.0.1:${client}`,
          `--listen-peer-urls=http://127.0.0.1:${peer}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
          `--initial-cluster=node0=http://127.0.0.1:${peer}`,
          '--auto-compaction-retention=1',
          '--quota-backend-bytes=4294967296',
          '--unsafe-no-fsync=true', // a throw-away test store: skip fsync for speed
          '--log-level=warn',
        ],
        path.join(dir, 'logs', 'etcd.log'),
      ),
    (_c, [client]) => httpOk(`http://127.0.0.1:${client}/health`),
    30_000,
  );
  return { c, url: `http://127.0.0.1:${ports[0]}` };
}

export function apiserverArgs(pki: Pki, etcdUrl: string, port: number): string[] {
  return [
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--tls-cert-file=${pki.apiserverCert}`,
    `--tls-private-key-file=${pki.apiserverKey}`,
    `--client-ca-file=${pki.ca}`,
    `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--service-cluster-ip-range=10.96.0.0/12',
    '--authorization-mode=Node,RBAC',
    '--allow-privileged=true',
    // The "kubelet" is KWOK's server: the node's InternalIP (127.0.0.1) and daemonEndpoints port.
    '--kubelet-preferred-address-types=InternalIP',
    `--kubelet-client-certificate=${pki.adminCert}`,
    `--kubelet-client-key=${pki.adminKey}`,
    `--proxy-client-cert-file=${pki.adminCert}`,
    `--proxy-client-key-file=${pki.adminKey}`,
    // The built-in "kubernetes" endpoints may not point at a loopback address; nothing here needs them.
    '--endpoint-reconciler-type=none',
    '--enable-priority-and-fairness=false',
    '--profiling=false',
  ];
}

export async function startApiserver(
  bins: BinaryPaths,
  dir: string,
  pki: Pki,
  etcdUrl: string,
  fixedPort?: number,
): Promise<{ c: Component; port: number; api: Api }> {
  let api: Api | undefined;
  const { c, ports } = await startWithPorts(
    'kube-apiserver',
    fixedPort ? 0 : 1,
    (ports) =>
      new Component(
        'kube-apiserver',
        bins.kubeApiserver,
        apiserverArgs(pki, etcdUrl, fixedPort ?? ports[0]),
        path.join(dir, 'logs', 'kube-apiserver.log'),
      ),
    async (_c, ports) => {
      api ??= new Api(`https://127.0.0.1:${fixedPort ?? ports[0]}`, pki.ca, pki.adminCert, pki.adminKey);
      const r = await api.request('GET', '/readyz');
      return r.status === 200;
    },
    90_000,
  );
  return { c, port: fixedPort ?? ports[0], api: api! };
}

export function startControllerManager(bins: BinaryPaths, dir: string, pki: Pki, kubeconfig: string): Component {
  return new Component(
    'kube-controller-manager',
    bins.kubeControllerManager,
    [
      `--kubeconfig=${kubeconfig}`,
      '--secure-port=0',
      '--leader-elect=false',
      `--root-ca-file=${pki.ca}`,
      `--service-account-private-key-file=${pki.saKey}`,
      '--use-service-account-credentials=false',
      '--service-cluster-ip-range=10.96.0.0/12',
      '--kube-api-qps=500',
      '--kube-api-burst=1000',
    ],
    path.join(dir, 'logs', 'kube-controller-manager.log'),
  );
}

export function startScheduler(bins: BinaryPaths, dir: string, kubeconfig: string): Component {
  return new Component(
    'kube-scheduler',
    bins.kubeScheduler,
    [
      `--kubeconfig=${kubeconfig}`,
      '--secure-port=0',
      '--leader-elect=false',
      '--kube-api-qps=500',
      '--kube-api-burst=1000',
    ],
    path.join(dir, 'logs', 'kube-scheduler.log'),
  );
}
