/**
 * The one owner of "which cluster": the kubeconfig files (the setting, else every file in KUBECONFIG,
 * else ~/.kube/config, merged as kubectl does, or files the user chose), the chosen context and
 * namespace (persisted per workspace; the kubeconfig is never written), the lazily loaded client and
 * log streamer, and one change event. activate() builds it and hands it to every feature: views
 * render, they never read kubeconfig files or load the client bundle.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigCandidates } from '../core/kubeconfig-paths';
import type { ClusterClient, KubeModule } from '../k8s/cluster-client';
import { readKubeconfigs, type KubeContext, type KubeconfigSummary } from '../k8s/kubeconfig';
import { loadKubeModule } from '../k8s/load';
import type { KubeLogModule, PodLogStreamer } from '../k8s/log-stream/types';
import { ClusterHandle } from './cluster-handle';
import { KubeconfigWatch } from './kubeconfig-watch';

const CONTEXT_KEY = 'alluxioDl.explorer.context';
const CONTEXT_FILE_KEY = 'alluxioDl.connection.contextFile';
const FILES_KEY = 'alluxioDl.connection.kubeconfigFiles';
const NAMESPACE_KEY = (context: string) => `alluxioDl.explorer.namespace.${context}`;

/** Where features point: the files to load, the context in them, the namespace ('' = all). */
export interface ConnectionTarget {
  kubeconfigFiles: string[];
  context: string;
  namespace: string;
}

/** Persisted choices (a Memento satisfies it). */
export interface ChoiceStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface ConnectionLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ConnectionDeps {
  /** The alluxioDl.kubeconfig setting ('' when unset). */
  kubeconfigSetting: () => string;
  state: ChoiceStore;
  log: ConnectionLog;
  /** Loads the client-node bundle (dist/k8s.js); tests may pass another. */
  loadKube?: () => KubeModule & KubeLogModule;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Watch the kubeconfig files for changes on disk (default true). */
  watchFiles?: boolean;
}

/** Where the kubeconfig files come from, for messages and the picker. */
export type KubeconfigOrigin = 'chosen' | 'setting' | 'KUBECONFIG' | 'default';

export interface ConnectionChange {
  /** The files, context or namespace changed (not merely a retry). */
  moved: boolean;
  target: ConnectionTarget;
}

type Listener = (change: ConnectionChange) => void;

export class ClusterConnection {
  private summary: KubeconfigSummary = { files: [], currentContext: '', contexts: [], problems: [] };
  private candidates: string[] = [];
  private current: ConnectionTarget = { kubeconfigFiles: [], context: '', namespace: '' };
  private entry: KubeContext | undefined;
  private handle: ClusterHandle | undefined;
  private lastError: string | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly watch: KubeconfigWatch | undefined;
  private disposed = false;

  constructor(private readonly deps: ConnectionDeps) {
    this.watch =
      deps.watchFiles === false ? undefined : new KubeconfigWatch(() => this.reload({ contentChanged: true }));
  }

  /** Fires when the target moves or the kubeconfig's content changes; returns an unsubscriber. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get target(): ConnectionTarget {
    return this.current;
  }

  get context(): string {
    return this.current.context;
  }

  get namespace(): string {
    return this.current.namespace;
  }

  /** Every context of every file, shadowed ones (a name defined by an earlier file) included. */
  get contexts(): readonly KubeContext[] {
    return this.summary.contexts;
  }

  /** The kubeconfig entry of the current context (which file defines it). */
  get currentEntry(): KubeContext | undefined {
    return this.entry;
  }

  /** The files that were read, and where they came from. */
  get kubeconfig(): { files: string[]; candidates: string[]; origin: KubeconfigOrigin; problems: string[] } {
    return {
      files: this.summary.files,
      candidates: this.candidates,
      origin: this.origin(),
      problems: this.summary.problems,
    };
  }

  /** The last error creating a client (a broken kubeconfig, a missing bundle), until it works again. */
  get connectError(): string | undefined {
    return this.lastError;
  }

  /**
   * Re-reads the kubeconfig files. Fires a change (and drops the client) when the target moved or,
   * with contentChanged, when the files' content did (a rotated certificate, a new server address).
   */
  reload(options: { contentChanged?: boolean } = {}): ConnectionChange {
    const before = key(this.current);
    this.read();
    const moved = before !== key(this.current);
    if (moved || options.contentChanged || this.lastError) this.drop();
    const change = { moved, target: this.current };
    if (moved || options.contentChanged) this.fire(change);
    return change;
  }

  /** The client for the target, created on first use and shared by every feature. */
  async client(): Promise<ClusterClient> {
    return this.ensure().client;
  }

  /** The handle (client + log streamer) for the target; retain() it to keep it past a context switch. */
  acquire(): ClusterHandle {
    return this.ensure();
  }

  /** The log streamer (one HTTP/2 connection per context) for the target. */
  logStreamer(): PodLogStreamer {
    return this.ensure().streamer;
  }

  async useContext(context: string, file?: string): Promise<void> {
    const known = this.summary.contexts.some((c) => c.name === context && (!file || c.file === file));
    if (!known) throw new Error(`No context "${context}" in ${this.summary.files.join(', ') || 'the kubeconfig'}.`);
    await this.deps.state.update(CONTEXT_KEY, context);
    await this.deps.state.update(CONTEXT_FILE_KEY, file);
    this.reload();
  }

