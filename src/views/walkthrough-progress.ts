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
const CONFIG_GLOB = '**/{config.yaml,config.yml,*[dD]ataset*.yaml,*[dD]ataset*.yml}';
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

  private async round(): Promise<void> {
    const facts = await this.facts().catch((e: Error) => {
      this.deps.log.info(`walkthrough: ${e.message}`);
      return { ...NO_FACTS, configFiles: [] as string[] };
    });
    if (this.disposed) return;
    const state = walkthroughState(facts);
    const changed = changedSteps(this.shown, state);
    this.quietRounds = changed.length ? 0 : this.quietRounds + 1;
    for (const step of changed) await vscode.commands.executeCommand('setContext', contextKey(step), state[step]);
    this.shown = state;
  }

  private async facts(): Promise<WalkthroughFacts> {
    const files = await vscode.workspace.findFiles(CONFIG_GLOB, '**/node_modules/**', MAX_CONFIG_FILES);
    const base: WalkthroughFacts = {
      ...NO_FACTS,
      configFiles: files.map((f) => f.fsPath),
      builtImages: this.deps.state.get<string[]>(BUILT_KEY, []),
      followedJobs: this.deps.followedJobs(),
    };
    const client = await this.deps.client();
    const ns = this.deps.namespace();
    const [nodes, releases, pods, tfjobs, pytorchjobs] = await Promise.all([
      client.list('nodes', ''),
      client.list('helmreleases', ns),
      client.list('pods', ns),
      client.list('tfjobs', ns).catch(() => ({ items: [] as KubeObject[] })),
      client.list('pytorchjobs', ns).catch(() => ({ items: [] as KubeObject[] })),
    ]);
    const facts: WalkthroughFacts = {
      ...base,
      reachable: true,
      deployedCharts: deployedCharts(releases.items),
      labelledNodes: nodes.items.filter((n) => n.metadata?.labels?.[DATASET_LABEL_KEY]).length,
      jobs: tfjobs.items.length + pytorchjobs.items.length,
    };
    const ask = questionsFor(facts);
    const signal = this.abort.signal;
    if (ask.hdfsListing) {
      const nn = pods.items.find((p) => p.metadata?.labels?.app === 'hdfs-namenode' && p.status?.phase === 'Running');
      if (nn) {
        const listed = await listHdfs(
          client,
          { namespace: nn.metadata.namespace ?? ns, pod: nn.metadata.name },
          DATASET_PATH,
          {
            signal,
          },
        );
        facts.datasetEntries = listed.ok ? listed.value.length : undefined;
      }
    }
    if (questionsFor(facts).cacheState) {
      const master = pods.items.find(
        (p) => p.metadata?.labels?.role === 'alluxio-master' && p.status?.phase === 'Running',
      );
      if (master) {
        const cache = await fetchCacheState(
          client,
          { namespace: master.metadata.namespace ?? ns, pod: master.metadata.name, container: 'alluxio-master' },
          DATASET_PATH,
          { signal, timeoutMs: 60_000 },
        );
        facts.cachedPercentage = cache.ok ? cache.value.cachedPercentage : undefined;
      }
    }
    return facts;
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
