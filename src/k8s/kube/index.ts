/**
 * The ClusterClient implemented with @kubernetes/client-node 2.x. Bundled alone into dist/k8s.js and
 * loaded on first cluster use (src/k8s/load.ts): client-node is ~4 MB and slow to load.
 * Requests go through undici with client-node's authentication (certificates, tokens, exec plugins).
 */
import { Exec, HttpMethod, RequestContext, Watch, type KubeConfig } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { dump } from 'js-yaml';
import { fetch } from 'undici';
import {
  ClusterError,
  type ApplyOptions,
  type ClientOptions,
  type ClusterClient,
  type ClusterEvent,
  type ExecIO,
  type ExecResult,
  type ListResult,
  type PortForwardHandle,
  type WatchHandlers,
} from '../cluster-client';
import { collectionPath, objectPath, RESOURCES, type KubeObject, type ResourceKind } from '../../core/model/kinds';
import { certificateProblem, clientCertValidity } from '../client-cert';
import { fromStatus, normaliseError, type ErrorContext } from '../errors';
import { loadMergedKubeConfig } from './kubeconfig';
import { forwardPort } from './port-forward';

export { createPodLogStreamer } from '../log-stream/kube-log-streamer';

interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
}

class KubeClusterClient implements ClusterClient {
  readonly context: string;
  readonly user: string;
  private readonly kc: KubeConfig;
  private readonly forwards = new Set<PortForwardHandle>();
  private readonly files: string;
  private readonly certValidity: ReturnType<typeof clientCertValidity>;

  constructor(options: ClientOptions) {
    try {
      this.kc = loadMergedKubeConfig(options.kubeconfigFiles, options.context);
    } catch (e) {
      throw new ClusterError(
        'other',
        'kubeconfig',
        undefined,
        `cannot read kubeconfig ${options.kubeconfigFiles.join(', ')}: ${(e as Error).message}`,
        'Fix the file or choose another one with the alluxioDl.kubeconfig setting.',
      );
    }
    this.context = this.kc.getCurrentContext();
    this.user = this.kc.getCurrentUser()?.name ?? '';
    this.files = options.kubeconfigFiles.join(', ');
    this.certValidity = clientCertValidity(this.kc.getCurrentUser() ?? undefined);
    if (!this.kc.getCurrentCluster()) {
      throw new ClusterError(
        'other',
        'kubeconfig',
        undefined,
        `context "${this.context}" has no cluster in ${options.kubeconfigFiles.join(', ')}`,
        'Switch to another context.',
      );
    }
  }

  private ctx(verb: string, kind: ErrorContext['kind'], namespace?: string): ErrorContext {
    return {
      verb,
      kind,
      namespace,
      user: this.user,
      context: this.context,
      files: this.files,
      credentialProblem: () => certificateProblem(this.certValidity),
    };
  }

