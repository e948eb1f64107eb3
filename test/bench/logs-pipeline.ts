/**
 * The follower's own work, without a cluster: the real JobFollower → ContainerFollower → reader →
 * progress parser → BoundedLogOutput chain, fed by an in-memory streamer with the chunks an HTTPS
 * response delivers (≈16 KB, lines cut anywhere), one chunk per macrotask like socket reads.
 * Used by logs.bench.ts (part "pipeline"); no sandbox needed.
 */
import { BoundedLogOutput, DEFAULT_LOG_OUTPUT } from '../../src/core/log-pipeline/log-output';
import { ProgressParser } from '../../src/core/log-pipeline/progress';
import type { KubeObject } from '../../src/core/model/kinds';
import type { PodLogStreamer } from '../../src/k8s/log-stream/types';
import { JobFollower } from '../../src/follow/job-follower';

export type PipelineLines = 'progress' | 'text';

/** `n` lines as the pod log endpoint sends them with timestamps=true: a distinct nanosecond time each. */
export function apiserverLog(n: number, kind: PipelineLines, startMs = Date.parse('2026-01-02T03:04:05Z')): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const ms = startMs + Math.floor(i / 100);
    const ts = new Date(ms).toISOString().slice(0, 23) + String((i % 100) * 1234).padStart(6, '0') + 'Z';
    const text =
      kind === 'progress'
        ? `Train Epoch: 3 [${i % 60000}/60000 (${i % 100}%)]\tLoss: 0.${String(i % 1000000).padStart(6, '0')}\tseq=${i + 1}`
        : `[rank0] step ${i} data loader: fetched batch of 64 from alluxio-fuse in 3.${i % 10} ms seq=${i + 1}`;
    parts.push(`${ts} ${text}\n`);
  }
  return parts.join('');
}

/** Lines per second through the follower into a sink that does nothing (the batches are built). */
export async function pipelineRate(
  log: string,
  lines: number,
  chunk = 16 * 1024,
): Promise<{ rate: number; cpuUsPerLine: number; appends: number }> {
  const pod: KubeObject = {
    metadata: {
      name: 'p-worker-0',
      namespace: 'default',
      uid: 'u0',
      labels: { 'training.kubeflow.org/job-name': 'p' },
    },
    spec: { containers: [{ name: 'pytorch' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'pytorch', restartCount: 0, containerID: 'c0', state: { running: {} } }],
    },
  } as KubeObject;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const streamer: PodLogStreamer = {
    context: 'bench',
    user: 'bench',
    async stream(_r, onData, signal) {
      for (let i = 0; i < log.length && !signal.aborted; i += chunk) {
        onData(log.slice(i, i + chunk));
        await new Promise((r) => setImmediate(r));
      }
      await new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r())));
    },
  };
  let count = 0;
  let appends = 0;
  const out = new BoundedLogOutput({ append: () => appends++, replace: () => appends++ }, DEFAULT_LOG_OUTPUT);
  const began = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const f = new JobFollower({
    job: { namespace: 'default', kind: 'PyTorchJob', name: 'p' },
    options: { tail: -1, timestamps: false, previous: false },
    pods: {
      start(h) {
        queueMicrotask(() => h.reset([pod]));
        return { dispose: () => undefined };
      },
    },
    streamer: streamer,
    parser: new ProgressParser(),
    output: {
      line: (t) => {
        out.line(t);
        if (++count >= lines) done();
      },
      block: (t, n) => {
        out.block(t, n);
        if ((count += n) >= lines) done();
      },
      state: () => undefined,
      progress: () => undefined,
      debug: () => undefined,
    },
  });
  f.start();
  await finished;
  out.flush();
  const secs = Number(process.hrtime.bigint() - began) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  f.dispose();
  out.dispose();
  return { rate: lines / secs, cpuUsPerLine: (cpu.user + cpu.system) / lines, appends };
}
