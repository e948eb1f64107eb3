/**
 * GET requests to a pod's HTTP port through a Kubernetes port-forward (127.0.0.1 only): how the
 * extension reaches Alluxio's and HDFS's web ports from a laptop, never assuming pod IPs are
 * routable. Every failure is a typed DataError: a refused forward or connection, a missing endpoint
 * (404), a timeout, an abort, a forbidden port-forward (403), an answer over the size bound.
 */
import * as http from 'node:http';
import { failed, succeeded, type DataError, type Outcome } from '../../core/data/outcome';
import { isClusterError, type ClusterClient, type PortForwardHandle } from '../cluster-client';

export interface PodPort {
  namespace: string;
  pod: string;
  port: number;
}

export interface GetOptions {
  /** default 15 s */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** largest body read (default 64 MB) */
  maxBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface HttpAnswer {
  status: number;
  body: string;
}

function where(t: PodPort): string {
  return `pod ${t.namespace}/${t.pod}:${t.port}`;
}

/** A port-forward's failure as a DataError. */
export function forwardError(e: unknown, t: PodPort, what: string): DataError {
  const message = (e as Error)?.message ?? String(e);
  if (isClusterError(e)) {
    if (e.kind === 'forbidden') {
      return {
        kind: 'forbidden',
        what,
        message: `port-forward to ${where(t)} is forbidden: ${message}`,
        hint: `Ask for the permission to create pods/portforward in namespace ${t.namespace}.`,
      };
    }
    if (e.kind === 'notFound') {
      return { kind: 'missing', what, message: `pod ${t.namespace}/${t.pod} not found`, hint: 'Refresh the explorer.' };
    }
  }
  return {
    kind: 'refused',
    what,
    message: `port-forward to ${where(t)} failed: ${message}`,
    hint: 'Check that the pod is Running and that its container listens on that port.',
  };
}

/** An open port-forward to one pod port; GETs share it. Dispose when done. */
export class PodHttp {
  /**
   * Keep-alive, so servers delimit answers by length: asked to close (as Node's requests do in VS Code's
   * extension host, whose proxy agent turns keep-alive off), Jetty ends its answer by closing the
   * connection, and a forward may never pass that close on (KWOK's does not), leaving the GET waiting
   * out its timeout with the whole body received. Its sockets close with the forward.
   */
  private readonly agent = new http.Agent({ keepAlive: true });

  private constructor(
    private readonly target: PodPort,
    private readonly handle: PortForwardHandle,
  ) {}

  static async open(client: ClusterClient, target: PodPort, what: string): Promise<Outcome<PodHttp>> {
    try {
      return succeeded(new PodHttp(target, await client.portForward(target.namespace, target.pod, target.port)));
    } catch (e) {
      return { ok: false, error: forwardError(e, target, what) };
    }
  }

  get localPort(): number {
    return this.handle.localPort;
  }

  /** GET `path`; a 2xx answer is a value, 404 'missing', another status 'failed' (with the body kept short). */
  async get(path: string, what: string, options: GetOptions = {}): Promise<Outcome<string>> {
    const answer = await this.request(path, what, options);
    if (!answer.ok) return answer;
    const { status, body } = answer.value;
    if (status >= 200 && status < 300) return succeeded(body);
    const shown = `${where(this.target)} answered HTTP ${status} to GET ${path}`;
    if (status === 404) {
      return failed('missing', what, shown, 'This release may not have that endpoint, or the path does not exist.');
    }
    const excerpt = body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200);
    return failed('failed', what, `${shown}${excerpt ? `: ${excerpt}` : ''}`, 'See the server’s log for the cause.');
  }

  /** The raw answer, any status (WebHDFS puts its RemoteException in 4xx bodies). */
  request(path: string, what: string, options: GetOptions = {}): Promise<Outcome<HttpAnswer>> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const t = this.target;
    return new Promise((resolve) => {
      let settled = false;
      const done = (o: Outcome<HttpAnswer>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        req.destroy();
        resolve(o);
      };
      const onAbort = () => done(failed('aborted', what, `GET ${path} on ${where(t)} was cancelled`, ''));
      const timer = setTimeout(
        () =>
          done(
            failed(
              'timeout',
              what,
              `${where(t)} did not answer GET ${path} within ${Math.round(timeoutMs / 1000)} s`,
              'The server may be overloaded or starting; try again.',
            ),
          ),
        timeoutMs,
      );
      const req = http.get(
        {
          host: '127.0.0.1',
          port: this.handle.localPort,
          path,
          agent: this.agent,
          headers: { accept: 'application/json', connection: 'keep-alive' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) {
              done(
                failed(
                  'badAnswer',
                  what,
                  `the answer to GET ${path} is over ${maxBytes} bytes`,
                  'Ask for a smaller path.',
                ),
              );
              return;
            }
            chunks.push(c);
          });
          res.on('end', () =>
            done(succeeded({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })),
          );
          res.on('error', (e) =>
            done(failed('refused', what, `reading from ${where(t)}: ${e.message}${this.said()}`, '')),
          );
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) =>
        done(
          failed(
            'refused',
            what,
            `the connection through the port-forward to ${where(t)} failed (${e.code ?? e.message})${this.said()}`,
            `Check that the pod's container listens on port ${t.port}.`,
          ),
        ),
      );
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** What the forward reported about its last failure, to end an error message with. */
  private said(): string {
    const e = this.handle.lastError?.();
    return e ? `: ${e}` : '';
  }

  dispose(): void {
    this.agent.destroy();
    this.handle.dispose();
  }
}

/** Opens a forward, GETs one path, closes the forward. */
export async function getFromPod(
  client: ClusterClient,
  target: PodPort,
  path: string,
  what: string,
  options: GetOptions = {},
): Promise<Outcome<string>> {
  const opened = await PodHttp.open(client, target, what);
  if (!opened.ok) return opened;
  try {
    return await opened.value.get(path, what, options);
  } finally {
    opened.value.dispose();
  }
}
