// A throw-away PKI for one sandbox: EC P-256 keys from node:crypto, certificates signed by the system's openssl.
// ca.crt/key signs: apiserver (serving, SANs 127.0.0.1/localhost/kubernetes.*), kwok (serving, the
// kubelet-like endpoint), admin (client, O=system:masters), viewer (client, the restricted user).
// sa.key/sa.pub sign and verify service-account tokens.
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
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
    if (err.code === 'ENOENT')
      throw new Error('openssl not found on PATH: install it (Debian: apt-get install openssl)');
    throw new Error(`openssl ${args.join(' ')} failed: ${err.stderr?.toString() ?? err.message}`);
  }
}

function key(dir: string, name: string): string {
  // node:crypto makes the key (milliseconds); openssl only signs.
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const file = path.join(dir, `${name}.key`);
  fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return file;
}

/** One openssl call per certificate: `req -x509` signed by the CA, extensions from a tiny config. */
function cert(dir: string, name: string, subject: string, ext: string, ca: boolean): void {
  key(dir, name);
  fs.writeFileSync(path.join(dir, `${name}.cnf`), `[req]\ndistinguished_name=dn\nprompt=no\n[dn]\n[ext]\n${ext}`);
  const signer = ca ? [] : ['-CA', 'ca.crt', '-CAkey', 'ca.key'];
  openssl(
    [
      'req',
      '-new',
      '-x509',
      '-config',
      `${name}.cnf`,
      '-extensions',
      'ext',
      '-key',
      `${name}.key`,
      '-subj',
      subject,
      '-days',
      '30',
      '-sha256',
      ...signer,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
}

const CA_EXT =
  'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\nsubjectKeyIdentifier=hash\n';
const SERVER_EXT = (sans: string) =>
  `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${sans}\n`;
const CLIENT_EXT =
  'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';

export function makePki(dir: string): Pki {
  fs.mkdirSync(dir, { recursive: true });
  cert(dir, 'ca', '/CN=alluxio-dl-sandbox-ca', CA_EXT, true);
  cert(
    dir,
    'apiserver',
    '/CN=kube-apiserver',
    SERVER_EXT(
      'IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
    ),
    false,
  );
  cert(dir, 'kwok', '/CN=kwok-controller', SERVER_EXT('IP:127.0.0.1,DNS:localhost'), false);
  cert(dir, 'admin', `/O=system:masters/CN=${ADMIN_USER}`, CLIENT_EXT, false);
  cert(dir, 'viewer', `/O=alluxio-dl-viewers/CN=${VIEWER_USER}`, CLIENT_EXT, false);
  key(dir, 'sa');
  fs.writeFileSync(
    path.join(dir, 'sa.pub'),
    createPublicKey(fs.readFileSync(path.join(dir, 'sa.key'))).export({ type: 'spki', format: 'pem' }),
  );
  const p = (f: string) => path.join(dir, f);
  return {
    dir,
    ca: p('ca.crt'),
    caKey: p('ca.key'),
    apiserverCert: p('apiserver.crt'),
    apiserverKey: p('apiserver.key'),
    kwokCert: p('kwok.crt'),
    kwokKey: p('kwok.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    viewerCert: p('viewer.crt'),
    viewerKey: p('viewer.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
  };
}

/** openssl's time format (YYYYMMDDHHMMSSZ). */
const asn1Time = (d: Date) => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/**
 * A client certificate signed by the sandbox's CA, valid from `notBefore` to `notAfter` (either may be
 * in the past: `openssl ca` takes explicit dates, which `req -x509` cannot): a rotated certificate, or
 * an expired one. Written as `${name}.crt` / `${name}.key` in a folder of its own under the PKI's.
 */
export function issueClientCert(
  pkiDir: string,
  name: string,
  subject: string,
  notBefore: Date,
  notAfter: Date,
): { cert: string; key: string } {
  const dir = fs.mkdtempSync(path.join(pkiDir, `${name}-`));
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(
    path.join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca=issuer',
      '[issuer]',
      'database=index.txt',
      'new_certs_dir=.',
      'rand_serial=yes',
      'policy=any',
      'default_md=sha256',
      'unique_subject=no',
      '[any]',
      'organizationName=optional',
      'commonName=supplied',
      '[req]',
      'distinguished_name=dn',
      'prompt=no',
      '[dn]',
      '[ext]',
      CLIENT_EXT,
    ].join('\n'),
  );
  const keyFile = key(dir, name);
  openssl(['req', '-new', '-config', 'ca.cnf', '-key', keyFile, '-subj', subject, '-out', `${name}.csr`], dir);
  openssl(
    [
      'ca',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      '-extensions',
      'ext',
      '-cert',
      path.join(pkiDir, 'ca.crt'),
      '-keyfile',
      path.join(pkiDir, 'ca.key'),
      '-startdate',
      asn1Time(notBefore),
      '-enddate',
      asn1Time(notAfter),
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
  return { cert: path.join(dir, `${name}.crt`), key: keyFile };
}

/** A kubeconfig with embedded certificates, one cluster/user/context named `context`. */
export function kubeconfigYaml(
  server: string,
  caFile: string,
  certFile: string,
  keyFile: string,
  context: string,
  user: string,
): string {
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
