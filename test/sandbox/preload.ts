// Preload: the PyTorch-on-HDFS guide's workload, installed for real into the sandbox.
//  - release `hdfs`: the hdfs-k8s chart (fixtures/upstream/hdfs-k8s-chart) with the PyTorch-on-HDFS guide's --set flags,
//    after `helm dependency build` (file:// subcharts, offline). Its templates use removed API versions
//    (extensions/v1beta1, apps/v1beta1), so helm runs with the extension's post-renderer (src/cli/postrender.ts).
//  - release `alluxio`: the 2.2-era Alluxio chart with the PyTorch-on-HDFS guide's config.yaml, `mediumtype: MEM` in place
//    of the PyTorch-on-HDFS guide's `alias: MEM`, plus `fuse.enabled=true` (the PyTorch-on-HDFS guide's chart deployed the FUSE DaemonSet
//    by default; chart 0.5.5 has it off). A PV `standard` class backs the master's journal claim. The
//    post-renderer also repairs that claim's accessModes/resources (a Helm 2 → 3 toYaml rendering bug).
//  - the TFJob and PyTorchJob CRDs; the training job rendered like `arena submit tf --name=alluxio-pytorch
//    --workers=2 --selector=dataset=mnist --data-dir=/alluxio-fuse/data:/data --gpus=1 --image=... "python /mnist.py"`
//    does it: `helm template` of Arena's tfjob chart v0.3.3 + kubectl apply + its ConfigMap.
//  - pods for the TFJob from the real Kubeflow training-operator v1.8.1 (training-operator.ts) when it was
//    built, else from the stand-in (standin-training-operator.ts); a KWOK `Logs` per training pod and the
//    log writer.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SandboxInternals } from './index';
import { mustRun } from './client';
import { fixturesDir } from './paths';
import { waitFor } from './proc';
import { StandinTrainingOperator } from './standin-training-operator';
import { startTrainingOperator } from './training-operator';
import { TrainingLogWriter } from './trainlog';

export const TRAINING_JOB = 'alluxio-pytorch';
export const TRAINING_IMAGE =
  'registry.cn-shanghai.aliyuncs.com/tensorflow-samples/mnist:pytorch-1.4-cuda10.1-cudnn7-devel';

/** The PyTorch-on-HDFS guide's config.yaml, with `mediumtype: MEM` (chart 0.5.5's key) where Alluxio's PyTorch-on-HDFS guide says `alias: MEM`. */
export const ALLUXIO_CONFIG_YAML = `image: registry.cn-huhehaote.aliyuncs.com/alluxio/alluxio
imageTag: "2.2.0-SNAPSHOT-b2c7e50"
nodeSelector:
    dataset: mnist
properties:
    alluxio.fuse.debug.enabled: "false"
    alluxio.user.file.writetype.default: MUST_CACHE
    alluxio.master.journal.folder: /journal
    alluxio.master.journal.type: UFS
    alluxio.master.mount.table.root.ufs: "hdfs://hdfs-namenode-0.hdfs-namenode.default.svc.cluster.local:8020"
worker:
    jvmOptions: " -Xmx4G "
master:
    jvmOptions: " -Xmx4G "
tieredstore:
  levels:
  - mediumtype: MEM
    level: 0
    quota: 20GB
    type: hostPath
    path: /dev/shm
    high: 0.99
    low: 0.8
fuse:
  image: registry.cn-huhehaote.aliyuncs.com/alluxio/alluxio-fuse
  imageTag: "2.2.0-SNAPSHOT-b2c7e50"
  jvmOptions: " -Xmx4G -Xms4G "
  args:
    - fuse
    - --fuse-opts=direct_io
`;

export const HDFS_SET_FLAGS = [
  'tags.ha=false',
  'tags.simple=true',
  'global.namenodeHAEnabled=false',
  'hdfs-simple-namenode-k8s.nodeSelector.hdfs-namenode-selector=hdfs-namenode-0',
];

const REQUIRED = [
  'hdfs-k8s-chart/hdfs-k8s/Chart.yaml',
  'alluxio-chart-2.2/Chart.yaml',
  'training-operator-crds/kubeflow.org_tfjobs.yaml',
  'training-operator-crds/kubeflow.org_pytorchjobs.yaml',
  'arena-charts/v0.3.3/tfjob/Chart.yaml',
];

export function checkFixtures(dir = fixturesDir()): string {
  const missing = REQUIRED.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) {
    throw new Error(
      `sandbox preload: upstream fixtures missing in ${dir} (set ALLUXIO_DL_FIXTURES to the folder holding them): ${missing.join(', ')}`,
    );
  }
  return dir;
}

