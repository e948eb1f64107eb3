// "New Training Image": the PyTorch-on-HDFS guide's Dockerfile and our own MNIST trainer.
import { MNIST_PY } from './mnist-py';

export interface TrainingImageInput {
  baseImage: string;
  /** The script's file name, copied to / and run by CMD. */
  script: string;
}

export const SEED_IMAGE_INPUT: TrainingImageInput = {
  // Fully qualified: buildah and podman refuse short names where no unqualified-search registry is set.
  baseImage: 'docker.io/pytorch/pytorch:1.4-cuda10.1-cudnn7-devel',
  script: 'mnist.py',
};

export function generateDockerfile(i: TrainingImageInput): string {
  return `FROM ${i.baseImage}\n# ${i.baseImage}\nADD ${i.script} /\nCMD ["python", "/${i.script}"]\n`;
}

/** The files of the image's build context. */
export function generateTrainingImage(i: TrainingImageInput): Record<string, string> {
  return { Dockerfile: generateDockerfile(i), [i.script]: MNIST_PY };
}
