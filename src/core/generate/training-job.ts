// "New Training Job": the TFJob / PyTorchJob that `arena submit tf|pytorch` makes from the PyTorch-on-HDFS guide's flags.
import { modelineFor } from '../schema/names';

export interface TrainingJobInput {
  kind: 'TFJob' | 'PyTorchJob';
  name: string;
  image: string;
  command: string;
  gpus: number;
  workers: number;
  /** --selector key=value */
  selector: Record<string, string>;
  /** --data-dir HOST:CONTAINER */
  dataDir?: { host: string; container: string };
  /**
   * A Fluid dataset instead of the hostPath FUSE folder: its PersistentVolumeClaim (Fluid names it after
   * the Dataset, in the Dataset's namespace) mounted at `container`. Wins over `dataDir`.
   */
  fluidDataset?: { claim: string; container: string };
}

export const SEED_JOB_INPUT: TrainingJobInput = {
  kind: 'TFJob',
  name: 'alluxio-pytorch',
  image: 'registry.cn-shanghai.aliyuncs.com/tensorflow-samples/mnist:pytorch-1.4-cuda10.1-cudnn7-devel',
  command: 'python /mnist.py',
  gpus: 1,
  workers: 1,
  selector: { dataset: 'mnist' },
  dataDir: { host: '/alluxio-fuse/data', container: '/data' },
};

/** Parses Alluxio's PyTorch-on-HDFS guide-style `--selector=a=b,c=d` and `--data-dir=/host:/container` flags. */
export function parseArenaFlags(flags: Record<string, string>): Partial<TrainingJobInput> {
  const out: Partial<TrainingJobInput> = {};
  if (flags.name) out.name = flags.name;
  if (flags.image) out.image = flags.image;
  if (flags.gpus) out.gpus = Number(flags.gpus);
  if (flags.workers) out.workers = Number(flags.workers);
  if (flags.selector)
    out.selector = Object.fromEntries(flags.selector.split(',').map((kv) => kv.split('=') as [string, string]));
  if (flags['data-dir']) {
    const [host, container] = flags['data-dir'].split(':');
    out.dataDir = { host, container };
  }
  return out;
}

export function generateTrainingJob(i: TrainingJobInput): string {
  const tf = i.kind === 'TFJob';
  const app = tf ? 'tfjob' : 'pytorchjob';
  const container = tf ? 'tensorflow' : 'pytorch';
  const replicaType = tf ? 'Worker' : 'Master';
  const L: string[] = [
    modelineFor(tf ? 'tfjob' : 'pytorchjob'),
    'apiVersion: kubeflow.org/v1',
    `kind: ${i.kind}`,
    'metadata:',
    `  name: ${i.name}`,
    '  labels:',
    `    app: ${app}`,
    `    release: ${i.name}`,
    `    createdBy: ${i.kind}`,
    'spec:',
    `  ${tf ? 'tfReplicaSpecs' : 'pytorchReplicaSpecs'}:`,
    `    ${replicaType}:`,
    `      replicas: ${tf ? i.workers : 1}`,
    '      restartPolicy: Never',
    '      template:',
    '        metadata:',
    '          labels:',
    `            app: ${app}`,
    `            release: ${i.name}`,
    '        spec:',
  ];
  const sel = Object.entries(i.selector);
  if (sel.length) L.push('          nodeSelector:', ...sel.map(([k, v]) => `            ${k}: ${JSON.stringify(v)}`));
  L.push(
    '          containers:',
    `          - name: ${container}`,
    `            image: ${i.image}`,
    '            command:',
    '            - sh',
    '            - -c',
    `            - ${JSON.stringify(i.command)}`,
  );
  if (i.gpus > 0)
    L.push(
      '            resources:',
      '              limits:',
      `                nvidia.com/gpu: ${JSON.stringify(String(i.gpus))}`,
    );
  if (i.fluidDataset) {
    L.push(
      '            volumeMounts:',
      '            - name: training-data',
      `              mountPath: ${i.fluidDataset.container}`,
      '          volumes:',
      '          - name: training-data',
      '            persistentVolumeClaim:',
      `              claimName: ${i.fluidDataset.claim}`,
    );
  } else if (i.dataDir) {
    L.push(
      '            volumeMounts:',
      '            - name: training-data',
      `              mountPath: ${i.dataDir.container}`,
      '          volumes:',
      '          - name: training-data',
      '            hostPath:',
      `              path: ${i.dataDir.host}`,
    );
  }
  if (!tf && i.workers > 1) {
    const master = L.slice(L.indexOf(`    ${replicaType}:`));
    L.push(
      ...master
        .map((l) => l.replace('    Master:', '    Worker:').replace(/replicas: 1$/, `replicas: ${i.workers - 1}`))
        .slice(0, master.length),
    );
  }
  return L.join('\n') + '\n';
}
