// Buffers reused from one pass to the next: a model evaluated point after point (a slice, a
// training epoch) runs the same shapes again and again, and allocating (and the kernel zeroing
// the pages of) every op's output each time costs as much as the cheaper ops themselves. A kernel
// given a workspace takes its large arrays from it; the owner releases them all when the pass's
// tensors are dead. What it holds is bounded by one pass: buffers not taken during a pass are
// dropped at its release.

export interface Workspace {
  /**
   * A zeroed Float64Array of n entries (one freed by the last release when there is one of that
   * length); with `overwritten`, the caller writes every entry before reading any, so a reused
   * array keeps its old contents instead of being zeroed first.
   */
  f64(n: number, overwritten?: boolean): Float64Array;
  /** A zeroed Int32Array of n entries, likewise. */
  i32(n: number): Int32Array;
  /** Every array handed out since the last release is free again: the caller guarantees nothing reads them any more. */
  release(): void;
}

class Pool<T extends Float64Array | Int32Array> {
  private free = new Map<number, T[]>();
  private used: T[] = [];
  constructor(private readonly make: (n: number) => T) {}
  take(n: number, overwritten = false): T {
    const a = this.free.get(n)?.pop();
    if (a && !overwritten) a.fill(0);
    const t = a ?? this.make(n);
    this.used.push(t);
    return t;
  }
  release(): void {
    this.free = new Map();
    for (const t of this.used) {
      const list = this.free.get(t.length);
      if (list) list.push(t);
      else this.free.set(t.length, [t]);
    }
    this.used = [];
  }
}

export function workspace(): Workspace {
  const f = new Pool((n) => new Float64Array(n));
  const i = new Pool((n) => new Int32Array(n));
  return {
    f64: (n, overwritten) => f.take(n, overwritten),
    i32: (n) => i.take(n),
    release: () => (f.release(), i.release()),
  };
}

/** ws's zeroed array, or a fresh one without a workspace; `overwritten` as Workspace.f64's. */
export const f64Of = (ws: Workspace | undefined, n: number, overwritten = false): Float64Array => (ws ? ws.f64(n, overwritten) : new Float64Array(n));
export const i32Of = (ws: Workspace | undefined, n: number): Int32Array => (ws ? ws.i32(n) : new Int32Array(n));
