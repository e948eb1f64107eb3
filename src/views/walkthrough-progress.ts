/**
 * Checks off the walkthrough's steps from what the cluster and the workspace show: every few seconds (and
 * when the connection or a followed job changes) it asks the cluster through the connection's client and
 * sets `alluxioDl.walkthrough.<step>` context keys; the decisions are in src/core/walkthrough.ts.
 * The costly questions (an HDFS listing through a port-forward, the cache state by exec in the Alluxio
 * master) are asked only once the step before them can be done.
 */
import * as vscode from 'vscode';
import type { ClusterClient, KubeObject } from '../k8s/cluster-client';
import { fetchCacheState } from '../k8s/data/alluxio-fetch';
import { listHdfs } from '../k8s/data/hdfs-fetch';
import { decodeRelease } from '../core/model/helm-release';
import {
  changedSteps,
  contextKey,
  DATASET_LABEL_KEY,
  DATASET_PATH,
  NO_FACTS,
  questionsFor,
  walkthroughState,
  type WalkthroughFacts,
  type WalkthroughStep,
} from '../core/walkthrough';

export interface WalkthroughProgressDeps {
  client(): Promise<ClusterClient>;
  namespace(): string;
  /** Jobs whose logs are followed now. */
  followedJobs(): number;
  /** Where the record of successful image builds is kept. */
  state: vscode.Memento;
  log: { info(m: string): void };
}

const BUILT_KEY = 'alluxioDl.walkthrough.builtImages';
/** Alluxio values files and Fluid Datasets (no character classes: not every file search reads them). */
const CONFIG_GLOBS = ['**/config.{yaml,yml}', '**/*{dataset,Dataset}*.{yaml,yml}'];
/** Bounds on what one round reads. */
const MAX_RELEASES = 200;
const MAX_CONFIG_FILES = 20;
/** Asked every 5 s while something changes or a command ran lately, every 60 s once a minute passed quietly. */
const PERIOD_MS = 5_000;
const QUIET_PERIOD_MS = 60_000;
const QUIET_ROUNDS = 12;

