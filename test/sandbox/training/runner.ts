// Real training runs for the sandbox's training pods (option `training`): when a pod of a TFJob/PyTorchJob
// (label training.kubeflow.org/job-name) in the runner's namespace is Running and its container runs `/mnist.py`, a real process runs
// the project's generated mnist.py (the New Training Image output, unmodified) with PyTorch on CPU, one
// thread. Its stdout and stderr become that container's CRI log file, the one KWOK serves for
// `kubectl logs`. The pod's hostPath volumes are mapped to the sandbox: `/alluxio-fuse/...` is the Alluxio
// FUSE mount, so the job reads its data through Alluxio. Runs are kept short with `--epochs` (the pod's own
// flags come first and win). Pods that exist when the runner starts (the preloaded job's) are left to the
// synthetic log writer (trainlog.ts).
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { MNIST_PY } from '../../../src/core/generate/mnist-py';
import type { Api } from '../client';
import { criLine } from '../trainlog';

interface Pod {
  metadata: { name: string; uid: string; labels?: Record<string, string> };
  spec: {
    containers: {
      name: string;
      command?: string[];
      args?: string[];
      volumeMounts?: { name: string; mountPath: string }[];
    }[];
    volumes?: { name: string; hostPath?: { path: string } }[];
  };
  status?: { phase?: string };
}

export interface TrainingRun {
  namespace: string;
  pod: string;
  container: string;
  args: string[];
  started: number;
  /** exit code once finished */
  exit?: number | null;
  seconds?: number;
}

export interface TrainingRunnerOptions {
  api: Pick<Api, 'json' | 'request'>;
  python: string;
  /** folder standing for `/alluxio-fuse` on the node */
  fuseDir: string;
  /** where the generated mnist.py is written */
  workDir: string;
  /** namespace whose training pods are run (default `default`) */
  namespace?: string;
  logFile: (namespace: string, pod: string, container: string) => string;
  /** called with a pod's log file before a run starts writing it (the synthetic writer lets go of it) */
  onLaunch?: (file: string) => void;
  /** added when the pod's command gives no --epochs (default 2: about 130 batches of the 4,000 digits) */
  epochs?: number;
  say?: (m: string) => void;
}

const HOST_FUSE = '/alluxio-fuse';
/** a pod command longer than this is not looked at */
const MAX_COMMAND = 4096;

export class TrainingRunner {
  /** by pod uid and container */
  readonly runs = new Map<string, TrainingRun>();
  private readonly skipped = new Set<string>();
  private readonly procs = new Set<ChildProcess>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private readonly script: string;

  constructor(private readonly o: TrainingRunnerOptions) {
    fs.mkdirSync(o.workDir, { recursive: true });
    this.script = path.join(o.workDir, 'mnist.py');
    fs.writeFileSync(this.script, MNIST_PY);
  }

  /** Leaves the training pods that exist now alone, then looks for new ones once a second. */
  async start(): Promise<void> {
    for (const p of await this.trainingPods()) this.skipped.add(p.metadata.uid);
    this.timer = setInterval(() => void this.sync().catch(() => undefined), 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const exits = [...this.procs].map((p) => new Promise((r) => (p.exitCode !== null ? r(0) : p.once('exit', r))));
    for (const p of this.procs) p.kill('SIGKILL');
    await Promise.all(exits);
  }

  async sync(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const pod of await this.trainingPods()) {
        if (pod.status?.phase !== 'Running' || this.skipped.has(pod.metadata.uid)) continue;
        for (const c of pod.spec.containers) {
          const key = `${pod.metadata.uid}/${c.name}`;
          if (this.runs.has(key)) continue;
          const args = this.mnistArgs(pod, c);
          if (args) await this.launch(key, pod.metadata.name, c.name, args);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private get ns(): string {
    return this.o.namespace ?? 'default';
  }

  private async trainingPods(): Promise<Pod[]> {
    const pods = await this.o.api.json<{ items: Pod[] }>(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(this.ns)}/pods?labelSelector=${encodeURIComponent('training.kubeflow.org/job-name')}`,
    );
    return pods.items;
  }

  /** mnist.py's arguments for that container, or undefined when it does not run /mnist.py. */
  private mnistArgs(pod: Pod, c: Pod['spec']['containers'][number]): string[] | undefined {
    const line = [...(c.command ?? []), ...(c.args ?? [])].join(' ').slice(0, MAX_COMMAND);
    const m = /(?:^|\s|["'])\/mnist\.py((?:\s+[^\s"';&|]+)*)/.exec(line);
    if (!m) return undefined;
    const own = m[1].trim() ? m[1].trim().split(/\s+/) : [];
    const dataIdx = own.indexOf('--data-dir');
    const containerData = dataIdx >= 0 ? own[dataIdx + 1] : '/data';
    const args = [...own];
    if (dataIdx >= 0) args.splice(dataIdx, 2);
    args.push('--data-dir', this.hostPathFor(pod, c, containerData ?? '/data'));
    if (!own.includes('--epochs')) args.push('--epochs', String(this.o.epochs ?? 2));
    return args;
  }

  /** The sandbox folder behind a container path, through the pod's hostPath volumes. */
  private hostPathFor(pod: Pod, c: Pod['spec']['containers'][number], containerPath: string): string {
    for (const vm of c.volumeMounts ?? []) {
      if (containerPath !== vm.mountPath && !containerPath.startsWith(vm.mountPath.replace(/\/?$/, '/'))) continue;
      const host = pod.spec.volumes?.find((v) => v.name === vm.name)?.hostPath?.path;
      if (!host) continue;
      const onHost = path.posix.join(host, containerPath.slice(vm.mountPath.length));
      if (onHost === HOST_FUSE || onHost.startsWith(`${HOST_FUSE}/`))
        return path.join(this.o.fuseDir, onHost.slice(HOST_FUSE.length));
      return path.join(this.o.workDir, 'missing-host-path', onHost); // no such folder in the sandbox
    }
    return path.join(this.o.workDir, 'not-mounted', containerPath);
  }

  private async launch(key: string, pod: string, container: string, args: string[]): Promise<void> {
    const file = this.o.logFile(this.ns, pod, container);
    this.o.onLaunch?.(file);
    fs.writeFileSync(file, ''); // a new container's log (an older pod of that name may have left one)
    // Without a preload, nobody else gives the pod a Logs; 409 means one is there already.
    await this.o.api.request('POST', `/apis/kwok.x-k8s.io/v1alpha1/namespaces/${encodeURIComponent(this.ns)}/logs`, {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: pod, namespace: this.ns },
      spec: { logs: [{ containers: [container], logsFile: file, follow: true }] },
    });
    const run: TrainingRun = { namespace: this.ns, pod, container, args, started: Date.now() };
    this.runs.set(key, run);
    this.o.say?.(`training: ${pod}/${container} runs mnist.py ${args.join(' ')}`);
    const child = spawn(this.o.python, ['-u', this.script, ...args], {
      cwd: this.o.workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', PYTHONUNBUFFERED: '1' },
    });
    this.procs.add(child);
    const pump = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') =>
      readline.createInterface({ input: stream }).on('line', (l) => fs.appendFileSync(file, criLine(l, name)));
    pump(child.stdout!, 'stdout');
    pump(child.stderr!, 'stderr');
    child.on('exit', (code) => {
      this.procs.delete(child);
      run.exit = code;
      run.seconds = (Date.now() - run.started) / 1000;
      this.o.say?.(`training: ${pod}/${container} exited ${code} after ${run.seconds.toFixed(1)} s`);
    });
  }
}
