// A server under test as the bench sees it, however it runs.
import type { Envelope } from "./network.ts";

/** A server under test, however it runs: a spawned process or an in-process core. */
export interface SimNode {
  readonly id: string;
  deliver(message: Envelope): void;
  /** Stops the node; resolves once it is gone. */
  stop(): Promise<void>;
}

/** What a node reports back to the test. */
export interface NodeSink {
  /** A protocol message the node sent. */
  send(message: Envelope): void;
  /** The node broke the protocol or died: the run is invalid. */
  fail(reason: string): void;
}

export type NodeFactory = (id: string, sink: NodeSink) => SimNode;
