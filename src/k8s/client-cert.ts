// The validity of the client certificate a kubeconfig user presents, so that a 401 can say "your
// certificate expired on …" instead of only "credentials rejected".
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';

/** The certificate a kubeconfig user presents: inline (client-certificate-data, base64) or a file. */
export interface ClientCertSource {
  certData?: string;
  certFile?: string;
}

/** The validity window of the user's client certificate; undefined when it has none or it cannot be read. */
export function clientCertValidity(
  user: ClientCertSource | undefined,
): { notBefore: Date; notAfter: Date } | undefined {
  try {
    const pem = user?.certData
      ? Buffer.from(user.certData, 'base64')
      : user?.certFile
        ? fs.readFileSync(user.certFile)
        : undefined;
    if (!pem) return undefined;
    const cert = new X509Certificate(pem);
    return { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
  } catch {
    return undefined;
  }
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Why the certificate is refused at `now` (expired, not yet valid), or undefined when it is within its window. */
export function certificateProblem(
  validity: { notBefore: Date; notAfter: Date } | undefined,
  now: Date = new Date(),
): string | undefined {
  if (!validity) return undefined;
  if (now > validity.notAfter) return `its client certificate expired on ${utc(validity.notAfter)}`;
  if (now < validity.notBefore) return `its client certificate is not valid before ${utc(validity.notBefore)}`;
  return undefined;
}
