import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlockRing } from '../../../src/core/log-pipeline/block-ring';
import { SlabStore } from '../../../src/core/log-pipeline/slab-store';
import { ContainerLogReader, LineBlock } from '../../../src/core/log-pipeline/container-reader';
import { ProgressParser, TRAIN_SAMPLES } from '../../../src/core/log-pipeline/progress';
import { scanTrainLine } from '../../../src/core/log-pipeline/train-line';
import { LineRing } from './reference-line-ring';
import { compareKeys, timeKey, timestampEnd } from '../../../src/core/log-pipeline/timestamps';

/** A small seeded PRNG, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('timestamps: checked by characters as strictly as RFC3339 wants', () => {
  assert.equal(timestampEnd('2026-01-02T03:04:05.123456789Z x'), 30);
  assert.equal(timestampEnd('2026-01-02T03:04:05Z'), 20);
  assert.equal(timestampEnd('2026-01-02T03:04:05-07:30 x'), 25);
  for (const bad of [
    '2026-01-02T03:04:05.1234567891Z',
    '2026-01-02T03:04:05.Z',
    '2026-01-02T03:04:05',
    '2026-01-02 03:04:05Z',
    '2026-01-02T03:04:05+0200',
    'x026-01-02T03:04:05Z',
    '',
  ]) {
    assert.equal(timestampEnd(bad), -1, bad);
    assert.equal(timeKey(bad), undefined, bad);
  }
  // The cached seconds are not reused across zones or seconds.
  const z = timeKey('2026-01-02T03:04:05.5Z')!;
  const plus = timeKey('2026-01-02T03:04:05.5+01:00')!;
  const next = timeKey('2026-01-02T03:04:06Z')!;
  assert.equal(z[0] - plus[0], 3_600_000);
  assert.equal(next[0] - z[0], 500);
  assert.deepEqual(timeKey('2026-01-02T03:04:05.000000001Z'), [Date.parse('2026-01-02T03:04:05Z'), 1]);
  assert.equal(timeKey('2026-01-02T03:04:05.5Zjunk'), undefined);
});

test('block ring: the same lines, bounds and counts as a ring of lines, whatever the block sizes (slabs reused or not)', () => {
  const r = rng(7);
  for (const [maxLines, maxChars, slab] of [
    [50, 1e9, 512 * 1024],
    [1000, 300, 512 * 1024],
    [40, 250, 64],
    [1, 10, 16],
    [200, 900, 100],
  ]) {
    // small slabs: they fill, are recycled through the pool and written over while older blocks still point into others
    const blocks = new BlockRing(maxLines, maxChars, new SlabStore(slab, 2));
    const lines = new LineRing(maxLines, maxChars);
    let n = 0;
    for (let round = 0; round < 300; round++) {
      const size = 1 + Math.floor(r() * 25);
      const batch = Array.from(
        { length: size },
        () => `l${n++}${'x'.repeat(Math.floor(r() * (r() < 0.05 ? 40 : 8)))}${r() < 0.2 ? 'é🚀' : ''}`,
      );
      for (const l of batch) lines.push(l);
      blocks.push(batch.join('\n') + '\n', batch.length);
      assert.equal(blocks.text(), lines.text(), `bounds ${maxLines}/${maxChars}, round ${round}`);
      assert.equal(blocks.length, lines.length);
      assert.equal(blocks.size, lines.size);
      assert.equal(blocks.dropped, lines.dropped);
    }
  }
});

const T0 = Date.parse('2026-01-02T03:04:05Z');

/** A log with runs of equal timestamps, lines without any, and lines held back at a chunk end. */
function log(n: number, r: () => number): { line: string; seq: number }[] {
  const out: { line: string; seq: number }[] = [];
  let ms = T0;
  for (let i = 0; i < n; i++) {
    if (r() < 0.4) ms += Math.floor(r() * 700); // else the same timestamp as the line before
    const ts = new Date(ms).toISOString().replace('Z', `${String(ms % 7).padStart(6, '0')}Z`);
    out.push({ line: r() < 0.03 ? `no timestamp seq=${i}` : `${ts} seq=${i}`, seq: i });
  }
  return out;
}

