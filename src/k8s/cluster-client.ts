import type { KubeObject, ResourceKind, WatchEvent } from '../core/model/kinds';

export type { KubeObject, ResourceKind, WatchEvent } from '../core/model/kinds';

/**
 * The only way the extension reaches a cluster. Small and typed: only what the explorer's views and
 * commands need. Implemented with @kubernetes/client-node in src/k8s/kube (a separate bundle, loaded
 * on first use) and in memory for unit tests. Every method rejects with a ClusterError.
 */
export interface ClusterClient {
  /** The kubeconfig context this client talks to, and its user (for messages). */
  readonly context: string;
  readonly user: string;

  /** Lists a kind (namespace '' = all namespaces; ignored for cluster-scoped kinds). */
  list(kind: ResourceKind, namespace: string): Promise<ListResult>;
  /**
   * Watches a kind from a resourceVersion. Resolves when the server (or the client's timeout) ends
   * the watch, rejects with a ClusterError ('expired' when the version is too old: re-list).
   * BOOKMARK events only advance `onResourceVersion`. Stops when `signal` aborts.
   */
  watch(
    kind: ResourceKind,
    namespace: string,
    resourceVersion: string,
    handlers: WatchHandlers,
    signal: AbortSignal,
  ): Promise<void>;
  /** One object as YAML, managedFields removed. */
  getYaml(kind: ResourceKind, namespace: string | undefined, name: string): Promise<string>;
  /** Events whose involvedObject is the given object, oldest first. */
  events(kind: ResourceKind, namespace: string | undefined, name: string): Promise<ClusterEvent[]>;
  delete(kind: ResourceKind, namespace: string | undefined, name: string): Promise<void>;
  /** Forwards 127.0.0.1:<random port> to a pod's port until disposed. */
  portForward(namespace: string, pod: string, port: number): Promise<PortForwardHandle>;
  /** Sets (string) or removes (null) labels of a node, with a merge patch. */
  patchNodeLabels(name: string, labels: Record<string, string | null>): Promise<void>;
  /**
   * Server-side apply of one object (PATCH application/apply-patch+yaml with fieldManager). Rejects
   * 'conflict' (409) when another field manager owns a field, unless `force`. Resolves with the object.
   */
  apply(
    kind: ResourceKind,
    namespace: string | undefined,
    object: KubeObject,
    options: ApplyOptions,
  ): Promise<KubeObject>;
  /** Runs a command in a pod's container (exec), streaming stdin in and stdout/stderr out. */
  exec(
    namespace: string,
    pod: string,
    container: string | undefined,
    command: string[],
    io: ExecIO,
  ): Promise<ExecResult>;
  /** The group/versions the API server serves (discovery: `v1`, `apps/v1`, …), e.g. to find removed APIs. */
  apiVersions(): Promise<string[]>;
  /** Namespaces, for the namespace picker (may reject 'forbidden'). */
  namespaces(): Promise<string[]>;
  dispose(): void;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export interface WatchHandlers {
  onEvent(event: WatchEvent): void;
  onResourceVersion(resourceVersion: string): void;
}

export interface ClusterEvent {
  type: string; // Normal | Warning
  reason: string;
  message: string;
  count: number;
  lastSeen: string;
  source: string;
}

export interface ApplyOptions {
  fieldManager: string;
  force?: boolean;
}

export interface ExecIO {
  /** Streamed to the command's stdin, which is closed at its end. */
  stdin?: NodeJS.ReadableStream;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Aborting closes the connection (the command gets EOF/hangup) and rejects. */
  signal?: AbortSignal;
}

export interface ExecResult {
  /** The command's exit code (0 on success). */
  exitCode: number;
  /** The server's message when it failed. */
  message: string;
}

export interface PortForwardHandle {
  readonly localPort: number;
  /** Why the last connection through the forward failed, as the server or the socket said (if known). */
  lastError?(): string | undefined;
  dispose(): void;
}

export type ClusterErrorKind =
  'unreachable' | 'unauthorized' | 'forbidden' | 'notFound' | 'crdMissing' | 'conflict' | 'expired' | 'other';

/** Every failure of a ClusterClient, normalised: what failed, why, and what to do next. */
export class ClusterError extends Error {
  constructor(
    readonly kind: ClusterErrorKind,
    readonly resource: string,
    readonly namespace: string | undefined,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

export function isClusterError(e: unknown): e is ClusterError {
  return (
    e instanceof Error && (e as ClusterError).name === 'ClusterError' && typeof (e as ClusterError).kind === 'string'
  );
}

/** Options to create a client from kubeconfig files (merged as kubectl does). */
export interface ClientOptions {
  kubeconfigFiles: string[];
  context: string;
}

/** What src/k8s/kube exports (dist/k8s.js). */
export interface KubeModule {
  createClusterClient(options: ClientOptions): ClusterClient;
}
