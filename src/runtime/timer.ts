// The timer actor: a gossip tick on the channel every interval.
import type { Channel } from "./channel.ts";
import type { RuntimeEvent } from "./events.ts";

export interface Timer {
  stop(): void;
}

/**
 * The timer actor: a `tick` every `intervalMs`. A tick only says "look at the clock", so one is
 * skipped while the channel is full; the next says the same, and the backlog stays bounded.
 */
export function startTimer<In>(channel: Channel<RuntimeEvent<In>>, intervalMs: number): Timer {
  const handle = setInterval(() => {
    if (channel.isClosed) clearInterval(handle);
    else if (channel.hasRoom) channel.send({ kind: "tick" });
  }, intervalMs);
  // The timer alone must never keep the process alive once input and output are done.
  handle.unref();
  return { stop: () => clearInterval(handle) };
}
