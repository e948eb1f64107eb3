// The explorer's refresh as the view runs it, for the benchmarks: the ids a watch event changes are
// gathered, and once per 100 ms window the changed nodes are rendered (what getTreeItem does for them).
import type { ClusterModel, Changes } from '../../src/core/model/cluster-model';
import type { ResourceKind } from '../../src/core/model/kinds';
import type { ExplorerTree } from '../../src/core/model/tree';
import type { WatchEvent } from '../../src/k8s/cluster-client';
import type { WatchSink } from '../../src/k8s/watcher';

export class DebouncedRender {
  /** How long each window's render took (ms). */
  readonly renders: number[] = [];
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  /** `roots`: each window also lists the top level, as the view does when a release or node appears. */
  constructor(
    private readonly model: ClusterModel,
    private readonly tree: ExplorerTree,
    private readonly options: { roots?: boolean } = {},
  ) {}

  /** A watch sink that applies to the model and schedules the render; `seen` sees each event first. */
  sink(seen?: (kind: ResourceKind, ev: WatchEvent) => void): WatchSink {
    return {
      reset: (k, items) => this.schedule(this.model.reset(k, items)),
      event: (k, ev) => {
        seen?.(k, ev);
        this.schedule(this.model.apply(k, ev));
      },
      failure: (k, e) => this.schedule(this.model.setFailure(k, e)),
    };
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private schedule(c: Changes): void {
    for (const id of c) this.pending.add(id);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const ids = this.pending;
      this.pending = new Set();
      const s = performance.now();
      for (const id of ids) this.tree.node(id);
      if (this.options.roots) this.tree.children(undefined);
      this.renders.push(performance.now() - s);
    }, 100);
  }
}
