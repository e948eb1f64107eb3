/** A Buffer that blocks of text are written into, one after the other. */
export interface Slab {
  readonly buf: Buffer;
  used: number;
  /** blocks written here and not released yet */
  live: number;
}

/**
 * Storage for retained log text: each block's UTF-8 bytes are written into the current slab (a
 * Buffer of `slabSize` bytes, outside V8's heap), and a slab whose blocks have all been released goes
 * back to a small pool for reuse. A log that runs for days therefore writes into the same few
 * buffers instead of allocating and freeing one per batch (which leaves the allocator holding freed
 * memory). A block bigger than a slab gets a Buffer of its own. No vscode import.
 */
export class SlabStore {
  private current: Slab | undefined;
  private readonly pool: Buffer[] = [];

  constructor(
    private readonly slabSize = 512 * 1024,
    private readonly poolMax = 4,
  ) {}

  /** The bytes of `text`, and the slab holding them (undefined: a Buffer of its own); release the slab when the block is dropped. */
  write(text: string): { data: Buffer; slab: Slab | undefined } {
    const n = Buffer.byteLength(text, 'utf8');
    if (n > this.slabSize) return { data: Buffer.from(text, 'utf8'), slab: undefined };
    let s = this.current;
    if (!s || s.used + n > this.slabSize) {
      if (s && s.live === 0) this.recycle(s);
      s = this.current = { buf: this.pool.pop() ?? Buffer.allocUnsafeSlow(this.slabSize), used: 0, live: 0 };
    }
    const at = s.used;
    s.buf.write(text, at, n, 'utf8');
    s.used += n;
    s.live++;
    return { data: s.buf.subarray(at, at + n), slab: s };
  }

  /** A block written by `write` is no longer kept. */
  release(slab: Slab | undefined): void {
    if (!slab) return;
    slab.live--;
    if (slab.live === 0 && slab !== this.current) this.recycle(slab);
  }

  private recycle(s: Slab): void {
    if (this.pool.length < this.poolMax) this.pool.push(s.buf);
  }
}
