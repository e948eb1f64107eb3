import type { ClusterClient } from '../k8s/cluster-client';
import type { PodLogStreamer } from '../k8s/log-stream/types';

/**
 * One context's client and log streamer. The connection holds it while it is the target; a feature
 * that must outlive a context switch (a followed job keeps following its cluster) retains it, and the
 * handle is closed when the last holder releases it.
 */
export class ClusterHandle {
  private holders = 1;
  private logStreamer: PodLogStreamer | undefined;

  constructor(
    readonly context: string,
    readonly client: ClusterClient,
    private readonly createStreamer: () => PodLogStreamer,
  ) {}

  /** The HTTP/2 log connection of this context, opened on first use. */
  get streamer(): PodLogStreamer {
    this.logStreamer ??= this.createStreamer();
    return this.logStreamer;
  }

  get closed(): boolean {
    return this.holders <= 0;
  }

  /** Keeps the handle open until the matching release(). */
  retain(): this {
    if (this.closed) throw new Error(`The connection to ${this.context} is already closed.`);
    this.holders++;
    return this;
  }

  release(): void {
    if (this.closed) return;
    if (--this.holders > 0) return;
    this.client.dispose();
  }
}
