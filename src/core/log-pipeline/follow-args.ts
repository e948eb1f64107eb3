/**
 * Options of Follow Logs written as `arena logs` / `kubectl logs` flags:
 * `--tail=100 --since=10m --timestamps -c pytorch --previous`. No vscode import.
 */
import type { Result } from '../result';
export interface FollowArgs {
  tail?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  container?: string;
  previous?: boolean;
}

/** `10s`, `5m`, `2h`, `1h30m` → seconds. */
export function parseDuration(s: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s.trim());
  if (!m || !s.trim() || (!m[1] && !m[2] && !m[3])) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export function parseFollowArgs(text: string): Result<FollowArgs> {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const args: FollowArgs = {};
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const eq = tok.indexOf('=');
    const flag = eq > 0 ? tok.slice(0, eq) : tok;
    const takeValue = (): string | undefined => (eq > 0 ? tok.slice(eq + 1) : tokens[++i]);
    switch (flag) {
      case '--tail':
      case '-t': {
        const v = Number(takeValue());
        if (!Number.isInteger(v) || v < -1)
          return { ok: false, error: `${flag} needs a whole number of lines (-1: all)` };
        args.tail = v;
        break;
      }
      case '--since': {
        const v = takeValue() ?? '';
        const secs = parseDuration(v);
        if (secs === undefined)
          return { ok: false, error: `--since needs a duration like 30s, 10m or 1h (got "${v}")` };
        args.sinceSeconds = secs;
        break;
      }
      case '--timestamps':
        args.timestamps = eq > 0 ? tok.slice(eq + 1) !== 'false' : true;
        break;
      case '--previous':
      case '-p':
        args.previous = eq > 0 ? tok.slice(eq + 1) !== 'false' : true;
        break;
      case '--container':
      case '-c': {
        const v = takeValue();
        if (!v) return { ok: false, error: `${flag} needs a container name` };
        args.container = v;
        break;
      }
      default:
        return {
          ok: false,
          error: `unknown option "${tok}": use --tail=N, --since=DURATION, --timestamps, -c CONTAINER, --previous`,
        };
    }
  }
  return { ok: true, value: args };
}
