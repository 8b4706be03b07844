// The bounded event channel the node's three actors share.
export interface ChannelOptions {
  /** Above this many queued items the channel reports itself full, so producers can hold back. */
  highWaterMark?: number;
  /** Producers waiting for room are released once the queue is down to this many items. */
  lowWaterMark?: number;
}

/**
 * An unbounded multi-producer, single-consumer queue with async iteration. It never drops or
 * reorders what was sent; the water marks only advise producers that can pause (stdin can, a
 * clock cannot), which is what keeps memory bounded while the consumer is held up.
 */
export class Channel<T> implements AsyncIterable<T> {
  private items: T[] = [];
  /** Index of the oldest item in `items`; shifting an array is O(n), so the head moves instead. */
  private head = 0;
  private closed = false;
  private consumer: ((result: IteratorResult<T, undefined>) => void) | undefined;
  private iterated = false;
  private roomWaiters: (() => void)[] = [];
  private readonly highWaterMark: number;
  private readonly lowWaterMark: number;

  constructor(options: ChannelOptions = {}) {
    this.highWaterMark = options.highWaterMark ?? 1024;
    this.lowWaterMark = Math.min(options.lowWaterMark ?? Math.floor(this.highWaterMark / 2), this.highWaterMark);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Whether the queue is under its high-water mark. */
  get hasRoom(): boolean {
    return this.size < this.highWaterMark;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Queues an item; returns false if the channel is closed and the item was refused. Full or not,
   * an open channel always accepts: `hasRoom` and `whenRoom` are how a producer holds back.
   */
  send(item: T): boolean {
    if (this.closed) return false;
    const consumer = this.consumer;
    if (consumer) {
      this.consumer = undefined;
      consumer({ value: item, done: false });
    } else this.items.push(item);
    return true;
  }

  /** Ends the stream: the consumer still receives everything sent before, then finishes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseRoomWaiters();
    const consumer = this.consumer;
    if (consumer) {
      this.consumer = undefined;
      consumer({ value: undefined, done: true });
    }
  }

  /** Resolves once the queue is down to the low-water mark, or the channel is closed. */
  whenRoom(): Promise<void> {
    if (this.closed || this.size <= this.lowWaterMark) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    if (this.iterated) throw new Error("Channel has a single consumer; it is already being iterated");
    this.iterated = true;
    return {
      next: () => this.next(),
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private next(): Promise<IteratorResult<T, undefined>> {
    if (this.size > 0) {
      const item = this.items[this.head] as T;
      this.head++;
      this.compact();
      if (this.roomWaiters.length && this.size <= this.lowWaterMark) this.releaseRoomWaiters();
      return Promise.resolve({ value: item, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    if (this.consumer) return Promise.reject(new Error("Channel has a single consumer; next() called concurrently"));
    return new Promise((resolve) => {
      this.consumer = resolve;
    });
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  private releaseRoomWaiters(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
