import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedArticle } from '../authoring/seed';
import {
  ProgressParser,
  applyProgress,
  compileProgressPattern,
  formatProgress,
  ProgressState,
} from '../../../src/core/log-pipeline/progress';

const parser = new ProgressParser();

// The PyTorch-on-HDFS guide's `arena logs --tail=20 alluxio-pytorch` listing, as printed in the article (the tab of
// mnist.py's format string became a space there, and the last two lines were glued together).
const SEED_LINES = [
  'Train Epoch: 12 [49280/60000 (82%)] Loss: 0.021669',
  'Train Epoch: 12 [49920/60000 (83%)] Loss: 0.008180',
  'Train Epoch: 12 [59520/60000 (99%)] Loss: 0.085389Test set: Average loss: 0.0256, Accuracy: 9921/10000 (99%)',
];

/** The PyTorch-on-HDFS guide's `arena logs` listing, read from Alluxio's PyTorch-on-HDFS guide article itself. */
function seedListing(): string[] {
  return seedArticle()
    .split('\n')
    .filter((l) => l.startsWith('Train Epoch:'));
}

test('the seed train line as printed (space before Loss)', () => {
  assert.deepEqual(parser.parse(SEED_LINES[0]), [
    { kind: 'train', epoch: 12, seen: 49280, total: 60000, percent: 82, loss: 0.021669 },
  ]);
});

test("mnist.py's real output has a tab before Loss", () => {
  // print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(...))
  const line = 'Train Epoch: 12 [49280/60000 (82%)]\tLoss: 0.021669';
  assert.deepEqual(parser.parse(line), [
    { kind: 'train', epoch: 12, seen: 49280, total: 60000, percent: 82, loss: 0.021669 },
  ]);
});

test('the seed test line: accuracy from correct/total, not the rounded percent', () => {
  const [ev] = parser.parse('Test set: Average loss: 0.0256, Accuracy: 9921/10000 (99%)');
  assert.deepEqual(ev, { kind: 'test', loss: 0.0256, correct: 9921, total: 10000, accuracy: 99.21 });
});

test('the glued seed line yields the train event then the test event', () => {
  const evs = parser.parse(SEED_LINES[2]);
  assert.equal(evs.length, 2);
  assert.equal(evs[0].kind, 'train');
  assert.equal(evs[1].kind, 'test');
  assert.equal((evs[0] as { loss: number }).loss, 0.085389);
});

test('every Train Epoch line of the seed listing parses, epoch 12, percent rising', () => {
  const lines = seedListing();
  assert.ok(lines.length >= 17, `seed listing has ${lines.length} lines`);
  let last = -1;
  for (const l of lines) {
    const ev = parser.parse(l)[0];
    assert.ok(ev && ev.kind === 'train', l);
    assert.equal(ev.epoch, 12);
    assert.ok(ev.percent >= last, l);
    last = ev.percent;
  }
});

test('other lines give nothing', () => {
  for (const l of [
    '',
    'Downloading http://yann.lecun.com/exdb/mnist/train-images-idx3-ubyte.gz',
    'Train Epoch: x',
    'Loss: 0.1',
  ]) {
    assert.deepEqual(parser.parse(l), [], l);
  }
});

test('a custom pattern with named groups replaces the default', () => {
  const r = compileProgressPattern(String.raw`step (?<epoch>\d+).*?loss=(?<loss>[\d.]+).*?acc=(?<accuracy>[\d.]+)`);
  assert.ok(r.ok && r.value);
  const p = new ProgressParser(r.value);
  assert.deepEqual(p.parse('step 7 | loss=0.5 | acc=0.93'), [{ kind: 'custom', epoch: 7, loss: 0.5, accuracy: 93 }]);
  assert.deepEqual(p.parse('Train Epoch: 12 [49280/60000 (82%)] Loss: 0.021669'), []);
});

test('an invalid or group-less pattern is refused with a message naming the setting', () => {
  const bad = compileProgressPattern('loss=(');
  assert.equal(bad.ok, false);
  assert.match((bad as { error: string }).error, /alluxioDl\.logs\.progressPattern/);
  const noGroups = compileProgressPattern(String.raw`loss=(\d+)`);
  assert.equal(noGroups.ok, false);
  assert.deepEqual(compileProgressPattern('  '), { ok: true, value: undefined });
});

test('state and summary follow the latest events', () => {
  let s: ProgressState = {};
  assert.equal(formatProgress(s), '');
  for (const l of SEED_LINES) for (const ev of parser.parse(l)) s = applyProgress(s, ev);
  assert.equal(s.epoch, 12);
  assert.equal(s.percent, 99);
  assert.equal(s.loss, 0.085389);
  assert.equal(s.accuracy, 99.21);
  assert.equal(formatProgress(s), 'epoch 12 · 99% · loss 0.0854 · acc 99.21%');
});
