/**
 * What a data fetch returns: a typed value, or a typed error that says what failed, why, and what to
 * do next. Shared by the Alluxio and HDFS fetchers and the parsers they call. No vscode import.
 */

export type DataErrorKind =
  /** the port-forward or the connection through it was refused */
  | 'refused'
  /** the endpoint or path does not exist (HTTP 404, "does not exist"): an older release or a wrong path */
  | 'missing'
  | 'timeout'
  | 'aborted'
  /** the Kubernetes API refused (403): names the permission */
  | 'forbidden'
  /** the answer came but is not what this release should answer (not JSON, wrong shape, too big) */
  | 'badAnswer'
  /** the command ran and failed (non-zero exit), or the server answered an HTTP error */
  | 'failed';

export interface DataError {
  kind: DataErrorKind;
  /** what was asked, e.g. "Alluxio master info (GET /api/v1/master/info on pod alluxio-master-0:19999)" */
  what: string;
  /** why it failed */
  message: string;
  /** what to do next */
  hint: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DataError };

export function succeeded<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function failed<T>(kind: DataErrorKind, what: string, message: string, hint: string): Outcome<T> {
  return { ok: false, error: { kind, what, message, hint } };
}

/** One line for a log or a message: "<what>: <message>. <hint>". */
export function describeError(e: DataError): string {
  const msg = e.message.replace(/[.\s]+$/, '');
  return `${e.what}: ${msg}.${e.hint ? ` ${e.hint}` : ''}`;
}

/** Thrown by the parsers when an answer has not the shape the release should give. */
export class AnswerError extends Error {
  constructor(
    readonly what: string,
    message: string,
  ) {
    super(`${what}: ${message}`);
    this.name = 'AnswerError';
  }
}
