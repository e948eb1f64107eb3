import * as http2 from 'node:http2';
import type { RequestOptions } from 'node:https';
import { readErrorBody, readLogBody } from './log-body';
import type { LogFailures } from './http1-log-request';
import { LogStreamError } from './types';

/** Bytes the server may send on one log stream, and on the connection, before we have read them (Go's client: 4 MB per stream). */
const STREAM_WINDOW = 1024 * 1024;
const CONNECTION_WINDOW = 8 * 1024 * 1024;

/** The server (or a proxy in front of it) does not speak HTTP/2: the caller uses HTTP/1.1. */
export class Http2Unavailable extends Error {
  constructor(detail: string) {
    super(`HTTP/2 is not offered by the server (${detail})`);
    this.name = 'Http2Unavailable';
  }
}

type TlsOptions = Pick<
  RequestOptions,
  'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'
>;

function tlsOptions(opts: RequestOptions): TlsOptions {
  const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = opts;
  return Object.fromEntries(
    Object.entries({ ca, cert, key, pfx, passphrase, rejectUnauthorized, servername }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

/** Request headers from client-node's options (bearer token, impersonation, basic auth), as HTTP/2 wants them. */
function headersOf(opts: RequestOptions): http2.OutgoingHttpHeaders {
  const h: http2.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(opts.headers ?? {}))
    if (v !== undefined) h[k.toLowerCase()] = v as string | string[];
  if (opts.auth) h.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  return h;
}

function codeOf(e: unknown): string {
  const err = e as { code?: string; cause?: { code?: string } };
  return err.cause?.code ?? err.code ?? '';
}

/**
 * One HTTP/2 connection to an API server, shared by the log streams of a kubeconfig context (as
 * kubectl's client shares one): opened on the first request, closed when its last stream ends, and
 * replaced when it fails or the credentials change. Over HTTP/2 the TLS records are read and the
 * frames parsed in node's native code, not one JavaScript call per record: a fast log costs about
 * half the CPU it costs over HTTP/1.1 (test/bench/logs.bench.ts).
 */
export class Http2Connection {
  private session: http2.ClientHttp2Session | undefined;
  private identity = '';
  private readonly open = new Map<http2.ClientHttp2Session, number>();

  constructor(private readonly origin: string) {}

  private sessionFor(tls: TlsOptions): http2.ClientHttp2Session {
    const identity = JSON.stringify(tls); // certificates as data: a refreshed client certificate gets a new connection
    const s = this.session;
    if (s && !s.closed && !s.destroyed && identity === this.identity) return s;
    const created = http2.connect(this.origin, {
      ...tls,
      settings: { enablePush: false, initialWindowSize: STREAM_WINDOW },
    });
    created.on('error', () => undefined); // each stream reports the failure
    created.on('connect', () => created.setLocalWindowSize(CONNECTION_WINDOW));
    const forget = () => {
      if (this.session === created) this.session = undefined;
    };
    created.on('goaway', forget);
    created.on('close', forget);
    this.session = created;
    this.identity = identity;
    return created;
  }

  /** One log request on the shared connection. */
  request(
    path: string,
    opts: RequestOptions,
    onData: (chunk: string) => void,
    signal: AbortSignal,
    failures: LogFailures,
  ): Promise<void> {
    const session = this.sessionFor(tlsOptions(opts));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let answered = false;
      let ended = false;
      const stream = session.request({ ':method': 'GET', ':path': path, accept: '*/*', ...headersOf(opts) });
      this.open.set(session, (this.open.get(session) ?? 0) + 1);
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
        if (err && !signal.aborted) reject(err);
        else resolve();
      };
      const onAbort = () => finish();
      signal.addEventListener('abort', onAbort);
      stream.on('response', (headers) => {
        answered = true;
        const status = Number(headers[':status'] ?? 0);
        if (status !== 200) {
          readErrorBody(stream, (message) => finish(failures.answer(status, message)));
          return;
        }
        readLogBody(
          stream,
          onData,
          () => settled,
          () => {
            ended = true;
            finish();
          },
        );
      });
      stream.on('error', (e) => {
        const code = codeOf(e);
        // Before an answer: no HTTP/2 here, or no connection (refused, reset, TLS failure...).
        if (!answered && (code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' || code === 'ERR_HTTP2_ERROR'))
          finish(new Http2Unavailable(code));
        else if (!answered) finish(failures.unreachable(code || (e as Error).message));
        else finish(new LogStreamError('dropped', `the log stream was interrupted: ${code || (e as Error).message}`));
      });
      stream.on('close', () => {
        const left = (this.open.get(session) ?? 1) - 1;
        if (left > 0) this.open.set(session, left);
        else {
          this.open.delete(session);
          if (!session.closed && !session.destroyed) session.close();
        }
        // Closed without the end of the body: reset by the server, or the connection went away.
        if (!ended) finish(new LogStreamError('dropped', 'the log stream was interrupted'));
      });
    });
  }
}
