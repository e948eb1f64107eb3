// The first run's progress lines: start with an estimate, periodic "still …" lines, the time it took.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '../../support/wait';
import { duration, longStep } from '../../support/long-step';

test('duration reads as seconds, then minutes and seconds', () => {
  assert.equal(duration(42.4), '42 s');
  assert.equal(duration(283), '4 min 43 s');
  assert.equal(duration(120), '2 min');
});

test('a long step says what, about how long, how far along, and how long it took', async () => {
  const lines: string[] = [];
  const step = longStep((m) => lines.push(m), 'building kwok', 164, 'log: /x/build-kwok.log', 20);
  assert.equal(lines[0], '[first run] building kwok: about 2 min 44 s (log: /x/build-kwok.log)');
  await waitFor('a progress line', () => lines.some((l) => l.startsWith('[first run] still building kwok: ')), {
    timeoutMs: 5_000,
    intervalMs: 10,
  });
  assert.match(
    lines.find((l) => l.includes('still'))!,
    /: \d+ s of about 2 min 44 s$/,
  );
  step.done();
  assert.match(lines.at(-1)!, /^\[first run\] building kwok: done in \d+ s$/);
  const count = lines.length;
  await new Promise((r) => setImmediate(r));
  assert.equal(lines.length, count, 'no line after done()');
});
