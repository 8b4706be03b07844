// What the overlay's tests share: its timing on `default` with a fixed retransmission timeout, a five-node star, and what a peer's message can prove.
import { profiles } from "../../src/engine/config.ts";
import { StarOverlay, type Heard } from "../../src/engine/overlay.ts";

/** The links' retransmission timeout, fixed so that deadlines are exact. */
export const TIMEOUT = 600;
export const timing = profiles.default;
/** A round and a timeout: how long a hub's answer may take (and, measured round trip or not, the longest). */
export const LIMIT = timing.fanoutDelay + TIMEOUT;
export const ids = ["n0", "n1", "n2", "n3", "n4"];
export const overlay = (self: string, nodeIds = ids): StarOverlay => new StarOverlay(self, nodeIds, timing, () => TIMEOUT);
export const answer: Heard = { answer: true, values: false };
export const values: Heard = { answer: false, values: true };
/** A probe from the peer: neither an answer nor values. */
export const nothing: Heard = { answer: false, values: false };
