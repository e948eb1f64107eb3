// A throw-away PKI for one sandbox, made with the system's openssl (EC P-256: fast to generate).
// ca.crt/key signs: apiserver (serving, SANs 127.0.0.1/localhost/kubernetes.*), kwok (serving, the
// kubelet-like endpoint), admin (client, O=system:masters), viewer (client, the restricted user).
// sa.key/sa.pub sign and verify service-account tokens.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Pki {
  dir: string;
  ca: string;
  caKey: string;
  apiserverCert: string;
  apiserverKey: string;
  kwokCert: string;
  kwokKey: string;
  adminCert: string;
  adminKey: string;
  viewerCert: string;
  viewerKey: string;
  saKey: string;
  saPub: string;
}

/** The restricted user's name, as the apiserver sees it (certificate CN). */
export const VIEWER_USER = 'alluxio-dl-viewer';
export const ADMIN_USER = 'alluxio-dl-admin';

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer; message: string };
    if (err.code === 'ENOENT') throw new Error('openssl not found on PATH: install it (Debian: apt-get install openssl)');
    throw new Error(`openssl ${args.join(' ')} failed: ${err.stderr?.toString() ?? err.message}`);
  }
}

function key(dir: string, name: string): string {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  return path.join(dir, `${name}.key`);
}

function signed(dir: string, name: string, subject: string, ext: string): void {
  key(dir, name);
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`], dir);
}

const SERVER_EXT = (sans: string) => `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${sans}\n`;
const CLIENT_EXT = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';

export function makePki(dir: string): Pki {
  fs.mkdirSync(dir, { recursive: true });
  key(dir, 'ca');
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=alluxio-dl-sandbox-ca', '-days', '30', '-sha256', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature', '-out', 'ca.crt'], dir);
  signed(dir, 'apiserver', '/CN=kube-apiserver', SERVER_EXT('IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local'));
  signed(dir, 'kwok', '/CN=kwok-controller', SERVER_EXT('IP:127.0.0.1,DNS:localhost'));
  signed(dir, 'admin', `/O=system:masters/CN=${ADMIN_USER}`, CLIENT_EXT);
  signed(dir, 'viewer', `/O=alluxio-dl-viewers/CN=${VIEWER_USER}`, CLIENT_EXT);
  key(dir, 'sa');
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  const p = (f: string) => path.join(dir, f);
  return {
    dir,
    ca: p('ca.crt'), caKey: p('ca.key'),
    apiserverCert: p('apiserver.crt'), apiserverKey: p('apiserver.key'),
    kwokCert: p('kwok.crt'), kwokKey: p('kwok.key'),
    adminCert: p('admin.crt'), adminKey: p('admin.key'),
    viewerCert: p('viewer.crt'), viewerKey: p('viewer.key'),
    saKey: p('sa.key'), saPub: p('sa.pub'),
  };
}

/** A kubeconfig with embedded certificates, one cluster/user/context named `context`. */
export function kubeconfigYaml(server: string, caFile: string, certFile: string, keyFile: string, context: string, user: string): string {
  const b64 = (f: string) => fs.readFileSync(f).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${context}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(caFile)}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    client-certificate-data: ${b64(certFile)}`,
    `    client-key-data: ${b64(keyFile)}`,
    'contexts:',
    `- name: ${context}`,
    '  context:',
    `    cluster: ${context}`,
    `    user: ${user}`,
    '    namespace: default',
    `current-context: ${context}`,
    '',
  ].join('\n');
}