  async useNamespace(namespace: string): Promise<void> {
    await this.deps.state.update(NAMESPACE_KEY(this.current.context), namespace);
    this.reload();
  }

  /** Files the user chose (merged in order, as KUBECONFIG would); undefined goes back to the default. */
  async useKubeconfigFiles(files: string[] | undefined): Promise<void> {
    await this.deps.state.update(FILES_KEY, files && files.length ? files : undefined);
    await this.deps.state.update(CONTEXT_FILE_KEY, undefined);
    this.reload();
  }

  /** For helm and other tools: --kubeconfig when one file is used, else KUBECONFIG for several. */
  toolTarget(): { kubeconfig?: string; kubeContext?: string; env: Record<string, string> } {
    const files = this.current.kubeconfigFiles;
    const fromEnv = this.origin() === 'KUBECONFIG' || this.origin() === 'default';
    // One file (also a same-named context read from its own file): always named, so that helm reads
    // that context and not the first file's of the same name.
    const one = files.length === 1 ? files[0] : undefined;
    const env: Record<string, string> = !fromEnv && files.length > 1 ? { KUBECONFIG: files.join(path.delimiter) } : {};
    return { kubeconfig: one, kubeContext: this.current.context || undefined, env };
  }

  dispose(): void {
    this.disposed = true;
    this.watch?.dispose();
    this.drop();
    this.listeners.clear();
  }

  // ---- internals ---------------------------------------------------------------------------------

  private origin(): KubeconfigOrigin {
    if (this.deps.state.get<string[]>(FILES_KEY)?.length) return 'chosen';
    if (this.deps.kubeconfigSetting()) return 'setting';
    return (this.deps.env ?? process.env).KUBECONFIG ? 'KUBECONFIG' : 'default';
  }

  private read(): void {
    const chosenFiles = this.deps.state.get<string[]>(FILES_KEY);
    this.candidates = chosenFiles?.length
      ? chosenFiles
      : kubeconfigCandidates(
          this.deps.kubeconfigSetting(),
          this.deps.env ?? process.env,
          this.deps.home ?? os.homedir(),
        );
    this.summary = readKubeconfigs(this.candidates);
    this.watch?.follow(this.candidates);
    for (const p of this.summary.problems) this.deps.log.warn(`connection: kubeconfig ${p}`);
    if (this.summary.files.length === 0) {
      this.deps.log.info(`connection: no kubeconfig (looked at ${this.candidates.join(', ')})`);
      this.current = { kubeconfigFiles: [], context: '', namespace: '' };
      this.entry = undefined;
      return;
    }
    const saved = this.deps.state.get<string>(CONTEXT_KEY);
    const savedFile = this.deps.state.get<string>(CONTEXT_FILE_KEY);
    const visible = (name: string | undefined) =>
      name ? this.summary.contexts.find((c) => c.name === name && !c.shadowed) : undefined;
    const chosen =
      (savedFile && this.summary.contexts.find((c) => c.name === saved && c.file === savedFile)) ||
      visible(saved) ||
      visible(this.summary.currentContext);
    this.entry = chosen;
    const context = chosen?.name ?? this.summary.currentContext;
    // A context hidden by an earlier file's context of the same name is read from its own file only.
    const files = chosen?.shadowed ? [chosen.file] : this.summary.files;
    const namespace = this.deps.state.get<string>(NAMESPACE_KEY(context)) ?? (chosen?.namespace || 'default');
    this.current = { kubeconfigFiles: files, context, namespace };
  }

  private ensure(): ClusterHandle {
    if (this.disposed) throw new Error('The Alluxio DL cluster connection is closed (the window is closing).');
    if (this.handle) return this.handle;
    if (!this.summary.files.length) this.read();
    const t = this.current;
    if (!t.kubeconfigFiles.length)
      throw new Error(
        `No kubeconfig found (looked at ${this.candidates.join(', ') || 'nothing'}): choose one with "Alluxio DL: Switch Kubernetes Context" → Choose kubeconfig file(s)…, set alluxioDl.kubeconfig or KUBECONFIG, or create ~/.kube/config.`,
      );
    if (!t.context)
      throw new Error(
        `The kubeconfig (${t.kubeconfigFiles.join(', ')}) has no current-context: pick one with "Alluxio DL: Switch Kubernetes Context".`,
      );
    const started = Date.now();
    try {
      const kube = (this.deps.loadKube ?? loadKubeModule)();
      const options = { kubeconfigFiles: t.kubeconfigFiles, context: t.context };
      this.handle = new ClusterHandle(t.context, kube.createClusterClient(options), () =>
        kube.createPodLogStreamer(options),
      );
      this.lastError = undefined;
      this.deps.log.info(
        `connection: context ${t.context} (user ${this.handle.client.user || '?'}), namespace ${t.namespace || 'all'}; client ready in ${Date.now() - started} ms`,
      );
      return this.handle;
    } catch (e) {
      this.lastError = (e as Error).message;
      this.deps.log.error(`connection: ${this.lastError}`);
      throw e;
    }
  }

  private drop(): void {
    this.handle?.release();
    this.handle = undefined;
    this.lastError = undefined;
  }

  private fire(change: ConnectionChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch (e) {
        this.deps.log.error(`connection: a listener failed: ${(e as Error).message}`);
      }
    }
  }
}

function key(t: ConnectionTarget): string {
  return `${t.kubeconfigFiles.join('\0')}|${t.context}|${t.namespace}`;
}