export class WalkthroughProgress implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private quietRounds = 0;
  private shown: Record<WalkthroughStep, boolean> | undefined;
  /** What the last look saw (the costly answers stand in until asked again). */
  private last: WalkthroughFacts = NO_FACTS;
  private disposed = false;
  private readonly abort = new AbortController();

  constructor(private readonly deps: WalkthroughProgressDeps) {
    this.schedule(0);
  }

  /** Asks again now (the connection or a follower changed, a command finished). */
  poke(): void {
    this.quietRounds = 0;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Records a successful build (the walkthrough's build step). */
  async imageBuilt(tag: string): Promise<void> {
    const built = this.deps.state.get<string[]>(BUILT_KEY, []).filter((t) => t !== tag);
    await this.deps.state.update(BUILT_KEY, [tag, ...built].slice(0, 20));
    this.poke();
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        this.schedule(this.again ? 0 : this.quietRounds >= QUIET_ROUNDS ? QUIET_PERIOD_MS : PERIOD_MS);
        this.again = false;
      });
    }, ms);
  }

  /**
   * One look: the workspace's steps are checked at once (a config.yaml, a build, a followed job), the
   * cluster's as last seen; then the cluster's lists, then the costly questions, each shown as it comes,
   * so that a slow exec in the Alluxio master never holds back a step the workspace shows done.
   */
  private async round(): Promise<void> {
    let changes = 0;
    const show = async (facts: WalkthroughFacts) => {
      if (this.disposed) return;
      const state = walkthroughState(facts);
      const changed = changedSteps(this.shown, state);
      changes += changed.length;
      for (const step of changed) {
        await vscode.commands.executeCommand('setContext', contextKey(step), state[step]);
        if (this.shown) this.deps.log.info(`walkthrough: ${step} ${state[step] ? 'done' : 'no longer done'}`);
      }
      this.shown = state;
      this.last = facts;
    };
    const local = await this.workspaceFacts();
    await show({ ...this.last, ...local });
    let listed: WalkthroughFacts;
    try {
      listed = { ...NO_FACTS, ...local, ...(await this.clusterFacts()) };
    } catch (e) {
      this.deps.log.info(`walkthrough: ${(e as Error).message}`);
      await show({ ...NO_FACTS, ...local });
      this.quietRounds = changes ? 0 : this.quietRounds + 1;
      return;
    }
    // what the costly questions said last time stands until they answer again
    const before = { datasetEntries: this.last.datasetEntries, cachedPercentage: this.last.cachedPercentage };
    await show({ ...listed, ...before });
    const costly = await this.costlyFacts(listed).catch((e: Error) => {
      this.deps.log.info(`walkthrough: ${e.message}`);
      return before;
    });
    await show({ ...listed, ...costly });
    this.quietRounds = changes ? 0 : this.quietRounds + 1;
  }

  /** What the workspace and this window show: config files, images built, jobs followed. */
  private async workspaceFacts(): Promise<Pick<WalkthroughFacts, 'configFiles' | 'builtImages' | 'followedJobs'>> {
    const found = await Promise.all(
      CONFIG_GLOBS.map((glob) =>
        Promise.resolve(vscode.workspace.findFiles(glob, '**/node_modules/**', MAX_CONFIG_FILES)).catch((e: Error) => {
          this.deps.log.info(`walkthrough: cannot look for ${glob} in the workspace: ${e.message}`);
          return [] as vscode.Uri[];
        }),
      ),
    );
    return {
      configFiles: found.flat().map((f) => f.fsPath),
      builtImages: this.deps.state.get<string[]>(BUILT_KEY, []),
      followedJobs: this.deps.followedJobs(),
    };
  }

  /** The cluster's lists: reachable, releases, labelled nodes, training jobs (one request each). */
  private async clusterFacts(): Promise<
    Pick<WalkthroughFacts, 'reachable' | 'deployedCharts' | 'labelledNodes' | 'jobs'>
  > {
    const client = await this.deps.client();
    const ns = this.deps.namespace();
    const [nodes, releases, tfjobs, pytorchjobs] = await Promise.all([
      client.list('nodes', ''),
      client.list('helmreleases', ns),
      client.list('tfjobs', ns).catch(() => ({ items: [] as KubeObject[] })),
      client.list('pytorchjobs', ns).catch(() => ({ items: [] as KubeObject[] })),
    ]);
    return {
      reachable: true,
      deployedCharts: deployedCharts(releases.items),
      labelledNodes: nodes.items.filter((n) => n.metadata?.labels?.[DATASET_LABEL_KEY]).length,
      jobs: tfjobs.items.length + pytorchjobs.items.length,
    };
  }

  /** The dataset in HDFS (a listing through a port-forward) and its cache state (an exec in the master). */
  private async costlyFacts(
    facts: WalkthroughFacts,
  ): Promise<Pick<WalkthroughFacts, 'datasetEntries' | 'cachedPercentage'>> {
    const out: Pick<WalkthroughFacts, 'datasetEntries' | 'cachedPercentage'> = {};
    if (!questionsFor(facts).hdfsListing) return out;
    const client = await this.deps.client();
    const ns = this.deps.namespace();
    const pods = (await client.list('pods', ns)).items;
    const signal = this.abort.signal;
    const nn = pods.find((p) => p.metadata?.labels?.app === 'hdfs-namenode' && p.status?.phase === 'Running');
    if (nn) {
      const target = { namespace: nn.metadata.namespace ?? ns, pod: nn.metadata.name };
      const listed = await listHdfs(client, target, DATASET_PATH, { signal });
      out.datasetEntries = listed.ok ? listed.value.length : undefined;
    }
    if (!questionsFor({ ...facts, ...out }).cacheState) return out;
    const master = pods.find((p) => p.metadata?.labels?.role === 'alluxio-master' && p.status?.phase === 'Running');
    if (master) {
      const cache = await fetchCacheState(
        client,
        { namespace: master.metadata.namespace ?? ns, pod: master.metadata.name, container: 'alluxio-master' },
        DATASET_PATH,
        { signal, timeoutMs: 60_000 },
      );
      out.cachedPercentage = cache.ok ? cache.value.cachedPercentage : undefined;
    }
    return out;
  }
}

/** Chart names of the deployed releases (the newest version of each). */
function deployedCharts(secrets: readonly KubeObject[]): string[] {
  const charts = new Set<string>();
  for (const s of secrets.slice(0, MAX_RELEASES)) {
    if (s.metadata?.labels?.status !== 'deployed') continue;
    const name = decodeRelease(s)?.chart?.metadata?.name;
    if (name) charts.add(name);
  }
  return [...charts];
}