test('reader: random chunk cuts and drops (with the server replaying from the whole second) lose and repeat nothing', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    const all = log(300, r).filter((l) => !l.line.startsWith('no timestamp')); // a server always stamps lines
    const got: number[] = [];
    const reader = new ContainerLogReader({
      showTimestamps: false,
      prefix: () => '',
      onLines: (b) =>
        b.text
          .split('\n')
          .slice(0, -1)
          .forEach((t) => got.push(Number(/seq=(\d+)/.exec(t)![1]))),
    });
    let pos = 0; // index of the next line the server has not sent yet
    let since: string | undefined;
    while (pos < all.length) {
      // the server's answer: every line at or after sinceTime
      const from = since
        ? all.findIndex((l) => compareKeys(timeKey(l.line.slice(0, l.line.indexOf(' ')))!, timeKey(since!)!) >= 0)
        : 0;
      const text = all
        .slice(from)
        .map((l) => l.line + '\n')
        .join('');
      // it drops after a random number of characters
      const cut = r() < 0.3 ? text.length : Math.floor(r() * text.length);
      let i = 0;
      while (i < cut) {
        const step = 1 + Math.floor(r() * 200);
        reader.chunk(text.slice(i, Math.min(cut, i + step)));
        i += step;
      }
      const done = cut === text.length;
      reader.end(done);
      if (done) break;
      pos = got.length;
      since = reader.resume();
    }
    assert.deepEqual(
      got,
      all.map((l) => l.seq),
      `seed ${seed}`,
    );
  }
});

test('reader: prefix and timestamps shown, lines without timestamp pass, the block keeps the raw lines', () => {
  const blocks: LineBlock[] = [];
  const reader = new ContainerLogReader({
    showTimestamps: true,
    prefix: () => '[worker-0] ',
    onLines: (b) => blocks.push(b),
  });
  reader.chunk('2026-01-02T03:04:05.1Z a\nplain line\n2026-01-02T03:04:05.1Z b\n2026-01-02T03:04:0');
  reader.chunk('6Z c\n');
  assert.equal(
    blocks[0].text,
    '[worker-0] 2026-01-02T03:04:05.1Z a\n[worker-0] plain line\n[worker-0] 2026-01-02T03:04:05.1Z b\n',
  );
  assert.equal(blocks[0].raw, '2026-01-02T03:04:05.1Z a\nplain line\n2026-01-02T03:04:05.1Z b\n');
  assert.equal(blocks[0].lines, 3);
  assert.deepEqual(blocks[1], {
    text: '[worker-0] 2026-01-02T03:04:06Z c\n',
    lines: 1,
    raw: '2026-01-02T03:04:06Z c\n',
  });
  // the cursor counted both lines at 05.1 (not the one without a time) before moving on to 06
  assert.equal(reader.cursor.lastTimestamp, '2026-01-02T03:04:06Z');
  assert.equal(reader.resume(), '2026-01-02T03:04:06Z');
});

test('reader: timestamps are stripped only at line starts and only when whole', () => {
  const blocks: LineBlock[] = [];
  const reader = new ContainerLogReader({ showTimestamps: false, prefix: () => '', onLines: (b) => blocks.push(b) });
  reader.chunk(
    [
      '2026-01-02T03:04:05.123456789Z a 2026-01-02T03:04:05Z inside',
      '2026-01-02T03:04:05+02:00 offset',
      '2026-01-02T03:04:05.1234567891Z ten digits',
      '2026-01-02T03:04:05Zno space',
      '',
      'x\u20282026-01-02T03:04:05Z after a line separator',
      '2026-01-02T03:04:05Z ',
    ].join('\n') + '\n',
  );
  assert.equal(
    blocks[0].text,
    [
      'a 2026-01-02T03:04:05Z inside',
      'offset',
      '2026-01-02T03:04:05.1234567891Z ten digits',
      '2026-01-02T03:04:05Zno space',
      '',
      'x\u20282026-01-02T03:04:05Z after a line separator',
      '',
    ].join('\n') + '\n',
  );
  assert.equal(blocks[0].lines, 7);
});

