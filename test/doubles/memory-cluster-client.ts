/**
 * An in-memory ClusterClient for unit tests: a store of objects with resourceVersions and an event
 * history, so that list/watch/resume/expiry behave as the interface promises. It is not an imitation
 * of the API server's HTTP protocol: it implements the ClusterClient interface only.
 */
import {
  ClusterError,
  type ApplyOptions,
  type ClusterClient,
  type ClusterEvent,
  type ExecIO,
  type ExecResult,
  type ListResult,
  type PortForwardHandle,
  type WatchHandlers,
} from '../../src/k8s/cluster-client';
import { RESOURCES, objectKey, type KubeObject, type ResourceKind, type WatchEvent } from '../../src/core/model/kinds';

interface Watcher {
  kind: ResourceKind;
  namespace: string;
  handlers: WatchHandlers;
  end: (err?: Error) => void;
}

type Verb = 'list' | 'watch';

export class MemoryClusterClient implements ClusterClient {
  readonly context = 'fake';
  readonly user = 'tester';
  private rv = 100;
  private readonly store = new Map<ResourceKind, Map<string, KubeObject>>();
  private history: { rv: number; kind: ResourceKind; event: WatchEvent }[] = [];
  private compactedAt = 0;
  private readonly watchers = new Set<Watcher>();
  private readonly failures = new Map<string, { error: () => ClusterError; times: number }>();
  readonly calls = { list: 0, watch: 0 };

  get activeWatches(): number {
    return this.watchers.size;
  }