export async function preload(
  sb: SandboxInternals,
  opts: { logLinesPerSecond: number; realTraining?: boolean },
): Promise<void> {
  const fx = checkFixtures();
  const say = sb.progress;
  const charts = path.join(sb.dir, 'charts');
  fs.cpSync(fx, charts, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
  for (const f of walk(charts)) fs.chmodSync(f.path, f.dir ? 0o755 : 0o644); // fixtures are read-only
  const kubectl = (args: string[], input?: string) => mustRun(sb.kubectl, args, sb.env, input);
  const helm = (args: string[]) => mustRun(sb.helm, args, sb.env, undefined, 180_000);

  say('preload: storage class + PVs, training CRDs, helm dependency build');
  await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: storageDocs(sb.dir) }));
  const crds = kubectl([
    'apply',
    '--server-side',
    '-f',
    path.join(charts, 'training-operator-crds/kubeflow.org_tfjobs.yaml'),
    '-f',
    path.join(charts, 'training-operator-crds/kubeflow.org_pytorchjobs.yaml'),
  ]);
  await helm(['dependency', 'build', path.join(charts, 'hdfs-k8s-chart/hdfs-k8s')]);

  say('preload: helm install hdfs, helm install alluxio');
  // The extension's own post-renderer, with the repairs these two charts need on a current cluster.
  const postRenderer = path.join(__dirname, '../../../dist/cli/postrender.js');
  const repairs = [
    '--unserved=extensions/v1beta1',
    '--unserved=apps/v1beta1',
    '--unserved=policy/v1beta1',
    '--fix=glued-access-modes',
  ].flatMap((a) => ['--post-renderer-args', a]);
  const node = process.versions.electron ? 'node' : process.execPath; // inside Electron, execPath is not node
  const hdfs = helm([
    'install',
    'hdfs',
    path.join(charts, 'hdfs-k8s-chart/hdfs-k8s'),
    ...HDFS_SET_FLAGS.flatMap((s) => ['--set', s]),
    '--post-renderer',
    node,
    '--post-renderer-args',
    postRenderer,
    ...repairs,
  ]);
  const configYaml = path.join(sb.dir, 'config.yaml');
  fs.writeFileSync(configYaml, ALLUXIO_CONFIG_YAML);
  const alluxio = helm([
    'install',
    'alluxio',
    '-f',
    configYaml,
    '--set',
    'fuse.enabled=true',
    path.join(charts, 'alluxio-chart-2.2'),
    '--post-renderer',
    node,
    '--post-renderer-args',
    postRenderer,
    ...repairs,
  ]);
  await Promise.all([hdfs, alluxio, crds]);
  await kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/tfjobs.kubeflow.org',
    'crd/pytorchjobs.kubeflow.org',
  ]);

  const writer = new TrainingLogWriter([], opts.logLinesPerSecond);
  sb.writers.push(writer);
  const podLogs = new TrainingPodLogs(sb, writer);
  const forceStandin = process.env.ALLUXIO_DL_TRAINING_OPERATOR === 'standin';
  if (fs.existsSync(sb.bins.trainingOperator) && !forceStandin) {
    say('preload: training job (arena tfjob chart) + the real Kubeflow training-operator');
    sb.track(await startTrainingOperator(sb.api, sb.bins, sb.dir, sb.pki, sb.kubeconfig));
  } else {
    const why = forceStandin
      ? 'ALLUXIO_DL_TRAINING_OPERATOR=standin'
      : `${sb.bins.trainingOperator} missing: ${readFailure(sb.bins.trainingOperator)}`;
    say(`preload: training job (arena tfjob chart) + STAND-IN training operator (${why})`);
    const op = new StandinTrainingOperator(sb.api);
    op.start();
    sb.onStop.push(() => op.stop());
  }
  await submitArenaTfJob(sb, charts);
  // With real training (option `training`) new pods are the runner's: only the preloaded ones get synthetic lines.
  if (!opts.realTraining) podLogs.start();
  sb.onStop.push(() => podLogs.stop());

  say('preload: waiting for pods Running');
  await waitFor(
    'preloaded pods Running',
    async () => {
      const pods = await sb.api.json<{ items: { metadata: { name: string }; status?: { phase?: string } }[] }>(
        'GET',
        '/api/v1/namespaces/default/pods',
      );
      const notRunning = pods.items
        .filter((p) => p.status?.phase !== 'Running')
        .map((p) => `${p.metadata.name}=${p.status?.phase}`);
      const expect = ['hdfs-namenode-0', 'alluxio-master-0', `${TRAINING_JOB}-worker-0`, `${TRAINING_JOB}-worker-1`];
      const names = pods.items.map((p) => p.metadata.name);
      if (notRunning.length) throw new Error(`not Running yet: ${notRunning.join(', ')}`);
      if (
        !expect.every((n) => names.includes(n)) ||
        !names.some((n) => n.startsWith('hdfs-datanode')) ||
        !names.some((n) => n.startsWith('alluxio-worker'))
      ) {
        throw new Error(`missing pods; have ${names.join(', ')}`);
      }
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 250, alive: sb.components },
  );
  await waitFor(
    'TFJob Running and training pod logs registered',
    async () => {
      await podLogs.sync();
      const job = await sb.api.json<{ status?: { conditions?: { type: string; status: string }[] } }>(
        'GET',
        `/apis/kubeflow.org/v1/namespaces/default/tfjobs/${TRAINING_JOB}`,
      );
      return (
        podLogs.registered.size >= 2 && job.status?.conditions?.some((c) => c.type === 'Running' && c.status === 'True')
      );
    },
    { timeoutMs: 60_000, intervalMs: 250, alive: sb.components },
  );
  writer.start();
}

