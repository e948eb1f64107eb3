// The training runner with a real PyTorch run of the generated mnist.py on the real MNIST digits (from the
// cache the data-plane build fills), without a cluster: the pods come from an in-memory stand-in of our own
// API client. Run: node --test out/test/sandbox/training/runner.test.js
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { cacheDir } from '../paths';
import { waitFor } from '../proc';
import { waitForDataPlaneBuild } from '../dataplane-build';
import { ensureMnist, MNIST_FILES } from './mnist-data';
import { TrainingRunner } from './runner';
import { ensureTorch } from './torch';

const pod = (name: string, uid: string, command: string) => ({
  metadata: { name, uid, labels: { 'training.kubeflow.org/job-name': 'j' } },
  spec: {
    containers: [
      {
        name: 'tensorflow',
        command: ['sh', '-c', command],
        volumeMounts: [{ name: 'training-data', mountPath: '/data' }],
      },
    ],
    volumes: [{ name: 'training-data', hostPath: { path: '/alluxio-fuse/data' } }],
  },
  status: { phase: 'Running' },
});

let dir: string;
let python: string;
before(async () => {
  await waitForDataPlaneBuild(() => undefined);
  python = await ensureTorch();
  const mnist = ensureMnist(python);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adl-runner-'));
  // stands for the FUSE mount: data/MNIST/raw as the job sees it under /alluxio-fuse
  const raw = path.join(dir, 'fuse', 'data', 'MNIST', 'raw');
  fs.mkdirSync(raw, { recursive: true });
  for (const f of MNIST_FILES) fs.copyFileSync(path.join(mnist, f), path.join(raw, f));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test(
  'a new pod that runs /mnist.py gets a real run whose output is its CRI log; pods there at start are left alone',
  { timeout: 900_000 },
  async () => {
    const items = [pod('old-worker-0', 'u-old', 'python /mnist.py')];
    const posted: string[] = [];
    const api = {
      json: async <T>() => ({ items }) as T,
      request: async (_m: string, p: string, body?: unknown) => {
        posted.push(`${p} ${(body as { metadata: { name: string } }).metadata.name}`);
        return { status: 201, body: '' };
      },
    };
    const launched: string[] = [];
    const runner = new TrainingRunner({
      api,
      python,
      fuseDir: path.join(dir, 'fuse'),
      workDir: path.join(dir, 'work'),
      logFile: (ns, p, c) => path.join(dir, `${ns}_${p}_${c}.log`),
      onLaunch: (f) => launched.push(f),
      epochs: 1,
    });
    await runner.start();
    try {
      items.push(
        pod('new-worker-0', 'u-new', 'python /mnist.py --log-interval 20'),
        pod('other-0', 'u-other', 'sleep 1'),
      );
      await runner.sync();
      assert.deepEqual([...runner.runs.keys()], ['u-new/tensorflow'], 'only the new mnist pod runs');
      const run = runner.runs.get('u-new/tensorflow')!;
      assert.deepEqual(run.args, [
        '--log-interval',
        '20',
        '--data-dir',
        path.join(dir, 'fuse', 'data'),
        '--epochs',
        '1',
      ]);
      assert.deepEqual(posted, ['/apis/kwok.x-k8s.io/v1alpha1/namespaces/default/logs new-worker-0']);
      const file = path.join(dir, 'default_new-worker-0_tensorflow.log');
      assert.deepEqual(launched, [file]);
      await waitFor('the run to end', async () => run.exit !== undefined, { timeoutMs: 840_000, intervalMs: 500 });
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(run.exit, 0, lines.slice(-20).join('\n'));
      for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\dT[\d:.]+Z (stdout|stderr) F( |$)/, l);
      const losses = lines
        .flatMap((l) => /stdout F Train Epoch: 1 \[\d+\/4000 .*\tLoss: ([\d.]+)$/.exec(l)?.[1] ?? [])
        .map(Number);
      assert.equal(losses.length, 4, lines.join('\n')); // batches 0, 20, 40, 60 of 63
      assert.ok(losses[3] < losses[0] / 2, `losses fall: ${losses.join(' ')}`);
      assert.ok(lines.some((l) => /stdout F Test set: Average loss: [\d.]+, Accuracy: \d+\/1000/.test(l)));
      console.error(`[runner] one epoch of the 4,000 digits: ${run.seconds?.toFixed(1)} s (cache ${cacheDir()})`);
    } finally {
      await runner.stop();
    }
  },
);