  /** Creates or replaces an object (ADDED or MODIFIED). */
  put(kind: ResourceKind, obj: KubeObject): KubeObject {
    const map = this.kindMap(kind);
    const key = objectKey(obj);
    const type = map.has(key) ? 'MODIFIED' : 'ADDED';
    const stored: KubeObject = structuredClone({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(++this.rv) },
    });
    map.set(key, stored);
    this.emit(kind, { type, object: stored });
    return stored;
  }

  remove(kind: ResourceKind, namespace: string | undefined, name: string): void {
    const map = this.kindMap(kind);
    const key = namespace ? `${namespace}/${name}` : name;
    const old = map.get(key);
    if (!old) return;
    map.delete(key);
    const gone = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.emit(kind, { type: 'DELETED', object: gone });
  }

  /** The next `times` calls of verb on kind fail with the error. */
  fail(verb: Verb, kind: ResourceKind, error: () => ClusterError, times = Infinity): void {
    this.failures.set(`${verb}:${kind}`, { error, times });
  }

  heal(verb: Verb, kind: ResourceKind): void {
    this.failures.delete(`${verb}:${kind}`);
  }

  /** Forgets history: watches from older versions get 'expired'. */
  compact(): void {
    this.compactedAt = this.rv;
    this.history = [];
  }

  /** Ends every open watch normally (what client-node does every ~30 s). */
  endWatches(err?: Error): void {
    for (const w of [...this.watchers]) w.end(err);
  }

  async list(kind: ResourceKind, namespace: string): Promise<ListResult> {
    this.calls.list++;
    await Promise.resolve();
    this.maybeFail('list', kind, namespace);
    const items = [...this.kindMap(kind).values()]
      .filter((o) => this.inScope(kind, o, namespace))
      .map((o) => structuredClone(o));
    return { items, resourceVersion: String(this.rv) };
  }

  watch(
    kind: ResourceKind,
    namespace: string,
    resourceVersion: string,
    handlers: WatchHandlers,
    signal: AbortSignal,
  ): Promise<void> {
    this.calls.watch++;
    return new Promise<void>((resolve, reject) => {
      try {
        this.maybeFail('watch', kind, namespace);
        const from = Number(resourceVersion);
        if (from < this.compactedAt)
          throw new ClusterError('expired', kind, namespace, `too old resource version: ${from}`, '');
        const w: Watcher = {
          kind,
          namespace,
          handlers,
          end: (err) => {
            this.watchers.delete(w);
            signal.removeEventListener('abort', onAbort);
            if (err) reject(err);
            else resolve();
          },
        };
        const onAbort = () => w.end();
        signal.addEventListener('abort', onAbort);
        for (const h of this.history) {
          if (h.rv > from && h.kind === kind && this.inScope(kind, h.event.object, namespace))
            handlers.onEvent(structuredClone(h.event));
        }
        this.watchers.add(w);
      } catch (e) {
        reject(e);
      }
    });
  }

  async getYaml(kind: ResourceKind, namespace: string | undefined, name: string): Promise<string> {
    const o = this.kindMap(kind).get(namespace ? `${namespace}/${name}` : name);
    if (!o) throw new ClusterError('notFound', kind, namespace, `${kind} ${name} not found`, '');
    return JSON.stringify(o, null, 2);
  }

  async events(): Promise<ClusterEvent[]> {
    return [];
  }

  async delete(kind: ResourceKind, namespace: string | undefined, name: string): Promise<void> {
    this.remove(kind, namespace, name);
  }

  async portForward(): Promise<PortForwardHandle> {
    throw new ClusterError('other', 'pods', undefined, 'port-forward is not supported by the fake', '');
  }

  async patchNodeLabels(name: string, labels: Record<string, string | null>): Promise<void> {
    const node = this.kindMap('nodes').get(name);
    if (!node) throw new ClusterError('notFound', 'nodes', undefined, `node ${name} not found`, '');
    const next = { ...(node.metadata.labels ?? {}) };
    for (const [k, v] of Object.entries(labels)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    this.put('nodes', { ...node, metadata: { ...node.metadata, labels: next } });
  }

  /** Server-side apply, simplified: one manager per object; another manager's object is a 409 unless forced. */
  async apply(
    kind: ResourceKind,
    namespace: string | undefined,
    object: KubeObject,
    options: ApplyOptions,
  ): Promise<KubeObject> {
    const ns = RESOURCES[kind].namespaced ? namespace : undefined;
    const key = ns ? `${ns}/${object.metadata.name}` : object.metadata.name;
    const old = this.kindMap(kind).get(key);
    const owner = (old?.metadata as any)?.managedFields?.[0]?.manager as string | undefined;
    if (old && owner && owner !== options.fieldManager && !options.force) {
      throw new ClusterError(
        'conflict',
        kind,
        ns,
        `cannot patch ${kind}: conflict (Apply failed with 1 conflict: conflict with "${owner}": .spec)`,
        '',
      );
    }
    const metadata = {
      ...object.metadata,
      namespace: ns,
      managedFields: [{ manager: options.fieldManager, operation: 'Apply' }],
    } as KubeObject['metadata'];
    return this.put(kind, { ...object, metadata });
  }

  /** Exec: the handler set by a test answers; without one, the pod has no such command. */
  execHandler?: (namespace: string, pod: string, command: string[], io: ExecIO) => Promise<ExecResult>;

  async exec(
    namespace: string,
    pod: string,
    _container: string | undefined,
    command: string[],
    io: ExecIO,
  ): Promise<ExecResult> {
    if (!this.kindMap('pods').get(`${namespace}/${pod}`))
      throw new ClusterError('notFound', 'pods', namespace, `pod ${pod} not found`, '');
    if (this.execHandler) return this.execHandler(namespace, pod, command, io);
    return { exitCode: 127, message: `${command[0]}: not found` };
  }

  /** Served group/versions; a test sets what its cluster serves. */
  served: string[] = ['v1', 'apps/v1', 'batch/v1', 'policy/v1', 'kubeflow.org/v1'];

  async apiVersions(): Promise<string[]> {
    return [...this.served];
  }

  async namespaces(): Promise<string[]> {
    return ['default'];
  }

  dispose(): void {
    this.endWatches();
  }

  private kindMap(kind: ResourceKind): Map<string, KubeObject> {
    let m = this.store.get(kind);
    if (!m) this.store.set(kind, (m = new Map()));
    return m;
  }

  private inScope(kind: ResourceKind, o: KubeObject, namespace: string): boolean {
    return !RESOURCES[kind].namespaced || !namespace || o.metadata.namespace === namespace;
  }

  private maybeFail(verb: Verb, kind: ResourceKind, namespace: string): void {
    const f = this.failures.get(`${verb}:${kind}`);
    if (!f) return;
    if (--f.times <= 0) this.failures.delete(`${verb}:${kind}`);
    const err = f.error();
    throw new ClusterError(err.kind, err.resource, namespace, err.message, err.hint);
  }

  private emit(kind: ResourceKind, event: WatchEvent): void {
    this.history.push({ rv: this.rv, kind, event });
    for (const w of this.watchers) {
      if (w.kind === kind && this.inScope(kind, event.object, w.namespace)) w.handlers.onEvent(structuredClone(event));
    }
  }
}
