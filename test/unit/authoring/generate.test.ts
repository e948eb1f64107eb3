import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { generateAlluxioConfig, SEED_ALLUXIO_INPUT } from '../../../src/core/generate/alluxio-config';
import { generateHdfsValues, SEED_HDFS_INPUT, simpleNamenodeUri } from '../../../src/core/generate/hdfs-values';
import { generateDockerfile, generateTrainingImage, SEED_IMAGE_INPUT } from '../../../src/core/generate/training-image';
import { generateTrainingJob, parseArenaFlags, SEED_JOB_INPUT } from '../../../src/core/generate/training-job';
import { checkDockerfile } from '../../../src/core/dockerfile/check';
import { analyzeYaml } from '../../../src/core/checks/diagnose';
import { store } from './helpers';
import { seedArenaFlags, seedArticle, seedConfigYaml, seedDockerfile } from './seed';

const MODELINE = /^# yaml-language-server: \$schema=[\w.-]+\n/;

test("golden: with the seed's inputs, config.yaml is the seed's (plus the modeline)", () => {
  const out = generateAlluxioConfig(SEED_ALLUXIO_INPUT);
  assert.match(out, /^# yaml-language-server: \$schema=alluxio-2\.2-alibaba\n/);
  // The same values as the seed's config.yaml (which mixes 4- and 2-space indentation; ours does not).
  assert.deepEqual(load(out), load(seedConfigYaml()));
});

test('generated config.yaml is indented consistently: each level (maps and lists) two spaces deeper', () => {
  for (const flavour of ['alluxio-2.2', 'alluxio-2.2-alibaba', 'alluxio-2.9'] as const) {
    const lines = generateAlluxioConfig({ ...SEED_ALLUXIO_INPUT, flavour })
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    const indent = (l: string) => /^ */.exec(l)![0].length;
    for (let i = 1; i < lines.length; i++) {
      const step = indent(lines[i]) - indent(lines[i - 1]);
      const afterDash = lines[i - 1].trimStart().startsWith('- ') && step === 2;
      assert.ok(step <= 0 || step === 2 || afterDash, `${flavour}: line ${i + 1} "${lines[i]}" steps ${step}`);
      assert.equal(indent(lines[i]) % 2, 0, `${flavour}: odd indentation at "${lines[i]}"`);
      if (lines[i].trimStart().startsWith('- ') && lines[i - 1].trimEnd().endsWith(':'))
        assert.equal(step, 2, `${flavour}: a list is indented under its key at "${lines[i]}"`);
    }
  }
});

test('generated config.yaml validates clean for every flavour and carries its modeline', () => {
  for (const flavour of ['alluxio-2.2', 'alluxio-2.2-alibaba', 'alluxio-2.9'] as const) {
    const out = generateAlluxioConfig({ ...SEED_ALLUXIO_INPUT, flavour });
    const a = analyzeYaml(out, '/w/config.yaml', { store });
    assert.deepEqual(a.schema, { id: flavour, source: 'modeline' });
    assert.deepEqual(a.problems, [], `${flavour}:\n${out}`);
  }
});

test("golden: the Dockerfile is the seed's, with the base image's full name; the check's quick fix makes one from the other", () => {
  const seed = seedDockerfile();
  const generated = generateDockerfile(SEED_IMAGE_INPUT);
  assert.equal(generated, seed.replace(/pytorch\/pytorch/g, 'docker.io/pytorch/pytorch'));
  assert.deepEqual(
    checkDockerfile(generated, (n) => n === 'mnist.py'),
    [],
  );
  const [short, ...rest] = checkDockerfile(seed, (n) => n === 'mnist.py');
  assert.deepEqual(rest, []);
  assert.equal(short.code, 'short-name');
  assert.equal(seed.slice(short.start, short.end), 'pytorch/pytorch');
  assert.match(short.message, /short name: buildah and podman refuse it .*docker\.io\/pytorch\/pytorch/);
  const fix = short.fixes![0];
  assert.equal(fix.title, 'Use the full name docker.io/pytorch/pytorch');
  const e = fix.edits[0];
  const fixed = seed.slice(0, e.start) + e.newText + seed.slice(e.end);
  assert.equal(fixed.split('\n')[0], generated.split('\n')[0], 'the FROM line the generator writes');
});

test('short-name check: official images get library/, registries and stages are left alone', () => {
  const shortOf = (text: string) =>
    checkDockerfile(text)
      .filter((p) => p.code === 'short-name')
      .map((p) => {
        const e = p.fixes![0].edits[0];
        return (text.slice(0, e.start) + e.newText + text.slice(e.end)).split('\n').filter((l) => l.startsWith('FROM'));
      });
  assert.deepEqual(shortOf('FROM ubuntu:22.04\nCMD ["true"]\n'), [['FROM docker.io/library/ubuntu:22.04']]);
  assert.deepEqual(shortOf('FROM myteam/base:1 AS build\nFROM build\nCMD ["true"]\n'), [
    ['FROM docker.io/myteam/base:1 AS build', 'FROM build'],
  ]);
  for (const ok of [
    'FROM docker.io/pytorch/pytorch:1.4\n',
    'FROM localhost/mnist:pytorch\n',
    'FROM localhost:5000/mnist:1\n',
    'FROM registry.cn-shanghai.aliyuncs.com/tensorflow-samples/mnist:1\n',
    'FROM scratch\n',
    'ARG BASE=docker.io/x/y:1\nFROM $BASE\n',
    'FROM quay.io/x/y@sha256:' + 'a'.repeat(64) + '\n',
  ])
    assert.deepEqual(shortOf(ok + 'CMD ["true"]\n'), [], ok);
});

test("the training script is ours: the seed's flags, IDX files from the data folder, the seed's line formats", () => {
  const py = generateTrainingImage(SEED_IMAGE_INPUT)['mnist.py'];
  for (const flag of [
    '--epochs',
    '--batch-size',
    '--test-batch-size',
    '--lr',
    '--gamma',
    '--no-cuda',
    '--seed',
    '--log-interval',
    '--save-model',
    '--data-dir',
  ])
    assert.ok(py.includes(`'${flag}'`), flag);
  assert.ok(py.includes(String.raw`'Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'`));
  assert.ok(py.includes(String.raw`'\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n'`));
  assert.ok(!/download\s*=\s*True|datasets\.MNIST/.test(py), 'never downloads');
  assert.ok(py.includes('train-images-idx3-ubyte'));
  assert.notEqual(py, seedArticle(), 'not a copy');
});

test("golden: the job from the seed's arena flags", () => {
  const input = { ...SEED_JOB_INPUT, ...parseArenaFlags(seedArenaFlags()) };
  assert.deepEqual(input, SEED_JOB_INPUT);
  const out = generateTrainingJob(input);
  assert.match(out, MODELINE);
  const job = load(out) as any;
  assert.equal(job.kind, 'TFJob');
  assert.equal(job.metadata.name, 'alluxio-pytorch');
  const pod = job.spec.tfReplicaSpecs.Worker.template.spec;
  assert.deepEqual(pod.nodeSelector, { dataset: 'mnist' });
  assert.equal(
    pod.containers[0].image,
    'registry.cn-shanghai.aliyuncs.com/tensorflow-samples/mnist:pytorch-1.4-cuda10.1-cudnn7-devel',
  );
  assert.deepEqual(pod.containers[0].command, ['sh', '-c', 'python /mnist.py']);
  assert.equal(pod.containers[0].resources.limits['nvidia.com/gpu'], '1');
  assert.deepEqual(pod.volumes, [{ name: 'training-data', hostPath: { path: '/alluxio-fuse/data' } }]);
  assert.deepEqual(pod.containers[0].volumeMounts, [{ name: 'training-data', mountPath: '/data' }]);
  assert.deepEqual(analyzeYaml(out, '/w/job.yaml', { store }).problems, []);
  const py = generateTrainingJob({ ...input, kind: 'PyTorchJob', workers: 3 });
  const pj = load(py) as any;
  assert.equal(pj.spec.pytorchReplicaSpecs.Master.replicas, 1);
  assert.equal(pj.spec.pytorchReplicaSpecs.Worker.replicas, 2);
  assert.deepEqual(analyzeYaml(py, '/w/job.yaml', { store }).problems, []);
});

test('HDFS values from the seed flags validate clean; the namenode URI follows the chart naming', () => {
  const out = generateHdfsValues(SEED_HDFS_INPUT);
  const v = load(out) as any;
  assert.deepEqual(v.tags, { ha: false, simple: true });
  assert.equal(v.global.namenodeHAEnabled, false);
  assert.deepEqual(v['hdfs-simple-namenode-k8s'].nodeSelector, { 'hdfs-namenode-selector': 'hdfs-namenode-0' });
  assert.deepEqual(analyzeYaml(out, '/w/values.yaml', { store }).problems, []);
  assert.equal(simpleNamenodeUri('hdfs', 'default'), SEED_ALLUXIO_INPUT.hdfsUri);
  assert.equal(
    simpleNamenodeUri('data', 'ml'),
    'hdfs://data-hdfs-namenode-0.data-hdfs-namenode.ml.svc.cluster.local:8020',
  );
});

test('Dockerfile checks: missing FROM, untagged base, no entry point, script not copied, missing context file', () => {
  const one = (text: string, exists?: (n: string) => boolean) => {
    const ps = checkDockerfile(text, exists);
    assert.equal(ps.length, 1, `${text}: ${JSON.stringify(ps)}`);
    return { ...ps[0], under: text.slice(ps[0].start, ps[0].end) };
  };
  assert.match(one('ADD mnist.py /\nCMD ["python", "/mnist.py"]\n').message, /No FROM/);
  const tag = one('FROM docker.io/pytorch/pytorch\nADD mnist.py /\nCMD ["python", "/mnist.py"]\n');
  assert.equal(tag.under, 'pytorch/pytorch');
  assert.match(tag.message, /no tag/);
  assert.match(one('FROM docker.io/pytorch/pytorch:1.4\nADD mnist.py /\n').message, /No CMD or ENTRYPOINT/);
  const notCopied = one('FROM docker.io/pytorch/pytorch:1.4\nADD train.py /\nCMD ["python", "/mnist.py"]\n');
  assert.match(notCopied.message, /\/mnist\.py is run by CMD but no COPY or ADD/);
  const missing = one(
    'FROM docker.io/pytorch/pytorch:1.4\nCOPY mnist.py /\nCMD ["python", "/mnist.py"]\n',
    () => false,
  );
  assert.equal(missing.under, 'mnist.py');
  assert.match(missing.message, /not in the build context/);
});
