// The real Kubeflow training-operator (v1.8.1, built from the Go module proxy, see build.ts), run
// outside a cluster against the sandbox for TFJob and PyTorchJob.
//
// What running it outside a pod needs (read in its cmd/training-operator.v1/main.go and pkg/cert):
//  - it waits for its webhook certificates before starting any controller: the cert rotator
//    (open-policy-agent/cert-controller) needs the Secret `training-operator-webhook-cert` in its namespace
//    (MY_POD_NAMESPACE, here `kubeflow`), a ValidatingWebhookConfiguration
//    `validator.training-operator.kubeflow.org` to inject its CA into, and a tls.crt in
//    /tmp/k8s-webhook-server/serving-certs (normally the Secret mounted by the kubelet). The sandbox writes a
//    valid pair there once (shared by all sandboxes on the machine; never served to anyone: the webhook's
//    objectSelector matches nothing and its failurePolicy is Ignore, because the apiserver cannot reach a
//    Service backed by a KWOK pod).
//  - its webhook server listens on a random free port (its default 9443 would clash between sandboxes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Api } from './client';
import { BinaryPaths } from './paths';
import { Pki } from './pki';
import { Component, freePort } from './proc';

export const OPERATOR_NAMESPACE = 'kubeflow';
const CERT_DIR = '/tmp/k8s-webhook-server/serving-certs';

function writeAtomic(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

async function createIgnoringConflict(api: Api, collection: string, obj: object): Promise<void> {
  const r = await api.request('POST', collection, obj);
  if (r.status !== 201 && r.status !== 409)
    throw new Error(`POST ${collection}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
}

export async function startTrainingOperator(
  api: Api,
  bins: BinaryPaths,
  dir: string,
  pki: Pki,
  kubeconfig: string,
): Promise<Component> {
  await createIgnoringConflict(api, '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: OPERATOR_NAMESPACE },
  });
  await createIgnoringConflict(api, `/api/v1/namespaces/${OPERATOR_NAMESPACE}/secrets`, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'training-operator-webhook-cert' },
    type: 'Opaque',
  });
  const rule = (resource: string) => ({
    apiGroups: ['kubeflow.org'],
    apiVersions: ['v1'],
    operations: ['CREATE', 'UPDATE'],
    resources: [resource],
  });
  const webhook = (kind: string) => ({
    name: `validator.${kind}.training-operator.kubeflow.org`,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: 'Ignore',
    objectSelector: { matchLabels: { 'alluxio-dl-sandbox/never': 'true' } },
    clientConfig: {
      service: { name: 'training-operator', namespace: OPERATOR_NAMESPACE, path: `/validate-kubeflow-org-v1-${kind}` },
    },
    rules: [rule(`${kind}s`)],
  });
  await createIgnoringConflict(api, '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'validator.training-operator.kubeflow.org' },
    webhooks: [webhook('tfjob'), webhook('pytorchjob')],
  });
  fs.mkdirSync(CERT_DIR, { recursive: true });
  if (!fs.existsSync(path.join(CERT_DIR, 'tls.crt')) || !fs.existsSync(path.join(CERT_DIR, 'tls.key'))) {
    writeAtomic(path.join(CERT_DIR, 'tls.key'), fs.readFileSync(pki.kwokKey));
    writeAtomic(path.join(CERT_DIR, 'tls.crt'), fs.readFileSync(pki.kwokCert));
  }
  const port = await freePort();
  return new Component(
    'training-operator',
    bins.trainingOperator,
    [
      `--kubeconfig=${kubeconfig}`,
      '--enable-scheme=tfjob',
      '--enable-scheme=pytorchjob',
      '--metrics-bind-address=0',
      '--health-probe-bind-address=0',
      `--webhook-server-port=${port}`,
    ],
    path.join(dir, 'logs', 'training-operator.log'),
    { ...process.env, MY_POD_NAMESPACE: OPERATOR_NAMESPACE },
  );
}
