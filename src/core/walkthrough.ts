/**
 * The "Train on HDFS through Alluxio" walkthrough: its steps, and which of them the cluster (and the
 * workspace) shows done. A step is checked off by what is there, never by a button having been clicked:
 * the extension sets the context key `alluxioDl.walkthrough.<step>` that the step's completionEvents wait for.
 */

export const WALKTHROUGH_ID = 'trainOnHdfs';

export const WALKTHROUGH_STEPS = [
  'connect',
  'installHdfs',
  'uploadDataset',
  'labelNodes',
  'writeConfig',
  'installAlluxio',
  'warmCache',
  'buildImage',
  'submitJob',
  'followLogs',
] as const;
export type WalkthroughStep = (typeof WALKTHROUGH_STEPS)[number];

export const contextKey = (step: WalkthroughStep) => `alluxioDl.walkthrough.${step}`;

/** The label the PyTorch-on-HDFS guide puts on cache nodes (`kubectl label nodes NODE dataset=mnist`). */
export const DATASET_LABEL_KEY = 'dataset';
/** Where the guide puts the data in HDFS (`hdfs dfs -copyFromLocal *.gz /data/MNIST/raw`). */
export const DATASET_PATH = '/data';
/** The cache counts as warm from this share of the dataset in Alluxio. */
export const WARM_PERCENT = 99;

/** What was seen; undefined = not known (not asked yet, or the question failed). */
export interface WalkthroughFacts {
  /** The API server answered a list with the chosen context. */
  reachable: boolean;
  /** Chart names of the Helm releases in the namespace that are deployed. */
  deployedCharts: readonly string[];
  /** Files (or folders) under DATASET_PATH in HDFS. */
  datasetEntries?: number;
  /** Nodes that carry the dataset label. */
  labelledNodes: number;
  /** Workspace files: an Alluxio config.yaml, or a Fluid Dataset. */
  configFiles: readonly string[];
  /** Percentage of the dataset in Alluxio's cache. */
  cachedPercentage?: number;
  /** A Fluid DataLoad finished (the Fluid way of warming). */
  dataLoadComplete?: boolean;
  /** Images built from this workspace (a record of successful builds, or the builder's image list). */
  builtImages: readonly string[];
  /** Training jobs (TFJob, PyTorchJob, Arena) in the namespace. */
  jobs: number;
  /** Jobs whose logs are being followed. */
  followedJobs: number;
}

export const NO_FACTS: WalkthroughFacts = {
  reachable: false,
  deployedCharts: [],
  labelledNodes: 0,
  configFiles: [],
  builtImages: [],
  jobs: 0,
  followedJobs: 0,
};

const isHdfsChart = (name: string) => /^hdfs(-k8s)?$/.test(name);
const isAlluxioChart = (name: string) => name === 'alluxio';

/** Whether a workspace file name is an Alluxio values file (config.yaml) or a Fluid Dataset. */
export function isConfigFile(name: string): boolean {
  const base = name.split(/[\\/]/).pop() ?? '';
  return /^config\.ya?ml$/.test(base) || /dataset[\w.-]*\.ya?ml$/i.test(base);
}

/** Each step: done or not. */
export function walkthroughState(f: WalkthroughFacts): Record<WalkthroughStep, boolean> {
  return {
    connect: f.reachable,
    installHdfs: f.deployedCharts.some(isHdfsChart),
    uploadDataset: (f.datasetEntries ?? 0) > 0,
    labelNodes: f.labelledNodes > 0,
    writeConfig: f.configFiles.some(isConfigFile),
    installAlluxio: f.deployedCharts.some(isAlluxioChart),
    warmCache: (f.cachedPercentage ?? 0) >= WARM_PERCENT || f.dataLoadComplete === true,
    buildImage: f.builtImages.length > 0,
    submitJob: f.jobs > 0,
    followLogs: f.followedJobs > 0,
  };
}

/** Which questions are worth asking now: the costly ones (exec, port-forward) only once their step can be done. */
export function questionsFor(f: WalkthroughFacts): { hdfsListing: boolean; cacheState: boolean } {
  return {
    hdfsListing: f.reachable && f.deployedCharts.some(isHdfsChart),
    cacheState: f.reachable && f.deployedCharts.some(isAlluxioChart) && (f.datasetEntries ?? 0) > 0,
  };
}

/** Steps whose state changed between two states (the context keys to set). */
export function changedSteps(
  before: Record<WalkthroughStep, boolean> | undefined,
  after: Record<WalkthroughStep, boolean>,
): WalkthroughStep[] {
  return WALKTHROUGH_STEPS.filter((s) => !before || before[s] !== after[s]);
}
