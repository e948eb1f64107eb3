/** The `arena submit tf|pytorch` command line equivalent to a job form (the PyTorch-on-HDFS guide's step 8). */
import type { TrainingJobInput } from '../generate/training-job';

export function arenaSubmitArgs(i: TrainingJobInput, namespace?: string): string[] {
  return [
    'submit',
    i.kind === 'TFJob' ? 'tf' : 'pytorch',
    `--name=${i.name}`,
    ...(namespace ? [`--namespace=${namespace}`] : []),
    `--gpus=${i.gpus}`,
    `--workers=${i.workers}`,
    ...Object.entries(i.selector).map(([k, v]) => `--selector=${k}=${v}`),
    ...(i.dataDir ? [`--data-dir=${i.dataDir.host}:${i.dataDir.container}`] : []),
    `--image=${i.image}`,
    '--',
    i.command,
  ];
}
