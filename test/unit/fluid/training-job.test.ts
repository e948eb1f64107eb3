import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsYaml } from '../../../src/core/yaml/js-yaml';
import { generateTrainingJob, SEED_JOB_INPUT } from '../../../src/core/generate/training-job';
import { analyzeYaml } from '../../../src/core/checks/diagnose';
import { store } from '../authoring/helpers';

test("a job on a Fluid dataset mounts the dataset's PVC instead of the FUSE hostPath, and passes its schema", () => {
  for (const kind of ['TFJob', 'PyTorchJob'] as const) {
    const out = generateTrainingJob({
      ...SEED_JOB_INPUT,
      kind,
      workers: 2,
      fluidDataset: { claim: 'mnist', container: '/data' },
    });
    const job = jsYaml().load(out) as any;
    const specs = job.spec.tfReplicaSpecs ?? job.spec.pytorchReplicaSpecs;
    for (const spec of Object.values(specs) as any[]) {
      const pod = spec.template.spec;
      assert.deepEqual(pod.volumes, [{ name: 'training-data', persistentVolumeClaim: { claimName: 'mnist' } }]);
      assert.deepEqual(pod.containers[0].volumeMounts, [{ name: 'training-data', mountPath: '/data' }]);
    }
    const problems = analyzeYaml(out, `job-${kind}.yaml`, { store }).problems;
    assert.deepEqual(
      problems.filter((p) => p.severity === 'error'),
      [],
      kind,
    );
  }
});
