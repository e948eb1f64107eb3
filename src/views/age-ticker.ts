/**
 * Keeps the relative ages in the explorer's rows true ("45s", "12m") without re-rendering the tree:
 * while the view is visible it refreshes only the rows whose age text changed, at the moment it
 * changes (every second for rows under two minutes old, every minute after that, ...). Stops when
 * the view is hidden. No vscode import: the view hands it its rows and a refresh function.
 */
import { age, nextAgeChange } from '../core/model/format';

export interface AgeTickerDeps {
  /** Ids of the rows the view holds. */
  rows: () => Iterable<string>;
  /** When a row's age counts from, or undefined for rows that show none. */
  since: (id: string) => number | undefined;
  /** Re-renders these rows. */
  refresh: (ids: string[]) => void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** New rows are looked at this often even when no shown age is due to change sooner. */
const MAX_WAIT_MS = 5000;
const MIN_WAIT_MS = 250;

export class AgeTicker {
  private timer: unknown;
  /** When the rows were last brought up to date. */
  private shownAt = 0;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly deps: AgeTickerDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts (visible: the view has just rendered its rows) or stops ticking. */
  setVisible(visible: boolean): void {
    this.stop();
    if (!visible) return;
    this.shownAt = this.now();
    this.schedule();
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    const before = this.shownAt;
    const now = this.now();
    const due: string[] = [];
    for (const id of this.deps.rows()) {
      const since = this.deps.since(id);
      if (since && age(since, before) !== age(since, now)) due.push(id);
    }
    this.shownAt = now;
    if (due.length) this.deps.refresh(due);
    this.schedule();
  }

  private schedule(): void {
    const now = this.now();
    let next = now + MAX_WAIT_MS;
    for (const id of this.deps.rows()) {
      const since = this.deps.since(id);
      if (since) next = Math.min(next, nextAgeChange(since, now));
    }
    this.timer = this.setTimer(() => this.tick(), Math.max(MIN_WAIT_MS, next - now));
  }
}