test('progress of a block: every test line and, in a small block, every train line, in order, with their timestamps', () => {
  const p = new ProgressParser();
  const raw =
    [
      '2026-01-02T03:04:05.1Z Train Epoch: 1 [0/60000 (0%)]\tLoss: 2.3',
      '2026-01-02T03:04:05.2Z Train Epoch: 1 [640/60000 (1%)]\tLoss: 1.5',
      '2026-01-02T03:04:05.3Z Test set: Average loss: 0.2, Accuracy: 9000/10000 (90%)',
      '2026-01-02T03:04:05.4Z Train Epoch: 2 [0/60000 (0%)]\tLoss: 0.9',
      '2026-01-02T03:04:05.5Z Train Epoch: 2 [64',
      'Train Epoch: x near miss',
    ].join('\n') + '\n';
  assert.deepEqual(p.parseBlock(raw), [
    { ev: { kind: 'train', epoch: 1, seen: 0, total: 60000, percent: 0, loss: 2.3 }, ts: '2026-01-02T03:04:05.1Z' },
    { ev: { kind: 'train', epoch: 1, seen: 640, total: 60000, percent: 1, loss: 1.5 }, ts: '2026-01-02T03:04:05.2Z' },
    { ev: { kind: 'test', loss: 0.2, correct: 9000, total: 10000, accuracy: 90 }, ts: '2026-01-02T03:04:05.3Z' },
    { ev: { kind: 'train', epoch: 2, seen: 0, total: 60000, percent: 0, loss: 0.9 }, ts: '2026-01-02T03:04:05.4Z' },
  ]);
});

test('progress of a big block: train lines sampled across it, the last valid one always, every test line', () => {
  const p = new ProgressParser();
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    lines.push(
      `2026-01-02T03:04:05.${String(2 * i).padStart(9, '0')}Z Train Epoch: 1 [${i * 60}/60000 (${Math.floor(i / 10)}%)]\tLoss: 0.${i}`,
    );
    if (i === 500) lines.push('2026-01-02T03:04:05.000001001Z Test set: Average loss: 0.2, Accuracy: 9000/10000 (90%)');
  }
  lines.push('2026-01-02T03:04:06Z Train Epoch: 1 [near miss');
  const got = p.parseBlock(lines.join('\n') + '\n');
  const train = got.filter((x) => x.ev.kind === 'train').map((x) => (x.ev.kind === 'train' ? (x.ev.seen ?? -1) : -1));
  assert.ok(train.length >= TRAIN_SAMPLES / 2 && train.length <= TRAIN_SAMPLES, `${train.length} train samples`);
  assert.deepEqual(
    [...train].sort((a, b) => a - b),
    train,
    'in order',
  );
  assert.ok(train[0] > 0 && train[0] < 60 * 200, `the first sample comes early in the block (${train[0]})`);
  assert.equal(train.at(-1), 999 * 60, 'the last valid train line');
  assert.equal(got.filter((x) => x.ev.kind === 'test').length, 1);
  const ts = got.map((x) => x.ts ?? '');
  assert.deepEqual([...ts].sort(), ts, 'events in the order of their lines');
});

