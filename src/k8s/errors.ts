import { ClusterError, type ClusterErrorKind } from './cluster-client';
import { RESOURCES, type ResourceKind } from '../core/model/kinds';

/** A Kubernetes Status object, as far as errors need it. */
export interface StatusLike {
  code?: number;
  reason?: string;
  message?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'EPIPE',
  'UND_ERR_CLOSED',
]);

/** Finds a network error code in an error or its causes (undici wraps them in `cause`). */
export function networkCode(err: unknown): string | undefined {
  let e: any = err;
  for (let i = 0; e && i < 5; i++, e = e.cause) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
    if (e.name === 'TimeoutError') return 'ETIMEDOUT';
    if (Array.isArray(e.errors)) {
      const inner = e.errors.map(networkCode).find(Boolean);
      if (inner) return inner;
    }
  }
  return undefined;
}

export interface ErrorContext {
  verb: string; // list, watch, get, delete, ...
  kind: ResourceKind | 'namespaces' | 'events' | 'apiVersions';
  namespace?: string;
  user: string;
  context: string;
  /** Why the user's credentials cannot work now (an expired client certificate), read when a 401 comes back. */
  credentialProblem?: () => string | undefined;
  /** The kubeconfig file(s) the user comes from, for what to do. */
  files?: string;
}

function scope(ctx: ErrorContext): string {
  const namespaced = ctx.kind in RESOURCES ? RESOURCES[ctx.kind as ResourceKind].namespaced : ctx.kind !== 'namespaces';
  if (!namespaced) return 'at cluster scope';
  return ctx.namespace ? `in namespace ${ctx.namespace}` : 'in all namespaces';
}

function plural(kind: ErrorContext['kind']): string {
  return kind in RESOURCES
    ? RESOURCES[kind as ResourceKind].plural === 'secrets'
      ? 'helm release secrets'
      : RESOURCES[kind as ResourceKind].plural
    : kind;
}

/** Normalises an HTTP status (with its Status body, if any) into a ClusterError. */
export function fromStatus(code: number, status: StatusLike | undefined, ctx: ErrorContext): ClusterError {
  const what = `${ctx.verb} ${plural(ctx.kind)} ${scope(ctx)}`;
  const detail = status?.message ?? '';
  const make = (k: ClusterErrorKind, message: string, hint: string) =>
    new ClusterError(k, ctx.kind, ctx.namespace, message, hint);
  const spec = RESOURCES[ctx.kind as ResourceKind];
  const credential = code === 401 ? ctx.credentialProblem?.() : undefined;
  if (credential)
    return make(
      'unauthorized',
      `cannot ${what}: user ${ctx.user} was rejected (401 Unauthorized): ${credential}`,
      `Renew the client certificate of user ${ctx.user} (your cluster's login tool or administrator issues a new one) and write it into ${ctx.files ?? 'the kubeconfig'}: Alluxio DL picks the file up without a reload.`,
    );
  if (code === 401)
    return make(
      'unauthorized',
      `cannot ${what}: credentials rejected (401 Unauthorized) for user ${ctx.user}`,
      `Your credentials for context "${ctx.context}" are expired or invalid: log in again (refresh the token in your kubeconfig), then Refresh.`,
    );
  if (code === 403) {
    const user = /User "([^"]+)"/.exec(detail)?.[1] ?? ctx.user;
    return make(
      'forbidden',
      `cannot ${what}: forbidden for user ${user}`,
      `Ask your cluster administrator for "${ctx.verb}" on ${plural(ctx.kind)}, or switch to another context or namespace.`,
    );
  }
  if (code === 404 && spec?.crd && (ctx.verb === 'list' || ctx.verb === 'watch')) {
    return make(
      'crdMissing',
      `${spec.kind} CRD not installed (${spec.plural}.${spec.group}/${spec.version})`,
      spec.group === 'data.fluid.io'
        ? 'Install Fluid (its Helm chart installs the data.fluid.io CRDs and controllers) to use Datasets and AlluxioRuntimes.'
        : 'Install the Kubeflow training-operator to run TFJobs and PyTorchJobs.',
    );
  }
  if (code === 404)
    return make(
      'notFound',
      `cannot ${what}: not found${detail ? ` (${detail})` : ''}`,
      'It may have been deleted: Refresh the explorer.',
    );
  if (code === 409)
    return make(
      'conflict',
      `cannot ${what}: conflict${detail ? ` (${detail})` : ''}`,
      'Someone else changed it: Refresh and try again.',
    );
  if (code === 410 || status?.reason === 'Expired' || status?.reason === 'Gone')
    return make(
      'expired',
      `${what}: resource version expired${detail ? ` (${detail})` : ''}`,
      'The explorer re-lists automatically.',
    );
  if (code >= 500 || code === 429)
    return make(
      'unreachable',
      `cannot ${what}: the API server answered ${code}${detail ? ` (${detail})` : ''}`,
      'The API server is unhealthy or overloaded; the explorer retries with backoff.',
    );
  return make(
    'other',
    `cannot ${what}: HTTP ${code}${detail ? ` (${detail})` : ''}`,
    'See the Alluxio DL log for details.',
  );
}

/** Normalises anything thrown while talking to the cluster. */
export function normaliseError(err: unknown, ctx: ErrorContext): ClusterError {
  if (err instanceof ClusterError) return err;
  const anyErr = err as any;
  const code =
    typeof anyErr?.statusCode === 'number'
      ? anyErr.statusCode
      : typeof anyErr?.code === 'number'
        ? anyErr.code
        : undefined;
  if (code !== undefined) {
    let body: StatusLike | undefined = anyErr.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        body = { message: anyErr.body };
      }
    }
    return fromStatus(code, body, ctx);
  }
  const net = networkCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (net) {
    return new ClusterError(
      'unreachable',
      ctx.kind,
      ctx.namespace,
      `cannot ${ctx.verb} ${plural(ctx.kind)}: the API server of context "${ctx.context}" is unreachable (${net})`,
      'Check that the cluster is running and that the context points at it, then Retry.',
    );
  }
  return new ClusterError(
    'other',
    ctx.kind,
    ctx.namespace,
    `cannot ${ctx.verb} ${plural(ctx.kind)}: ${message}`,
    'See the Alluxio DL log for details.',
  );
}
