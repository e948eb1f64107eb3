import type { KubeObject, WatchEvent } from '../../src/core/model/kinds';
import { compareKeys, timeKey } from '../../src/core/log-pipeline/timestamps';
import { LogStreamError, PodLogRequest, PodLogStreamer } from '../../src/k8s/log-stream/types';
import type { PodSource } from '../../src/follow/job-follower';

interface Open {
  onData(c: string): void;
  end(): void;
  fail(e: Error): void;
}

/**
 * Pods and their logs in memory, behind the PodLogStreamer and PodSource interfaces the job follower
 * uses: append lines, drop streams, restart containers. It implements those interfaces only; it is not an
 * imitation of the API server's HTTP protocol.
 */
export class MemoryPodLogs implements PodLogStreamer, PodSource {
  readonly context = 'fake';
  readonly user = 'tester';
  private readonly logs = new Map<string, string[]>(); // ns/pod/container[#previous] → timestamped lines
  private readonly open = new Map<string, Set<Open>>();
  private readonly pods = new Map<string, KubeObject>();
  private handlers: Parameters<PodSource['start']>[0] | undefined;
  forbidden = false;
  requests: PodLogRequest[] = [];
  private clock = Date.parse('2026-01-02T03:04:05Z');

  start(h: Parameters<PodSource['start']>[0]) {
    this.handlers = h;
    queueMicrotask(() => h.reset([...this.pods.values()]));
    return { dispose: () => (this.handlers = undefined) };
  }

  addPod(
    name: string,
    labels: Record<string, string>,
    containers = ['pytorch'],
    uid = `${name}-uid-${Math.random()}`,
  ): KubeObject {
    const o: KubeObject = {
      metadata: { name, namespace: 'default', uid, labels },
      spec: { containers: containers.map((c) => ({ name: c })) },
      status: {
        phase: 'Running',
        containerStatuses: containers.map((c) => ({
          name: c,
          restartCount: 0,
          containerID: `cid-${uid}-${c}-0`,
          state: { running: {} },
        })),
      },
    };
    this.pods.set(name, o);
    this.handlers?.event({ type: 'ADDED', object: o } as WatchEvent);
    return o;
  }

  deletePod(name: string): void {
    const o = this.pods.get(name)!;
    this.pods.delete(name);
    for (const k of [...this.logs.keys()]) if (k.startsWith(`default/${name}/`)) this.logs.delete(k);
    this.handlers?.event({ type: 'DELETED', object: o } as WatchEvent);
  }

  /** The container restarts: its log becomes the previous log. */
  restart(name: string, container = 'pytorch'): void {
    const o = this.pods.get(name)!;
    const key = `default/${name}/${container}`;
    this.logs.set(`${key}#previous`, this.logs.get(key) ?? []);
    this.logs.set(key, []);
    for (const s of this.open.get(key) ?? []) s.end();
    const st = o.status.containerStatuses.find((c: any) => c.name === container);
    st.restartCount++;
    st.containerID = `cid-${o.metadata.uid}-${container}-${st.restartCount}`;
    const copy = JSON.parse(JSON.stringify(o));
    this.pods.set(name, copy);
    this.handlers?.event({ type: 'MODIFIED', object: copy } as WatchEvent);
  }

  /** Appends lines; `sameTime` gives them all one timestamp (as a fast writer does). */
  append(pod: string, texts: string[], container = 'pytorch', sameTime = false): void {
    const key = `default/${pod}/${container}`;
    const log = this.logs.get(key) ?? [];
    this.logs.set(key, log);
    if (sameTime) this.clock += 1;
    for (const t of texts) {
      if (!sameTime) this.clock += 1;
      const line = `${new Date(this.clock).toISOString()} ${t}`;
      log.push(line);
      for (const s of this.open.get(key) ?? []) s.onData(line + '\n');
    }
  }

  /** Every open stream of the container fails, as when the API server restarts. */
  drop(pod: string, container = 'pytorch'): number {
    const set = this.open.get(`default/${pod}/${container}`) ?? new Set();
    const n = set.size;
    for (const s of [...set]) s.fail(new LogStreamError('dropped', 'connection reset'));
    return n;
  }

  openStreams(pod: string, container = 'pytorch'): number {
    return this.open.get(`default/${pod}/${container}`)?.size ?? 0;
  }

  async stream(r: PodLogRequest, onData: (chunk: string) => void, signal: AbortSignal): Promise<void> {
    this.requests.push(r);
    await Promise.resolve();
    if (this.forbidden)
      throw new LogStreamError(
        'forbidden',
        `403 Forbidden: user restricted may not read logs of ${r.namespace}/${r.pod}`,
        403,
      );
    if (!this.pods.has(r.pod)) throw new LogStreamError('notFound', 'pods not found', 404);
    const key = `default/${r.pod}/${r.container}${r.previous ? '#previous' : ''}`;
    let lines = this.logs.get(key) ?? [];
    if (r.sinceTime)
      lines = lines.filter((l) => compareKeys(timeKey(l.slice(0, l.indexOf(' ')))!, timeKey(r.sinceTime!)!) >= 0);
    if (r.tailLines !== undefined) lines = r.tailLines === 0 ? [] : lines.slice(-r.tailLines);
    // deliver in odd-sized chunks to exercise line splitting
    const text = lines.map((l) => l + '\n').join('');
    for (let i = 0; i < text.length; i += 37) onData(text.slice(i, i + 37));
    if (!r.follow || signal.aborted) return;
    await new Promise<void>((resolve, reject) => {
      const entry: Open = {
        onData,
        end: () => (set.delete(entry), resolve()),
        fail: (e) => (set.delete(entry), reject(e)),
      };
      const set = this.open.get(key) ?? new Set();
      this.open.set(key, set);
      set.add(entry);
      signal.addEventListener('abort', () => entry.end());
    });
  }
}
