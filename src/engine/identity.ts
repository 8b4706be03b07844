// Who the node is: the answer to `init`, once and for good.
import { ErrorCode, type InitBody, type OutboundBody } from "../protocol/messages.ts";

export interface Identity {
  self: string;
  nodeIds: readonly string[];
}

/**
 * The reply to `init`, and the identity it gives the node if it had none. A repeated `init` with
 * the same identity is answered again (a client may retry); another identity is refused, since
 * peers and logs are already keyed by the first.
 */
export function initialise(current: Identity | undefined, body: InitBody): { reply: OutboundBody; identity?: Identity } {
  const { node_id: self, node_ids: nodeIds, msg_id } = body;
  if (current) {
    if (current.self === self && sameList(current.nodeIds, nodeIds)) return { reply: { type: "init_ok", in_reply_to: msg_id } };
    const text = `already initialised as ${current.self}; re-initialising with another identity is not supported`;
    return { reply: { type: "error", in_reply_to: msg_id, code: ErrorCode.notSupported, text } };
  }
  if (!nodeIds.includes(self)) {
    return { reply: { type: "error", in_reply_to: msg_id, code: ErrorCode.malformedRequest, text: `node_ids does not contain node_id ${self}` } };
  }
  return { reply: { type: "init_ok", in_reply_to: msg_id }, identity: { self, nodeIds: [...nodeIds] } };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
