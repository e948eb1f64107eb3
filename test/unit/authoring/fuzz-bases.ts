// The real files the fuzzers start from: the seed's config.yaml and Dockerfile, the charts' values, a TFJob.
import { DOCKERFILE, TFJOB } from '../../fixtures/authoring/hostile';
import { seedConfigYaml, seedDockerfile, sharedFile } from './seed';

export function fuzzBases(): Record<string, { text: string; dockerfile?: boolean }> {
  return {
    'config.yaml': { text: seedConfigYaml() },
    'alluxio-2.9-values.yaml': { text: sharedFile('fixtures/upstream/alluxio-chart-2.9/values.yaml') },
    'hdfs-values.yaml': { text: sharedFile('fixtures/upstream/hdfs-k8s-chart/hdfs-k8s/values.yaml') },
    'tfjob.yaml': { text: TFJOB },
    'pytorchjob.yaml': {
      text: TFJOB.replace('kind: TFJob', 'kind: PyTorchJob').replace('tfReplicaSpecs', 'pytorchReplicaSpecs'),
    },
    Dockerfile: { text: seedDockerfile(), dockerfile: true },
    'Dockerfile.train': { text: DOCKERFILE, dockerfile: true },
  };
}
