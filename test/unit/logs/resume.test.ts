import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContainerLogReader } from '../../../src/core/log-pipeline/container-reader';
import { ResumeCursor } from '../../../src/core/log-pipeline/resume';
import {
  compareKeys,
  floorToSecond,
  parseCriLine,
  splitTimestamp,
  textStart,
  timeKey,
} from '../../../src/core/log-pipeline/timestamps';

test('splitTimestamp takes RFC3339Nano and RFC3339 prefixes only', () => {
  assert.deepEqual(splitTimestamp('2026-01-02T03:04:05.123456789Z Train Epoch: 1'), {
    ts: '2026-01-02T03:04:05.123456789Z',
    text: 'Train Epoch: 1',
  });
  assert.deepEqual(splitTimestamp('2026-01-02T03:04:05Z x'), { ts: '2026-01-02T03:04:05Z', text: 'x' });
  assert.deepEqual(splitTimestamp('2026-01-02T03:04:05+02:00 x'), { ts: '2026-01-02T03:04:05+02:00', text: 'x' });
  assert.deepEqual(splitTimestamp('no time here'), { ts: undefined, text: 'no time here' });
  assert.deepEqual(splitTimestamp('2026-01-02 03:04:05 x'), { ts: undefined, text: '2026-01-02 03:04:05 x' });
});

test('a CRI record parses', () => {
  assert.deepEqual(parseCriLine('2016-10-06T00:00:00Z stdout F text with  spaces'), {
    ts: '2016-10-06T00:00:00Z',
    stream: 'stdout',
    full: true,
    text: 'text with  spaces',
  });
  assert.equal(parseCriLine('2016-10-06T00:00:00Z text'), undefined);
});

test('timeKey compares exactly to the nanosecond, across formats and offsets', () => {
  const k = (s: string) => timeKey(s)!;
  assert.equal(compareKeys(k('2026-01-02T03:04:05.1Z'), k('2026-01-02T03:04:05.100000000Z')), 0);
  assert.ok(compareKeys(k('2026-01-02T03:04:05.000000001Z'), k('2026-01-02T03:04:05Z')) > 0);
  assert.ok(compareKeys(k('2026-01-02T03:04:05.999999999Z'), k('2026-01-02T03:04:06Z')) < 0);
  assert.equal(compareKeys(k('2026-01-02T05:04:05+02:00'), k('2026-01-02T03:04:05Z')), 0);
  assert.equal(floorToSecond(k('2026-01-02T03:04:05.987654321Z')), '2026-01-02T03:04:05Z');
  assert.equal(timeKey('garbage'), undefined);
});

test('cursor: the replayed lines after a reconnect are skipped, the rest delivered', () => {
  const c = new ResumeCursor();
  assert.equal(c.sinceTime(), undefined);
  for (const ts of ['2026-01-02T03:04:04.5Z', '2026-01-02T03:04:05.1Z', '2026-01-02T03:04:05.2Z'])
    assert.ok(c.accept(ts));
  assert.equal(c.sinceTime(), '2026-01-02T03:04:05Z');
  c.reconnect();
  // the server repeats from the whole second
  assert.equal(c.accept('2026-01-02T03:04:05.1Z'), false);
  assert.equal(c.accept('2026-01-02T03:04:05.2Z'), false);
  assert.equal(c.accept('2026-01-02T03:04:05.3Z'), true);
  assert.equal(c.accept('2026-01-02T03:04:06Z'), true);
});

test('cursor: lines sharing the last timestamp are counted, not all dropped', () => {
  const c = new ResumeCursor();
  const T = '2026-01-02T03:04:05.5Z';
  assert.ok(c.accept(T));
  assert.ok(c.accept(T));
  c.reconnect();
  // the server sends the two seen lines and a third new one, all with the same time
  assert.equal(c.accept(T), false);
  assert.equal(c.accept(T), false);
  assert.equal(c.accept(T), true);
  c.reconnect();
  assert.equal(c.accept(T), false);
  assert.equal(c.accept(T), false);
  assert.equal(c.accept(T), false);
  assert.equal(c.accept(T), true, 'a fourth line at the same time is new');
});

test('cursor: lines without a timestamp always pass', () => {
  const c = new ResumeCursor();
  assert.ok(c.accept(undefined));
  c.reconnect();
  assert.ok(c.accept(undefined));
});

function collectReader(showTimestamps = false, prefix = '') {
  const shown: string[] = [];
  const texts: string[] = [];
  const r = new ContainerLogReader({
    showTimestamps,
    prefix: () => prefix,
    onLines: (b) => {
      shown.push(...b.text.split('\n').slice(0, -1));
      texts.push(
        ...b.raw
          .split('\n')
          .slice(0, -1)
          .map((l) => l.slice(textStart(l))),
      );
    },
  });
  return { r, shown, texts };
}

function ts(i: number): string {
  // 4 lines per second, some sharing a timestamp
  return `2026-01-02T03:04:${String(10 + Math.floor(i / 4)).padStart(2, '0')}.${Math.floor((i % 4) / 2) * 5}Z`;
}

test('reader: a drop in the middle of a line and a resume lose and repeat nothing', () => {
  const all = Array.from({ length: 40 }, (_, i) => `${ts(i)} seq=${i}`);
  const { r, texts } = collectReader();
  // first request: 17 full lines and half of the 18th
  const first = all.slice(0, 17).join('\n') + '\n' + all[17].slice(0, 20);
  r.chunk(first.slice(0, 100));
  r.chunk(first.slice(100));
  r.end(false);
  const since = r.resume()!;
  // the server answers sinceTime with every line at or after it
  const replay =
    all.filter((l) => compareKeys(timeKey(l.slice(0, l.indexOf(' ')))!, timeKey(since)!) >= 0).join('\n') + '\n';
  assert.ok(replay.split('\n').length > 23 - 16, 'the replay repeats some lines');
  r.chunk(replay);
  r.end(true);
  assert.deepEqual(
    texts,
    all.map((_, i) => `seq=${i}`),
  );
});

test('reader: timestamps stripped unless asked, prefix applied, CRLF and final partial line handled', () => {
  const a = collectReader(false, '[worker-1] ');
  a.r.chunk('2026-01-02T03:04:05Z one\r\n2026-01-02T03:04:06Z two');
  a.r.end(true);
  assert.deepEqual(a.shown, ['[worker-1] one', '[worker-1] two']);
  const b = collectReader(true);
  b.r.chunk('2026-01-02T03:04:05.25Z one\n');
  assert.deepEqual(b.shown, ['2026-01-02T03:04:05.25Z one']);
  assert.deepEqual(b.texts, ['one']);
});
