/**
 * How the first run's long steps (Go builds, downloads, the PyTorch venv, code-server) report themselves,
 * all in one shape: what starts and about how long it takes, a line every 30 s with the time spent against
 * that estimate, and the time it took.
 *
 *   [first run] building kube-apiserver: about 5 min on 2 cores (log …)
 *   [first run] still building kube-apiserver: 1 min 30 s of about 5 min
 *   [first run] building kube-apiserver: done in 4 min 43 s
 */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

export interface LongStep {
  done(): void;
  failed(): void;
}

/** Starts reporting `what` (expected to take about `estimateSeconds`); call done() or failed() at the end. */
export function longStep(
  say: (m: string) => void,
  what: string,
  estimateSeconds: number,
  detail = '',
  everyMs = 30_000,
): LongStep {
  const t0 = Date.now();
  const about = `about ${duration(estimateSeconds)}`;
  say(`[first run] ${what}: ${about}${detail ? ` (${detail})` : ''}`);
  const timer = setInterval(() => {
    const spent = (Date.now() - t0) / 1000;
    const over = spent > estimateSeconds ? ', longer than expected on a busy machine' : '';
    say(`[first run] still ${what}: ${duration(spent)} of ${about}${over}`);
  }, everyMs);
  timer.unref();
  const end = (how: string) => {
    clearInterval(timer);
    say(`[first run] ${what}: ${how} ${duration((Date.now() - t0) / 1000)}`);
  };
  return { done: () => end('done in'), failed: () => end('failed after') };
}
