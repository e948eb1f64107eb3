// SYNTHETIC training logs in the PyTorch-on-HDFS guide's format, written as CRI log lines that KWOK serves for `kubectl logs`:
// a writer that prints the expected lines (no training happens), for the log throughput benchmarks and the
// log-following tests. Real runs of the generated mnist.py are in training/runner.ts (option `training`).
//
// CRI line format (what kubelet/containerd write, and what KWOK reads):
//   <RFC3339Nano time> <stdout|stderr> <F|P> <text>\n        (F = full line, P = partial)
// The generated text is the PyTorch mnist.py output of Alluxio's PyTorch-on-HDFS guide, with a sequence number appended at the
// END of each line, separated by a tab, so no-loss tests can check continuity:
//   Train Epoch: 3 [12800/60000 (21%)]\tLoss: 0.123456\tseq=17
//   Test set: Average loss: 0.0256, Accuracy: 9921/10000 (99%)\tseq=112
// The sequence number counts every generated line from 1 per writer.
import * as fs from 'node:fs';

export function criLine(text: string, stream: 'stdout' | 'stderr' = 'stdout', time = new Date()): string {
  return `${time.toISOString()} ${stream} F ${text}\n`;
}

export async function appendCriLines(file: string, lines: string[]): Promise<void> {
  const now = new Date();
  await fs.promises.appendFile(file, lines.map((l) => criLine(l, 'stdout', now)).join(''));
}

const TRAIN = 60000;
const TEST = 10000;
const BATCH = 64;
const LOG_INTERVAL = 10;
const BATCHES = Math.ceil(TRAIN / BATCH); // 938

/** Deterministic generator of mnist.py's output lines (without the seq suffix). */
export function* mnistLines(epochs = 14): Generator<string> {
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let b = 0; b < BATCHES; b += LOG_INTERVAL) {
      const loss = Math.max(
        0.0005,
        (2.3 / (1 + (epoch - 1) * 8 + b / 60)) * (0.6 + 0.4 * Math.abs(Math.sin(epoch * 7 + b))),
      );
      yield `Train Epoch: ${epoch} [${b * BATCH}/${TRAIN} (${Math.round((100 * b) / BATCHES)}%)]\tLoss: ${loss.toFixed(6)}`;
    }
    const correct = Math.min(9950, 9700 + epoch * 18);
    const avg = Math.max(0.02, 0.09 / epoch);
    yield `Test set: Average loss: ${avg.toFixed(4)}, Accuracy: ${correct}/${TEST} (${Math.round((100 * correct) / TEST)}%)`;
  }
}

/** Appends mnist lines to one or more CRI files at `linesPerSecond`, each with `\tseq=N`. */
export class TrainingLogWriter {
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private readonly gen: Generator<string>;

  constructor(
    private readonly files: string[],
    private readonly linesPerSecond: number,
  ) {
    this.gen = mnistLines(Number.MAX_SAFE_INTEGER);
  }

  /** Adds a file; it receives the lines written from now on. */
  add(file: string): void {
    if (!this.files.includes(file)) this.files.push(file);
  }

  /** Stops writing to a file (a real run took it over). */
  remove(file: string): void {
    const i = this.files.indexOf(file);
    if (i >= 0) this.files.splice(i, 1);
  }

  /** Next `n` lines with their seq suffix. */
  next(n: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(`${this.gen.next().value as string}\tseq=${++this.seq}`);
    return out;
  }

  start(): void {
    if (this.linesPerSecond <= 0 || this.timer) return;
    // Batch per tick so high rates do not need sub-millisecond timers.
    const tickMs = Math.max(50, Math.floor(1000 / this.linesPerSecond));
    const perTick = Math.max(1, Math.round((this.linesPerSecond * tickMs) / 1000));
    this.timer = setInterval(() => {
      const lines = this.next(perTick);
      for (const f of this.files) void appendCriLines(f, lines).catch(() => undefined);
    }, tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
