import * as http from 'node:http';
import * as https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadMergedKubeConfig } from '../kube/kubeconfig';
import { PodLogRequest, PodLogStreamer, LogStreamError, describeLogFailure, logPath } from './types';

const MAX_ERROR_BODY = 64 * 1024;

/**
 * Pod logs with client-node's KubeConfig for the credentials (certificates, tokens, exec plugins) and
 * node's http(s) for the request: client-node 2.0.1's `Log` swallows the Status message of a 403,
 * returns its AbortController only after the response has started, and does not tell when the stream
 * ends; here the caller's signal aborts at any time and the promise settles with the stream.
 */
export class KubePodLogStreamer implements PodLogStreamer {
  readonly context: string;
  readonly user: string;

  constructor(private readonly kc: KubeConfig) {
    this.context = kc.getCurrentContext();
    this.user = kc.getCurrentUser()?.name ?? '';
  }

  async stream(r: PodLogRequest, onData: (chunk: string) => void, signal: AbortSignal): Promise<void> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new LogStreamError('other', `kubeconfig context "${this.context}" has no cluster`);
    if (signal.aborted) return;
    const url = new URL(cluster.server.replace(/\/+$/, '') + logPath(r));
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    if (signal.aborted) return;
    const mod = url.protocol === 'http:' ? http : https;
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (err && !signal.aborted) reject(err);
        else resolve();
      };
      const req = mod.request(url, { ...opts, method: 'GET', headers: { ...(opts.headers ?? {}), Accept: '*/*' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          res.setEncoding('utf8');
          let body = '';
          res.on('data', (c: string) => {
            if (body.length < MAX_ERROR_BODY) body += c;
          });
          res.on('end', () => finish(describeLogFailure(status, statusMessage(body), r, this.user, this.context)));
          res.on('error', () => finish(describeLogFailure(status, statusMessage(body), r, this.user, this.context)));
          return;
        }
        // The server flushes the log line by line, so most HTTP chunks hold one line. Read in paused
        // mode: the chunks that one socket read brings are buffered and taken in one read() (one
        // Buffer), decoded once, and handed over as one piece.
        const decoder = new StringDecoder('utf8');
        res.on('readable', () => {
          let b: Buffer | null;
          while ((b = res.read() as Buffer | null) !== null) {
            if (settled) continue; // drain
            const text = decoder.write(b);
            if (text) onData(text);
          }
        });
        res.on('end', () => {
          const rest = decoder.end();
          if (rest && !settled) onData(rest);
          finish();
        });
        // A connection closed before the end of a chunked response: the stream dropped.
        res.on('aborted', () => finish(new LogStreamError('dropped', 'the log stream was interrupted')));
        res.on('error', (e) => finish(new LogStreamError('dropped', `the log stream was interrupted: ${e.message}`)));
        res.on('close', () => {
          if (!res.complete) finish(new LogStreamError('dropped', 'the log stream was interrupted'));
          else finish();
        });
      });
      const onAbort = () => {
        req.destroy();
        finish();
      };
      signal.addEventListener('abort', onAbort);
      req.on('error', (e: NodeJS.ErrnoException) =>
        finish(new LogStreamError('unreachable', `cannot reach the API server of context "${this.context}" (${e.code ?? e.message})`)),
      );
      req.end();
    });
  }
}

function statusMessage(body: string): string {
  try {
    const s = JSON.parse(body) as { message?: string };
    if (typeof s.message === 'string') return s.message;
  } catch {
    // not a Status object
  }
  return body.trim().slice(0, 500);
}

/** The entry the k8s bundle exports. */
export function createPodLogStreamer(options: { kubeconfigFiles: string[]; context: string }): PodLogStreamer {
  return new KubePodLogStreamer(loadMergedKubeConfig(options.kubeconfigFiles, options.context));
}
