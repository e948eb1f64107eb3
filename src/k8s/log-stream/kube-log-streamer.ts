import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadMergedKubeConfig } from '../kube/kubeconfig';
import { LogFailures, requestOverHttp1 } from './http1-log-request';
import { Http2Connection, Http2Unavailable } from './http2-log-request';
import { PodLogRequest, PodLogStreamer, LogStreamError, describeLogFailure, logPath } from './types';

/**
 * Pod logs with client-node's KubeConfig for the credentials (certificates, tokens, exec plugins) and
 * node's own HTTP for the request: client-node 2.0.1's `Log` swallows the Status message of a 403,
 * returns its AbortController only after the response has started, and does not tell when the stream
 * ends; here the caller's signal aborts at any time and the promise settles with the stream.
 * HTTP/2 (one shared connection, like kubectl) unless a proxy or the server rules it out.
 */
export class KubePodLogStreamer implements PodLogStreamer {
  readonly context: string;
  readonly user: string;
  private http2: Http2Connection | undefined;
  /** set once the server turned HTTP/2 down */
  private http1Only = false;

  constructor(private readonly kc: KubeConfig) {
    this.context = kc.getCurrentContext();
    this.user = kc.getCurrentUser()?.name ?? '';
  }

  async stream(r: PodLogRequest, onData: (chunk: string) => void, signal: AbortSignal): Promise<void> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new LogStreamError('other', `kubeconfig context "${this.context}" has no cluster`);
    if (signal.aborted) return;
    const url = new URL(cluster.server.replace(/\/+$/, '') + logPath(r));
    const opts: RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    if (signal.aborted) return;
    const failures: LogFailures = {
      answer: (status, message) => describeLogFailure(status, message, r, this.user, this.context),
      unreachable: (detail) =>
        new LogStreamError('unreachable', `cannot reach the API server of context "${this.context}" (${detail})`),
    };
    if (!this.http1Only && url.protocol === 'https:' && !cluster.proxyUrl) {
      this.http2 ??= new Http2Connection(url.origin);
      try {
        return await this.http2.request(url.pathname + url.search, opts, onData, signal, failures);
      } catch (e) {
        if (!(e instanceof Http2Unavailable)) throw e;
        this.http1Only = true;
      }
    }
    return requestOverHttp1(url, opts, onData, signal, failures);
  }
}

/** The entry the k8s bundle exports. */
export function createPodLogStreamer(options: { kubeconfigFiles: string[]; context: string }): PodLogStreamer {
  return new KubePodLogStreamer(loadMergedKubeConfig(options.kubeconfigFiles, options.context));
}