function readFailure(bin: string): string {
  try {
    return fs.readFileSync(bin + '.failed', 'utf8').split('\n')[0];
  } catch {
    return 'not built';
  }
}

/**
 * Gives every training pod (label training.kubeflow.org/job-name, in `default`) a KWOK `Logs` named after
 * the pod, pointing each container to `sb.trainingLog(pod, container)` with follow, and adds the
 * `tensorflow`/`pytorch` container files to the writer. Polls once a second for new pods.
 */
class TrainingPodLogs {
  readonly registered = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  constructor(
    private readonly sb: SandboxInternals,
    private readonly writer: TrainingLogWriter,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sync().catch(() => undefined), 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async sync(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const pods = await this.sb.api.json<{
        items: {
          metadata: { name: string; labels?: Record<string, string> };
          spec: { containers: { name: string }[] };
        }[];
      }>(
        'GET',
        `/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent('training.kubeflow.org/job-name')}`,
      );
      for (const p of pods.items) {
        const pod = p.metadata.name;
        if (this.registered.has(pod)) continue;
        const logs = p.spec.containers.map((c) => {
          const file = this.sb.trainingLog(pod, c.name);
          if (!fs.existsSync(file)) fs.writeFileSync(file, '');
          if (c.name === 'tensorflow' || c.name === 'pytorch') this.writer.add(file);
          return { containers: [c.name], logsFile: file, follow: true };
        });
        const r = await this.sb.api.request('POST', '/apis/kwok.x-k8s.io/v1alpha1/namespaces/default/logs', {
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind: 'Logs',
          metadata: { name: pod, namespace: 'default' },
          spec: { logs },
        });
        if (r.status === 201 || r.status === 409) this.registered.add(pod);
      }
    } finally {
      this.busy = false;
    }
  }
}

/** What `arena submit tf` does: helm template of its chart, kubectl apply, and the ConfigMap that records it. */
async function submitArenaTfJob(sb: SandboxInternals, charts: string): Promise<void> {
  const chart = path.join(charts, 'arena-charts/v0.3.3/tfjob');
  const values = {
    workers: 2,
    gpuCount: 1,
    workerImage: TRAINING_IMAGE,
    command: 'python /mnist.py',
    imagePullPolicy: 'IfNotPresent',
    dataDirs: [{ name: 'training-data', hostPath: '/alluxio-fuse/data', containerPath: '/data' }],
    tfNodeSelectors: { PS: {}, Worker: { dataset: 'mnist' }, Chief: {}, Evaluator: {} },
    tolerations: [],
    configFiles: {},
    envs: {},
    annotations: {},
  };
  const valuesFile = path.join(sb.dir, 'arena-tfjob-values.yaml');
  fs.writeFileSync(valuesFile, JSON.stringify(values, null, 2));
  const manifest = await mustRun(sb.helm, ['template', TRAINING_JOB, chart, '-f', valuesFile], sb.env);
  await mustRun(sb.kubectl, ['apply', '-f', '-'], sb.env, manifest);
  const chartVersion = /^version:\s*(\S+)/m.exec(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'))?.[1] ?? '';
  await mustRun(
    sb.kubectl,
    ['apply', '-f', '-'],
    sb.env,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${TRAINING_JOB}-tfjob`, namespace: 'default', labels: { createdBy: 'arena', app: 'tfjob' } },
      data: { values: fs.readFileSync(valuesFile, 'utf8'), app: 'tfjob', tfjob: chartVersion },
    }),
  );
}

/** A `standard` StorageClass with static hostPath PVs so claims in the charts bind. */
function storageDocs(dir: string): object[] {
  const sc = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard' },
    provisioner: 'kubernetes.io/no-provisioner',
    volumeBindingMode: 'Immediate',
  };
  const pvs = [0, 1, 2].map((i) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `sandbox-pv-${i}` },
    spec: {
      capacity: { storage: '100Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      persistentVolumeReclaimPolicy: 'Retain',
      hostPath: { path: path.join(dir, 'pv', String(i)) },
    },
  }));
  return [sc, ...pvs];
}

function* walk(d: string): Generator<{ path: string; dir: boolean }> {
  yield { path: d, dir: true };
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield { path: p, dir: false };
  }
}
