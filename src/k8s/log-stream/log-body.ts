import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const MAX_ERROR_BODY = 64 * 1024;

/**
 * Reads of a busy log body are at least this far apart: what arrives in between (a fast log comes as
 * many small pieces, the server flushing each line) is taken in one read() and handed on as one
 * string, so the follower's work per piece is shared by a few hundred lines. A quiet log is read as
 * each line arrives.
 */
export const READ_INTERVAL_MS = 5;

/**
 * The body of a 200 answer to a log request, over either protocol, into `onData`: read in paused
 * mode, decoded once per read. `ended` is called once the whole body was read (the server ended
 * the log).
 */
export function readLogBody(
  body: Readable,
  onData: (chunk: string) => void,
  stopped: () => boolean,
  ended: () => void,
): void {
  const decoder = new StringDecoder('utf8');
  let lastRead = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const drain = () => {
    timer = undefined;
    lastRead = performance.now();
    let b: Buffer | null;
    while ((b = body.read() as Buffer | null) !== null) {
      if (stopped()) continue; // drain
      const text = decoder.write(b);
      if (text) onData(text);
    }
  };
  body.on('readable', () => {
    if (timer !== undefined) return;
    const wait = lastRead + READ_INTERVAL_MS - performance.now();
    if (wait <= 0) drain();
    else timer = setTimeout(drain, wait);
  });
  body.on('close', () => clearTimeout(timer));
  body.on('end', () => {
    const rest = decoder.end();
    if (rest && !stopped()) onData(rest);
    ended();
  });
}

/** The body of a failed answer (a Status object, usually), at most 64 KB, then `done` with its message. */
export function readErrorBody(body: Readable, done: (message: string) => void): void {
  body.setEncoding('utf8');
  let text = '';
  body.on('data', (c: string) => {
    if (text.length < MAX_ERROR_BODY) text += c;
  });
  body.on('end', () => done(statusMessage(text)));
  body.on('error', () => done(statusMessage(text)));
}

/** The message of a Kubernetes Status object, or the start of the body when it is not one. */
function statusMessage(body: string): string {
  try {
    const s = JSON.parse(body) as { message?: string };
    if (typeof s.message === 'string') return s.message;
  } catch {
    // not a Status object
  }
  return body.trim().slice(0, 500);
}
