import { TimeKey, compareKeys, floorToSecond, timeKey } from './timestamps';

/**
 * Resume bookkeeping for one container's log stream. Every line is requested with its timestamp;
 * after a drop the stream is reopened with `sinceTime` = the last timestamp rounded down to the
 * second (servers differ in whether they honour fractions; rounding down only adds lines), and the
 * replayed lines are dropped: those older than the last timestamp, and as many lines carrying exactly
 * the last timestamp as were already delivered (several lines can share one timestamp).
 * Outside a replay the reader does not ask about every line: it records, once per chunk, the last
 * timestamp and how many lines at its end carry it (`advance`). No vscode import.
 */
export class ResumeCursor {
  private last: TimeKey | undefined;
  private lastTs: string | undefined;
  /** lines delivered with exactly `last` */
  private sameCount = 0;
  /** while replaying after a reconnect: how many lines at `last` are still to be skipped */
  private replayingNow = false;
  private skipAtLast = 0;

  /** The timestamp of the last delivered line, as the server wrote it. */
  get lastTimestamp(): string | undefined {
    return this.lastTs;
  }

  /** `sinceTime` for the next request, or undefined before any line was delivered. */
  sinceTime(): string | undefined {
    return this.last ? floorToSecond(this.last) : undefined;
  }

  /** Call when a new request starts after a drop: the lines it repeats will be skipped. */
  reconnect(): void {
    if (!this.last) return;
    this.replayingNow = true;
    this.skipAtLast = this.sameCount;
  }

  /** Whether lines a resumed request repeats are still being skipped (each line must go through `accept`). */
  get replaying(): boolean {
    return this.replayingNow;
  }

  /**
   * Records delivered lines without looking at each: `count` lines at the end of what was delivered
   * carry timestamp `ts` (a later time than the cursor's takes its place; an earlier one, a clock
   * going back inside one stream, keeps the cursor, as `accept` does). Only outside a replay.
   */
  advance(ts: string, count: number): void {
    if (count <= 0) return;
    if (ts === this.lastTs) {
      this.sameCount += count;
      return;
    }
    const key = timeKey(ts);
    if (!key) return;
    const c = this.last ? compareKeys(key, this.last) : 1;
    if (c > 0) {
      this.take(key, ts);
      this.sameCount = count;
    } else if (c === 0) this.sameCount += count;
  }

  /**
   * Decides whether a line (by its timestamp) is new, and records it when it is. Lines without a
   * timestamp are always new (they cannot be matched).
   */
  accept(ts: string | undefined): boolean {
    if (ts !== undefined && ts === this.lastTs && !this.replayingNow) {
      // Fast path: another line with the same timestamp as the last one.
      this.sameCount++;
      return true;
    }
    const key = ts === undefined ? undefined : timeKey(ts);
    if (!key) return true;
    if (!this.last) {
      this.take(key, ts!);
      return true;
    }
    const c = compareKeys(key, this.last);
    if (this.replayingNow) {
      if (c < 0) return false;
      if (c === 0 && this.skipAtLast > 0) {
        this.skipAtLast--;
        return false;
      }
      this.replayingNow = false;
    }
    if (c > 0) this.take(key, ts!);
    else if (c === 0) this.sameCount++;
    // c < 0 outside a replay: the clock went back inside one stream; deliver, keep the cursor.
    return true;
  }

  private take(key: TimeKey, ts: string): void {
    this.last = key;
    this.lastTs = ts;
    this.sameCount = 1;
  }
}
