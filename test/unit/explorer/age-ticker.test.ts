import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgeTicker } from '../../../src/views/age-ticker';
import { age, nextAgeChange } from '../../../src/core/model/format';

/** A clock and one-shot timers the test advances by hand. */
class ManualClock {
  t = Date.parse('2026-01-01T00:00:00Z');
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.t;
  setTimer = (fn: () => void, ms: number) => {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return timer;
  };
  clearTimer = (timer: unknown) => {
    this.timers = this.timers.filter((x) => x !== timer);
  };
  get pending(): number {
    return this.timers.length;
  }
  /** Moves time forward, running the timers that fall due in order (bounded). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (let i = 0; i < 10_000; i++) {
      const next = this.timers.sort((a, b) => a.at - b.at)[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

function setup(rows: Record<string, number | undefined>) {
  const clock = new ManualClock();
  const refreshed: string[][] = [];
  const ticker = new AgeTicker({
    rows: () => Object.keys(rows),
    since: (id) => rows[id],
    refresh: (ids) => refreshed.push(ids),
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return { clock, refreshed, ticker };
}

test('nextAgeChange is the moment the shown age text changes', () => {
  const c = Date.parse('2026-01-01T00:00:00Z');
  for (const elapsed of [0, 999, 1000, 119_500, 120_000, 59 * 60_000 + 1, 3 * 3_600_000 + 5, 50 * 3_600_000]) {
    const now = c + elapsed;
    const next = nextAgeChange(c, now);
    assert.ok(next > now, `after ${elapsed}`);
    assert.equal(age(c, next - 1), age(c, now), `same text until just before, after ${elapsed} ms`);
    assert.notEqual(age(c, next), age(c, now), `changes at ${next - c} ms, after ${elapsed} ms`);
  }
});

test('while visible, only rows whose age text changed are refreshed, when it changes', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const { clock, refreshed, ticker } = setup({
    young: t0 - 5_000, // 5s: changes every second
    old: t0 - 10 * 60_000 - 30_000, // 10m 30s: changes to 11m in 30 s
    section: undefined, // shows no age
  });
  ticker.setVisible(true);
  clock.advance(1000);
  assert.deepEqual(refreshed, [['young']]);
  clock.advance(29_000);
  assert.equal(refreshed.length, 30, 'one refresh per second for the young row');
  assert.deepEqual(refreshed.at(-1), ['young', 'old'], 'the old row at its minute boundary');
  assert.ok(refreshed.every((ids) => !ids.includes('section')));
});

test('rows an hour old cause no refresh for a minute, and nothing ticks while hidden', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const { clock, refreshed, ticker } = setup({ job: t0 - 3_600_000 - 1000 }); // 60m 1s
  ticker.setVisible(true);
  clock.advance(58_000);
  assert.deepEqual(refreshed, []);
  clock.advance(2_000);
  assert.deepEqual(refreshed, [['job']]);
  ticker.setVisible(false);
  assert.equal(ticker.running, false);
  assert.equal(clock.pending, 0, 'no timer left while hidden');
  clock.advance(10 * 60_000);
  assert.equal(refreshed.length, 1);
  ticker.setVisible(true);
  clock.advance(60_000);
  assert.equal(refreshed.length, 2, 'ticks again once shown');
  ticker.dispose();
  assert.equal(clock.pending, 0);
});
