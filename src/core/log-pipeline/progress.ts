/**
 * Training progress read from log lines. The default formats are the PyTorch MNIST example's (the
 * PyTorch-on-HDFS guide's mnist.py): `Train Epoch: 12 [49280/60000 (82%)]\tLoss: 0.021669` and
 * `Test set: Average loss: 0.0256, Accuracy: 9921/10000 (99%)`. A user pattern (setting
 * `alluxioDl.logs.progressPattern`) with named groups epoch, percent, loss, accuracy replaces them.
 * No vscode import.
 */

import type { Result } from '../result';
import { textStart } from './timestamps';
import { scanTrainLine } from './train-line';

export interface TrainProgress {
  kind: 'train';
  epoch: number;
  /** samples seen in this epoch and the dataset size, when the line has them */
  seen?: number;
  total?: number;
  percent: number;
  loss: number;
}

export interface TestProgress {
  kind: 'test';
  loss: number;
  correct: number;
  total: number;
  /** percent, computed from correct/total (99.21), not the rounded figure of the line */
  accuracy: number;
}

export interface CustomProgress {
  kind: 'custom';
  epoch?: number;
  percent?: number;
  loss?: number;
  accuracy?: number;
}

export type ProgressEvent = TrainProgress | TestProgress | CustomProgress;

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf`;
// Global: the PyTorch-on-HDFS guide's listing glues `Loss: 0.085389Test set: ...` on one line; both are read.
const TRAIN = new RegExp(
  String.raw`Train Epoch:\s*(\d+)\s*\[\s*(\d+)\s*/\s*(\d+)\s*\(\s*(\d+(?:\.\d+)?)%\s*\)\s*\]\s*Loss:\s*(${NUM})`,
  'g',
);
const TEST = new RegExp(
  String.raw`Test set:\s*Average loss:\s*(${NUM}),\s*Accuracy:\s*(\d+)\s*/\s*(\d+)\s*\(\s*(\d+(?:\.\d+)?)%\s*\)`,
  'g',
);

// Sticky: matched where the pre-check found the event's start.
const TRAIN_AT = new RegExp(TRAIN.source, 'y');
const TEST_AT = new RegExp(TEST.source, 'y');

export type PatternResult = Result<RegExp | undefined>;

const GROUPS = ['epoch', 'percent', 'loss', 'accuracy'];

/** Compiles the user's pattern; empty means the default formats. */
export function compileProgressPattern(source: string): PatternResult {
  if (!source.trim()) return { ok: true, value: undefined };
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch (err) {
    return {
      ok: false,
      error: `alluxioDl.logs.progressPattern is not a valid regular expression: ${(err as Error).message}`,
    };
  }
  const names = Object.keys(new RegExp(`${source}|`).exec('')?.groups ?? {});
  if (!names.some((n) => GROUPS.includes(n))) {
    return {
      ok: false,
      error: `alluxioDl.logs.progressPattern has none of the named groups ${GROUPS.map((g) => `(?<${g}>...)`).join(', ')}`,
    };
  }
  return { ok: true, value: regex };
}

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s.toLowerCase() === 'inf' ? Infinity : s);
  return Number.isNaN(v) && s.toLowerCase() !== 'nan' ? undefined : v;
}

/** Where the line holding `raw[at]` starts. */
function lineStart(raw: string, at: number): number {
  return raw.lastIndexOf('\n', at) + 1;
}

/** Where the line starting at `start` ends (its newline, or the end of `raw`). */
function lineEnd(raw: string, start: number): number {
  const end = raw.indexOf('\n', start);
  return end === -1 ? raw.length : end;
}

/** The line starting at `start`, without its timestamp. */
function lineText(raw: string, start: number): string {
  return raw.slice(textStart(raw, start) || start, lineEnd(raw, start));
}

/** Train lines read from one block of a stream at most (see parseBlock). */
export const TRAIN_SAMPLES = 16;

/** A progress event and the server timestamp of its line. */
export interface TimedProgress {
  ev: ProgressEvent;
  ts: string | undefined;
}

/** Reads log lines (without prefix): one at a time, or a block of a stream's lines. */
export class ProgressParser {
  constructor(private readonly custom?: RegExp) {}

  /**
   * The progress of a block of lines as the server sent them (`<timestamp> <text>`, each ending in
   * `\n`), in order. With the default formats every test line counts, and so do the train lines of
   * a block that has at most TRAIN_SAMPLES of them (a live log, a tail); of a bigger block (a fast
   * log, or the backlog of a long job read at once) TRAIN_SAMPLES train lines spread over it are
   * read, its last one always: a curve cannot tell them from all, and the work per block stays
   * small. A user pattern is tried on every line.
   */
  parseBlock(raw: string): TimedProgress[] {
    const starts = new Set<number>();
    if (this.custom) {
      for (let at = 0; at < raw.length; at = lineEnd(raw, at) + 1) starts.add(at);
    } else {
      for (let t = raw.indexOf('Test set'); t !== -1; t = raw.indexOf('Test set', lineEnd(raw, t) + 1))
        starts.add(lineStart(raw, t));
      for (const start of this.trainLines(raw)) starts.add(start);
    }
    const out: TimedProgress[] = [];
    for (const start of [...starts].sort((x, y) => x - y)) {
      const st = textStart(raw, start);
      for (const ev of this.parse(lineText(raw, start)))
        out.push({ ev, ts: st > 0 ? raw.slice(start, st - 1) : undefined });
    }
    return out;
  }

  /** Where the train lines to read start: all of them, or TRAIN_SAMPLES spread over the block, ending with the last one that parses. */
  private trainLines(raw: string): Iterable<number> {
    const all: number[] = [];
    for (
      let t = raw.indexOf('Train Epoch');
      t !== -1 && all.length <= TRAIN_SAMPLES;
      t = raw.indexOf('Train Epoch', lineEnd(raw, t) + 1)
    )
      all.push(lineStart(raw, t));
    if (all.length <= TRAIN_SAMPLES) return all;
    const picked = new Set<number>();
    for (let k = 1; k < TRAIN_SAMPLES; k++) {
      const t = raw.lastIndexOf('Train Epoch', Math.floor((k * raw.length) / TRAIN_SAMPLES));
      if (t !== -1) picked.add(lineStart(raw, t));
    }
    // the last line with a train event (a near miss after it does not hide it)
    for (let t = raw.lastIndexOf('Train Epoch'); t !== -1;) {
      const start = lineStart(raw, t);
      if (this.parse(lineText(raw, start)).some((e) => e.kind === 'train')) {
        picked.add(start);
        break;
      }
      t = start === 0 ? -1 : raw.lastIndexOf('Train Epoch', start - 1);
    }
    return picked;
  }

  parse(line: string): ProgressEvent[] {
    if (this.custom) return this.parseCustom(line);
    // Cheap pre-check in one pass over the line's capital Ts: most lines are neither; most progress
    // lines hold one event: a train line is scanned in place, else a regex anchored where it starts reads it.
    let at = -1;
    let kind: 'train' | 'test' | undefined;
    let several = false;
    for (let i = line.indexOf('T'); i !== -1; i = line.indexOf('T', i + 1)) {
      const k = line.startsWith('Train Epoch', i) ? 'train' : line.startsWith('Test set', i) ? 'test' : undefined;
      if (!k) continue;
      if (kind) {
        several = true;
        break;
      }
      kind = k;
      at = i;
    }
    if (!kind) return [];
    if (!several) {
      if (kind === 'train') {
        const f = scanTrainLine(line, at);
        if (f) return [{ kind, epoch: f.epoch, seen: f.seen, total: f.total, percent: f.percent, loss: f.loss }];
      }
      const re = kind === 'train' ? TRAIN_AT : TEST_AT;
      re.lastIndex = at;
      return this.one(re.exec(line), kind);
    }
    const out: { at: number; ev: ProgressEvent }[] = [];
    for (const m of line.matchAll(TRAIN)) {
      const seen = Number(m[2]);
      const total = Number(m[3]);
      out.push({
        at: m.index ?? 0,
        ev: { kind: 'train', epoch: Number(m[1]), seen, total, percent: Number(m[4]), loss: num(m[5]) ?? NaN },
      });
    }
    for (const m of line.matchAll(TEST)) {
      const correct = Number(m[2]);
      const total = Number(m[3]);
      const accuracy = total > 0 ? (100 * correct) / total : Number(m[4]);
      out.push({ at: m.index ?? 0, ev: { kind: 'test', loss: num(m[1]) ?? NaN, correct, total, accuracy } });
    }
    return out.sort((a, b) => a.at - b.at).map((x) => x.ev);
  }

  private one(m: RegExpExecArray | null, kind: 'train' | 'test'): ProgressEvent[] {
    if (!m) return [];
    if (kind === 'train')
      return [
        {
          kind,
          epoch: Number(m[1]),
          seen: Number(m[2]),
          total: Number(m[3]),
          percent: Number(m[4]),
          loss: num(m[5]) ?? NaN,
        },
      ];
    const correct = Number(m[2]);
    const total = Number(m[3]);
    return [
      { kind, loss: num(m[1]) ?? NaN, correct, total, accuracy: total > 0 ? (100 * correct) / total : Number(m[4]) },
    ];
  }

  private parseCustom(line: string): ProgressEvent[] {
    const m = this.custom!.exec(line);
    const g = m?.groups;
    if (!g) return [];
    const ev: CustomProgress = { kind: 'custom' };
    const epoch = num(g.epoch);
    const percent = num(g.percent);
    const loss = num(g.loss);
    const accuracy = num(g.accuracy);
    if (epoch !== undefined) ev.epoch = epoch;
    if (percent !== undefined) ev.percent = percent;
    if (loss !== undefined) ev.loss = loss;
    // An accuracy written as a fraction (0.9921) is shown as a percent.
    if (accuracy !== undefined) ev.accuracy = accuracy <= 1 && !/%/.test(g.accuracy ?? '') ? accuracy * 100 : accuracy;
    return Object.keys(ev).length > 1 ? [ev] : [];
  }
}

/** The latest progress of a job, across its pods. */
export interface ProgressState {
  epoch?: number;
  percent?: number;
  loss?: number;
  testLoss?: number;
  accuracy?: number;
}

export function applyProgress(state: ProgressState, ev: ProgressEvent): ProgressState {
  const next = { ...state };
  if (ev.kind === 'train') {
    next.epoch = ev.epoch;
    next.percent = ev.percent;
    next.loss = ev.loss;
  } else if (ev.kind === 'test') {
    next.testLoss = ev.loss;
    next.accuracy = ev.accuracy;
  } else {
    if (ev.epoch !== undefined) next.epoch = ev.epoch;
    if (ev.percent !== undefined) next.percent = ev.percent;
    if (ev.loss !== undefined) next.loss = ev.loss;
    if (ev.accuracy !== undefined) next.accuracy = ev.accuracy;
  }
  return next;
}

function fmtLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 0.001 || v === 0 ? v.toPrecision(3).replace(/\.?0+$/, '') : v.toExponential(2);
}

function fmtPct(v: number): string {
  return `${Number.isInteger(v) ? v : v.toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** `epoch 12 · 82% · loss 0.0217 · acc 99.21%`; empty when nothing is known yet. */
export function formatProgress(s: ProgressState): string {
  const parts: string[] = [];
  if (s.epoch !== undefined) parts.push(`epoch ${s.epoch}`);
  if (s.percent !== undefined) parts.push(fmtPct(s.percent));
  if (s.loss !== undefined) parts.push(`loss ${fmtLoss(s.loss)}`);
  if (s.accuracy !== undefined) parts.push(`acc ${fmtPct(s.accuracy)}`);
  return parts.join(' · ');
}
