// A 401 with an expired (or not yet valid) client certificate says so, with the date and what to do;
// certificates issued by a real CA with openssl, as the sandbox's are.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { certificateProblem, clientCertValidity } from '../../../src/k8s/client-cert';
import { fromStatus } from '../../../src/k8s/errors';
import { issueClientCert, makePki } from '../../sandbox/pki';

const HOUR = 3600_000;

test('an expired client certificate is named in the 401, with its expiry and what to do', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alluxio-dl-cert-'));
  try {
    makePki(dir);
    const notAfter = new Date(Math.floor((Date.now() - 24 * HOUR) / 1000) * 1000);
    const expired = issueClientCert(dir, 'old', '/CN=someone', new Date(Date.now() - 48 * HOUR), notAfter);
    const fresh = issueClientCert(dir, 'new', '/CN=someone', new Date(Date.now() - HOUR), new Date(Date.now() + HOUR));
    const later = issueClientCert(
      dir,
      'later',
      '/CN=someone',
      new Date(Date.now() + HOUR),
      new Date(Date.now() + 2 * HOUR),
    );

    const inline = clientCertValidity({ certData: fs.readFileSync(expired.cert).toString('base64') });
    assert.equal(inline?.notAfter.getTime(), notAfter.getTime());
    const problem = certificateProblem(inline);
    assert.equal(
      problem,
      `its client certificate expired on ${notAfter.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    );
    assert.equal(certificateProblem(clientCertValidity({ certFile: fresh.cert })), undefined);
    assert.match(certificateProblem(clientCertValidity({ certFile: later.cert })) ?? '', /is not valid before /);
    assert.equal(clientCertValidity({ certFile: path.join(dir, 'missing.crt') }), undefined);
    assert.equal(clientCertValidity({}), undefined);

    const ctx = {
      verb: 'list',
      kind: 'pods' as const,
      namespace: 'default',
      user: 'me',
      context: 'c',
      files: '/k/config',
    };
    const e = fromStatus(401, { message: 'Unauthorized' }, { ...ctx, credentialProblem: () => problem });
    assert.equal(e.kind, 'unauthorized');
    assert.match(e.message, /user me was rejected \(401 Unauthorized\): its client certificate expired on /);
    assert.match(e.hint, /Renew the client certificate of user me .* write it into \/k\/config/);
    // Without a certificate problem, the 401 is the general one.
    const plain = fromStatus(401, undefined, { ...ctx, credentialProblem: () => undefined });
    assert.match(plain.message, /credentials rejected \(401 Unauthorized\) for user me/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
