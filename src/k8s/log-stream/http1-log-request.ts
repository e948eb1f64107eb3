import * as http from 'node:http';
import * as https from 'node:https';
import { LogStreamError } from './types';
import { readErrorBody, readLogBody } from './log-body';

/** How a failed log request is told: by the server's answer, or by a connection that could not be made. */
export interface LogFailures {
  answer(status: number, serverMessage: string): LogStreamError;
  unreachable(detail: string): LogStreamError;
}

/**
 * One log request over HTTP/1.1 (node's http/https with client-node's options: its agent carries a
 * kubeconfig's proxy-url). Used where HTTP/2 cannot be: a proxy, a plain-http server, a server
 * that does not offer h2.
 */
export function requestOverHttp1(
  url: URL,
  opts: https.RequestOptions,
  onData: (chunk: string) => void,
  signal: AbortSignal,
  failures: LogFailures,
): Promise<void> {
  const mod = url.protocol === 'http:' ? http : https;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err && !signal.aborted) reject(err);
      else resolve();
    };
    const req = mod.request(
      url,
      { ...opts, method: 'GET', headers: { ...(opts.headers ?? {}), Accept: '*/*' } },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          readErrorBody(res, (message) => finish(failures.answer(status, message)));
          return;
        }
        readLogBody(
          res,
          onData,
          () => settled,
          () => finish(),
        );
        // A connection closed before the end of a chunked response: the stream dropped.
        res.on('aborted', () => finish(new LogStreamError('dropped', 'the log stream was interrupted')));
        res.on('error', (e) => finish(new LogStreamError('dropped', `the log stream was interrupted: ${e.message}`)));
        res.on('close', () => {
          if (!res.complete) finish(new LogStreamError('dropped', 'the log stream was interrupted'));
          else finish();
        });
      },
    );
    const onAbort = () => {
      req.destroy();
      finish();
    };
    signal.addEventListener('abort', onAbort);
    req.on('error', (e: NodeJS.ErrnoException) => finish(failures.unreachable(e.code ?? e.message)));
    req.end();
  });
}
