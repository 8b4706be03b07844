// The events that cross the runtime's channel.
import type { CoreEvent } from "../engine/node.ts";
import type { ErrorBody, Message } from "../protocol/messages.ts";

/**
 * What the reader and the timer tell the main loop. A refusal of a bad request travels through
 * the channel too, so that replies leave in the order their requests arrived.
 */
export type RuntimeEvent = CoreEvent | { kind: "refusal"; reply: Message<ErrorBody> } | { kind: "eof" };