test('progress of a block: the seed glued line and a user pattern', () => {
  const p = new ProgressParser();
  // the PyTorch-on-HDFS guide's glued line: both events, once
  const glued =
    '2026-01-02T03:04:06Z Train Epoch: 3 [59520/60000 (99%)]\tLoss: 0.085389Test set: Average loss: 0.0256, Accuracy: 9921/10000 (99%)\n';
  assert.deepEqual(
    p.parseBlock(glued).map((x) => x.ev.kind),
    ['train', 'test'],
  );
  assert.deepEqual(p.parseBlock('2026-01-02T03:04:06Z no progress here\n'), []);
  // a user pattern reads every line
  const custom = new ProgressParser(/step (?<epoch>\d+) loss (?<loss>[\d.]+)/);
  assert.deepEqual(
    custom.parseBlock('2026-01-02T03:04:07Z step 1 loss 0.5\nstep 2 loss 0.4\n').map((x) => [x.ev, x.ts]),
    [
      [{ kind: 'custom', epoch: 1, loss: 0.5 }, '2026-01-02T03:04:07Z'],
      [{ kind: 'custom', epoch: 2, loss: 0.4 }, undefined],
    ],
  );
});

test('progress pre-check: capital Ts elsewhere, a near miss, an event after other text', () => {
  const p = new ProgressParser();
  assert.deepEqual(p.parse('Tensor Tflops Train Epochs: 3'), []);
  assert.deepEqual(p.parse('Train Epoch: x [1/2 (50%)] Loss: 1'), []);
  assert.deepEqual(p.parse('[rank0] Train Epoch: 2 [640/60000 (1%)]\tLoss: 0.5'), [
    { kind: 'train', epoch: 2, seen: 640, total: 60000, percent: 1, loss: 0.5 },
  ]);
  assert.deepEqual(p.parse('Train Epoch: x [1/2 (50%)] Loss: 1 Test set: Average loss: 0.1, Accuracy: 9/10 (90%)'), [
    { kind: 'test', loss: 0.1, correct: 9, total: 10, accuracy: 90 },
  ]);
});

test('train line scanner: wherever it answers, it answers as the regex does (random lines, near misses included)', () => {
  const r = rng(11);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  /** mostly the first (valid) choices, sometimes a near miss */
  const mostly = <T>(good: T[], bad: T[]): T => (r() < 0.9 ? pick(good) : pick(bad));
  const ws = () => mostly(['', ' ', '  ', '\t', ' \t'], ['\u00a0', '\n']);
  const int = () => mostly(['0', '7', '12', '49280', '60000', '0012', '12345678901234567890'], ['', 'x']);
  const num = () =>
    mostly(
      ['0.021669', '1', '5.', '.5', '-0.5', '+2', '1e-3', '2.5E+10', '1e', '0.1.2', '3e5x'],
      ['nan', 'inf', '.', '-'],
    );
  const pct = () => mostly(['82', '99.5', '100'], ['12.', '.5', '']);
  const regex = new RegExp(
    String.raw`Train Epoch:\s*(\d+)\s*\[\s*(\d+)\s*/\s*(\d+)\s*\(\s*(\d+(?:\.\d+)?)%\s*\)\s*\]\s*Loss:\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)`,
    'y',
  );
  let answered = 0;
  for (let k = 0; k < 20000; k++) {
    const line = `Train Epoch:${ws()}${int()}${ws()}[${ws()}${int()}${ws()}${mostly(['/'], ['|'])}${ws()}${int()}${ws()}(${ws()}${pct()}${mostly(['%'], [''])}${ws()})${ws()}${mostly([']'], [''])}${ws()}Loss:${ws()}${num()}${pick(['', ' seq=3', '\tTest'])}`;
    const got = scanTrainLine(line, 0);
    regex.lastIndex = 0;
    const m = regex.exec(line);
    if (!got) continue;
    answered++;
    assert.ok(m, `the scanner read a line the regex rejects: ${JSON.stringify(line)}`);
    assert.deepEqual(
      got,
      { epoch: Number(m[1]), seen: Number(m[2]), total: Number(m[3]), percent: Number(m[4]), loss: Number(m[5]) },
      JSON.stringify(line),
    );
  }
  assert.ok(answered > 1000, `the scanner answered ${answered} lines`);
});
