import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const DEBOUNCE_MS = 250;
/** A kubeconfig larger than this is not fingerprinted (it is still read by the connection). */
const MAX_FINGERPRINT_BYTES = 16 * 1024 * 1024;

/**
 * Watches the kubeconfig files (through their folders, so a file written by rename, created or deleted
 * is seen) and calls back, debounced, when what they hold changed: a new or removed context, a rotated
 * client certificate or token. Editors that save twice, and touches without a change, call nothing.
 */
export class KubeconfigWatch {
  private watchers = new Map<string, fs.FSWatcher>();
  private files: string[] = [];
  private fingerprint = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: () => void) {}

  /** Watches these files from now on (the previous ones are no longer watched). */
  follow(files: string[]): void {
    if (files.join('\0') === this.files.join('\0')) return;
    this.files = files;
    this.fingerprint = this.compute();
    const dirs = new Set(files.map((f) => path.dirname(f)));
    for (const [dir, w] of this.watchers) {
      if (dirs.has(dir)) continue;
      w.close();
      this.watchers.delete(dir);
    }
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = fs.watch(dir, { persistent: false }, (_event, name) => {
          if (!name || this.files.some((f) => path.dirname(f) === dir && path.basename(f) === name.toString()))
            this.schedule();
        });
        w.on('error', () => this.forget(dir));
        this.watchers.set(dir, w);
      } catch {
        // A folder that does not exist (yet): nothing to watch; a Refresh re-reads the files.
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private forget(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const now = this.compute();
      if (now === this.fingerprint) return;
      this.fingerprint = now;
      this.onChange();
    }, DEBOUNCE_MS);
  }

  private compute(): string {
    const hash = crypto.createHash('sha256');
    for (const f of this.files) {
      hash.update(f).update('\0');
      try {
        const st = fs.statSync(f);
        if (st.size > MAX_FINGERPRINT_BYTES) hash.update(`${st.size}:${st.mtimeMs}`);
        else hash.update(fs.readFileSync(f));
      } catch {
        hash.update('missing');
      }
      hash.update('\0');
    }
    return hash.digest('hex');
  }
}
