/**
 * Pod log streams, as the log follower needs them. The implementation with @kubernetes/client-node
 * lives in kube-log-streamer.ts and is bundled into the lazily loaded dist/k8s.js; unit tests use a
 * fake. Requests always carry timestamps=true: the follower resumes from them.
 */
export interface PodLogRequest {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  previous?: boolean;
  /** lines from the end to start with (undefined: all) */
  tailLines?: number;
  /** RFC3339; at most one of sinceTime and sinceSeconds */
  sinceTime?: string;
  sinceSeconds?: number;
}

export interface PodLogStreamer {
  /** the kubeconfig context and user, for messages */
  readonly context: string;
  readonly user: string;
  /**
   * Streams a container's log into `onData` (UTF-8 decoded, chunk boundaries anywhere). Resolves when
   * the server ends the response; rejects with a LogStreamError, also when the connection drops.
   * Aborting `signal` ends the request and resolves.
   */
  stream(request: PodLogRequest, onData: (chunk: string) => void, signal: AbortSignal): Promise<void>;
}

export type LogStreamErrorKind =
  'forbidden' | 'unauthorized' | 'notFound' | 'badRequest' | 'dropped' | 'unreachable' | 'other';

export class LogStreamError extends Error {
  constructor(
    readonly kind: LogStreamErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LogStreamError';
  }
}

export function isLogStreamError(e: unknown): e is LogStreamError {
  return e instanceof Error && e.name === 'LogStreamError' && typeof (e as LogStreamError).kind === 'string';
}

/** What the k8s bundle exports for logs (next to createClusterClient). */
export interface KubeLogModule {
  createPodLogStreamer(options: { kubeconfigFiles: string[]; context: string }): PodLogStreamer;
}

/** Query string of a log request, timestamps always on. */
export function logQuery(r: PodLogRequest): URLSearchParams {
  const q = new URLSearchParams();
  q.set('container', r.container);
  q.set('timestamps', 'true');
  if (r.follow) q.set('follow', 'true');
  if (r.previous) q.set('previous', 'true');
  if (r.tailLines !== undefined && r.tailLines >= 0) q.set('tailLines', String(r.tailLines));
  if (r.sinceTime) q.set('sinceTime', r.sinceTime);
  else if (r.sinceSeconds !== undefined && r.sinceSeconds > 0) q.set('sinceSeconds', String(Math.ceil(r.sinceSeconds)));
  return q;
}

export function logPath(r: PodLogRequest): string {
  return `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/log?${logQuery(r)}`;
}

/** A clear message for a failed log request, from its HTTP status and the server's Status message. */
export function describeLogFailure(
  status: number,
  serverMessage: string,
  r: PodLogRequest,
  user: string,
  context: string,
): LogStreamError {
  const what = `logs of ${r.namespace}/${r.pod} (container ${r.container}${r.previous ? ', previous' : ''})`;
  const detail = serverMessage ? `: ${serverMessage}` : '';
  if (status === 403) {
    const who = /User "([^"]+)"/.exec(serverMessage)?.[1] ?? user;
    return new LogStreamError(
      'forbidden',
      `403 Forbidden: user ${who} may not read ${what}. Ask your cluster administrator for "get" on pods/log in namespace ${r.namespace}, or switch to another context (current: ${context}).`,
      status,
    );
  }
  if (status === 401)
    return new LogStreamError(
      'unauthorized',
      `401 Unauthorized reading ${what}: the credentials of context ${context} were rejected; log in again.`,
      status,
    );
  if (status === 404) return new LogStreamError('notFound', `cannot read ${what}: not found${detail}`, status);
  if (status === 400) return new LogStreamError('badRequest', `cannot read ${what}${detail}`, status);
  if (status >= 500 || status === 429)
    return new LogStreamError('unreachable', `cannot read ${what}: the API server answered ${status}${detail}`, status);
  return new LogStreamError('other', `cannot read ${what}: HTTP ${status}${detail}`, status);
}
