/**
 * The one way tests wait: poll a condition with a deadline, never a fixed sleep.
 */

export interface WaitOptions {
  /** How long to keep trying (default 10 s). */
  timeoutMs?: number;
  /** Pause between tries; 0 yields to the event loop once (setImmediate). Default 50 ms. */
  intervalMs?: number;
  /** Asked after every unsuccessful try: a reason stops the wait at once (e.g. the process being waited on died). */
  failed?: () => string | undefined;
}

type Falsy = undefined | null | false;

/**
 * Polls `probe` until it returns a truthy value and returns that value. A probe that throws counts as
 * "not yet"; its last message is part of the timeout error. `opts` is the timeout in ms, or options.
 * `what` names the condition in errors (a function is called only when the error is written).
 */
export async function waitFor<T>(
  what: string | (() => string),
  probe: () => T | Falsy | Promise<T | Falsy>,
  opts: number | WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50, failed } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const name = () => (typeof what === 'string' ? what : what());
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = (e as Error).message;
    }
    const reason = failed?.();
    if (reason) throw new Error(`gave up waiting for ${name()}: ${reason}`);
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${name()}${last ? `: ${last}` : ''}`);
    await pause(intervalMs);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise<void>((wake) => (ms > 0 ? setTimeout(wake, ms) : setImmediate(wake)));
}
