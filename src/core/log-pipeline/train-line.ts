/**
 * A scanner for the MNIST train line `Train Epoch: 12 [49280/60000 (82%)]\tLoss: 0.021669` that
 * reads the numbers in place: no match array and no substrings per line (a fast log is mostly these
 * lines). It accepts a subset of what the regex in progress.ts accepts (ASCII spaces and tabs only);
 * anything else returns undefined and the regex decides. No vscode import.
 */
export interface TrainFields {
  epoch: number;
  seen: number;
  total: number;
  percent: number;
  loss: number;
}

const PREFIX = 'Train Epoch:';

/** Reads the line from `at`, where `Train Epoch:` starts. */
export function scanTrainLine(s: string, at: number): TrainFields | undefined {
  if (!s.startsWith(PREFIX, at)) return undefined;
  const n = s.length;
  let i = at + PREFIX.length;
  const ws = () => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
  };
  const digit = () => {
    const c = s.charCodeAt(i) - 48;
    return c >= 0 && c <= 9;
  };
  /** \d+ as a number (long runs through Number for exactness) */
  const uint = (): number => {
    const from = i;
    let v = 0;
    while (i < n && digit()) v = v * 10 + (s.charCodeAt(i++) - 48);
    if (i === from) return NaN;
    return i - from > 15 ? Number(s.slice(from, i)) : v;
  };
  const expect = (code: number): boolean => {
    ws();
    if (s.charCodeAt(i) !== code) return false;
    i++;
    ws();
    return true;
  };
  ws();
  const epoch = uint();
  if (Number.isNaN(epoch) || !expect(91 /* [ */)) return undefined;
  const seen = uint();
  if (Number.isNaN(seen) || !expect(47 /* / */)) return undefined;
  const total = uint();
  if (Number.isNaN(total) || !expect(40 /* ( */)) return undefined;
  // \d+(?:\.\d+)?%
  const pFrom = i;
  if (Number.isNaN(uint())) return undefined;
  if (s.charCodeAt(i) === 46 && i + 1 < n && (s.charCodeAt(i + 1) - 48) >>> 0 <= 9) {
    i++;
    uint();
  }
  const percent = Number(s.slice(pFrom, i));
  if (s.charCodeAt(i) !== 37 /* % */) return undefined;
  i++;
  if (!expect(41 /* ) */) || !expect(93 /* ] */) || !s.startsWith('Loss:', i)) return undefined;
  i += 5;
  ws();
  // [-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)? ; nan and inf go to the regex
  const lFrom = i;
  if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++;
  const intFrom = i;
  while (i < n && digit()) i++;
  const intDigits = i - intFrom;
  if (s.charCodeAt(i) === 46) {
    i++;
    const fracFrom = i;
    while (i < n && digit()) i++;
    if (intDigits === 0 && i === fracFrom) return undefined;
  } else if (intDigits === 0) return undefined;
  const e = s.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    if (s.charCodeAt(j) === 43 || s.charCodeAt(j) === 45) j++;
    const expFrom = j;
    while (j < n && (s.charCodeAt(j) - 48) >>> 0 <= 9) j++;
    if (j > expFrom) i = j;
  }
  return { epoch, seen, total, percent, loss: Number(s.slice(lFrom, i)) };
}
