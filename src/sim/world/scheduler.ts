// Time for the bench: the wall clock for real processes, a discrete-event clock for the simulator.
/**
 * Time for the bench. The test logic only ever asks "what time is it" and "call me at t", so the
 * same code runs on the wall clock against real processes and on a virtual clock in-process.
 */
export interface Scheduler {
  /** Milliseconds since the scheduler started. */
  now(): number;
  /** Calls `fn` at `time` (or as soon as possible if that has passed); returns a canceller. */
  at(time: number, fn: () => void): () => void;
}

export class RealScheduler implements Scheduler {
  private readonly origin = performance.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  now(): number {
    return performance.now() - this.origin;
  }

  at(time: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, time - this.now()));
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Cancels everything still scheduled, so a finished run leaves no timer behind. */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

interface Entry {
  time: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A discrete-event scheduler: a binary heap ordered by (time, insertion order), so runs are deterministic. */
export class VirtualScheduler implements Scheduler {
  private heap: Entry[] = [];
  private seq = 0;
  private clock = 0;

  now(): number {
    return this.clock;
  }

  at(time: number, fn: () => void): () => void {
    const entry: Entry = { time: Math.max(time, this.clock), seq: this.seq++, fn, cancelled: false };
    this.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  /** Runs events in order until none is left or `stop()` returns true. */
  run(stop: () => boolean = () => false): void {
    while (this.heap.length && !stop()) {
      const entry = this.pop();
      if (entry.cancelled) continue;
      this.clock = entry.time;
      entry.fn();
    }
  }

  private less(a: Entry, b: Entry): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i] as Entry, h[parent] as Entry)) break;
      [h[i], h[parent]] = [h[parent] as Entry, h[i] as Entry];
      i = parent;
    }
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0] as Entry;
    const last = h.pop() as Entry;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] as Entry, h[m] as Entry)) m = l;
        if (r < h.length && this.less(h[r] as Entry, h[m] as Entry)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Entry, h[i] as Entry];
        i = m;
      }
    }
    return top;
  }
}