  private async request(
    method: HttpMethod,
    path: string,
    ectx: ErrorContext,
    opts: RequestOptions = {},
    signal?: AbortSignal,
  ): Promise<any> {
    const url = new URL(this.kc.getCurrentCluster()!.server.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    try {
      const rc = new RequestContext(url.toString(), method);
      await this.kc.applySecurityAuthentication(rc);
      const headers: Record<string, string> = { ...rc.getHeaders(), Accept: 'application/json' };
      if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
      const res = await fetch(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        dispatcher: rc.getDispatcher() as any,
        signal: signal ?? AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = { message: text.slice(0, 500) };
      }
      if (res.status >= 400) throw fromStatus(res.status, json, ectx);
      return json;
    } catch (e) {
      throw normaliseError(e, ectx);
    }
  }

  async list(kind: ResourceKind, namespace: string): Promise<ListResult> {
    const spec = RESOURCES[kind];
    const ns = spec.namespaced ? namespace : undefined;
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.request(HttpMethod.GET, collectionPath(kind, ns), this.ctx('list', kind, ns), {
        query: { labelSelector: spec.labelSelector, limit: '2000', continue: cont },
      });
      items.push(...(page.items ?? []));
      resourceVersion = page.metadata?.resourceVersion ?? '';
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return { items, resourceVersion };
  }

  watch(
    kind: ResourceKind,
    namespace: string,
    resourceVersion: string,
    handlers: WatchHandlers,
    signal: AbortSignal,
  ): Promise<void> {
    const spec = RESOURCES[kind];
    const ns = spec.namespaced ? namespace : undefined;
    const ectx = this.ctx('watch', kind, ns);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let controller: AbortController | undefined;
      const finish = (err?: ClusterError) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        controller?.abort();
        if (err) reject(err);
        else resolve();
      };
      const onAbort = () => finish();
      signal.addEventListener('abort', onAbort);
      const query = { resourceVersion, allowWatchBookmarks: 'true', labelSelector: spec.labelSelector };
      new Watch(this.kc)
        .watch(
          collectionPath(kind, ns),
          query,
          (type: string, object: any) => {
            if (settled) return;
            if (type === 'BOOKMARK') {
              const rv = object?.metadata?.resourceVersion;
              if (rv) handlers.onResourceVersion(rv);
            } else if (type === 'ERROR') {
              finish(fromStatus(object?.code ?? 500, object, ectx));
            } else if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
              handlers.onEvent({ type, object });
            }
          },
          (err: any) => {
            // Ended by the server, by client-node's 30 s inactivity timeout or by us: the caller restarts.
            if (!err || err.name === 'TimeoutError' || err.name === 'AbortError' || signal.aborted) finish();
            else finish(normaliseError(err, ectx));
          },
        )
        .then(
          (c) => {
            controller = c;
            if (settled) c.abort();
          },
          (err) => finish(normaliseError(err, ectx)),
        );
    });
  }

  async getYaml(kind: ResourceKind, namespace: string | undefined, name: string): Promise<string> {
    const o = await this.request(HttpMethod.GET, objectPath(kind, namespace, name), this.ctx('get', kind, namespace));
    if (o?.metadata) delete o.metadata.managedFields;
    return dump(o, { noRefs: true, lineWidth: 120 });
  }

  async events(kind: ResourceKind, namespace: string | undefined, name: string): Promise<ClusterEvent[]> {
    const spec = RESOURCES[kind];
    const path =
      spec.namespaced && namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/events` : '/api/v1/events';
    const res = await this.request(HttpMethod.GET, path, this.ctx('list', 'events', namespace), {
      query: { fieldSelector: `involvedObject.name=${name},involvedObject.kind=${spec.kind}` },
    });
    const events: ClusterEvent[] = (res.items ?? []).map((e: any) => ({
      type: e.type ?? '',
      reason: e.reason ?? '',
      message: e.message ?? e.note ?? '',
      count: e.count ?? e.series?.count ?? 1,
      lastSeen: e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '',
      source: e.source?.component ?? e.reportingComponent ?? '',
    }));
    return events.sort((a, b) => a.lastSeen.localeCompare(b.lastSeen));
  }

  async delete(kind: ResourceKind, namespace: string | undefined, name: string): Promise<void> {
    await this.request(HttpMethod.DELETE, objectPath(kind, namespace, name), this.ctx('delete', kind, namespace), {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
    });
  }

  async portForward(namespace: string, pod: string, port: number): Promise<PortForwardHandle> {
    // Fails early with a clear error when the pod is gone or port-forward is forbidden.
    await this.request(HttpMethod.GET, objectPath('pods', namespace, pod), this.ctx('get', 'pods', namespace));
    const handle = await forwardPort(this.kc, namespace, pod, port);
    this.forwards.add(handle);
    return {
      localPort: handle.localPort,
      lastError: handle.lastError,
      dispose: () => {
        this.forwards.delete(handle);
        handle.dispose();
      },
    };
  }

  async patchNodeLabels(name: string, labels: Record<string, string | null>): Promise<void> {
    await this.request(HttpMethod.PATCH, objectPath('nodes', undefined, name), this.ctx('patch', 'nodes'), {
      body: { metadata: { labels } },
      contentType: 'application/merge-patch+json',
    });
  }

  async apply(
    kind: ResourceKind,
    namespace: string | undefined,
    object: KubeObject,
    options: ApplyOptions,
  ): Promise<KubeObject> {
    const ns = RESOURCES[kind].namespaced ? namespace : undefined;
    return this.request(HttpMethod.PATCH, objectPath(kind, ns, object.metadata.name), this.ctx('patch', kind, ns), {
      body: object,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: options.fieldManager, force: options.force ? 'true' : undefined },
    });
  }

  async exec(
    namespace: string,
    pod: string,
    container: string | undefined,
    command: string[],
    io: ExecIO,
  ): Promise<ExecResult> {
    const ectx = this.ctx('exec', 'pods', namespace);
    // Fails early with a clear error when the pod is gone or forbidden (the websocket only says "400").
    const obj = await this.request(
      HttpMethod.GET,
      objectPath('pods', namespace, pod),
      this.ctx('get', 'pods', namespace),
    );
    const name = container ?? obj?.spec?.containers?.[0]?.name;
    const sink = (fn?: (b: Buffer) => void) =>
      new Writable({
        write(chunk, _enc, cb) {
          fn?.(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
          cb();
        },
      });
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let socket: { close(): void; on(ev: string, fn: (...a: any[]) => void): void } | undefined;
      const finish = (r?: ExecResult, err?: unknown) => {
        if (settled) return;
        settled = true;
        io.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(r!);
      };
      const onAbort = () => {
        socket?.close();
        finish(undefined, Object.assign(new Error('exec was cancelled'), { name: 'CancelledError' }));
      };
      if (io.signal?.aborted) return onAbort();
      io.signal?.addEventListener('abort', onAbort);
      new Exec(this.kc)
        .exec(
          namespace,
          pod,
          name,
          command,
          sink(io.onStdout),
          sink(io.onStderr),
          (io.stdin as any) ?? null,
          false,
          (status: any) => {
            if (status?.status === 'Success') return finish({ exitCode: 0, message: '' });
            const code = Number(status?.details?.causes?.find((c: any) => c.reason === 'ExitCode')?.message ?? 1);
            finish({ exitCode: Number.isFinite(code) ? code : 1, message: status?.message ?? '' });
          },
        )
        .then(
          (ws: any) => {
            socket = ws;
            if (settled) ws.close();
            ws.on('close', () =>
              finish(
                undefined,
                new ClusterError(
                  'other',
                  'pods',
                  namespace,
                  `exec in ${namespace}/${pod} ended without an exit status`,
                  'The connection was closed; try again.',
                ),
              ),
            );
            ws.on('error', (e: unknown) => finish(undefined, normaliseError(e, ectx)));
          },
          (e: unknown) => finish(undefined, normaliseError(e, ectx)),
        );
    });
  }

  async apiVersions(): Promise<string[]> {
    const ectx = this.ctx('discover', 'apiVersions');
    const [core, groups] = await Promise.all([
      this.request(HttpMethod.GET, '/api', ectx),
      this.request(HttpMethod.GET, '/apis', ectx),
    ]);
    const versions: string[] = Array.isArray(core?.versions) ? core.versions.map(String) : [];
    for (const g of Array.isArray(groups?.groups) ? groups.groups : [])
      for (const v of Array.isArray(g?.versions) ? g.versions : []) if (v?.groupVersion) versions.push(v.groupVersion);
    return [...new Set(versions)].sort();
  }

  async namespaces(): Promise<string[]> {
    const res = await this.request(HttpMethod.GET, '/api/v1/namespaces', this.ctx('list', 'namespaces'));
    return (res.items ?? []).map((n: any) => n.metadata.name as string).sort();
  }

  dispose(): void {
    for (const f of [...this.forwards]) f.dispose();
  }
}

export function createClusterClient(options: ClientOptions): ClusterClient {
  return new KubeClusterClient(options);
}
