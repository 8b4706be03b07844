// The library: write a Maelstrom node as a state machine, run it on stdio, in the simulator and under seeded faults.
export { createNode, DEFAULT_TICK_MS, NodeBuilder, NodeCore, type Handler, type NodeOptions, type RequestSchema, type Task } from "./node.ts";
export { MaelstromError, type Context, type OutBody, type RequestContext, type RpcResult } from "./context.ts";
export { serve } from "./serve.ts";
export type { AnyMessage, Body, Codec, Core, CoreEvent, CoreHost, Decoded, Invalid, NodeSpec } from "../protocol/core.ts";
export { jsonCodec, type AnyMaelstromMessage } from "../protocol/codec.ts";
export { runNode, type NodeIo, type RunNodeOptions } from "../runtime/run.ts";
export * from "../protocol/maelstrom.ts";
export { z } from "zod";
