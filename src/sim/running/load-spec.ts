// A node module for the in-process driver: its default export, checked to be a NodeSpec before anything runs it.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyMessage, NodeSpec } from "../../protocol/core.ts";

function isRecord(x: unknown): x is Record<string, unknown> {
  return (typeof x === "object" || typeof x === "function") && x !== null;
}

/** Whether `x` has a NodeSpec's shape; its cores are then checked by the protocol, message by message. */
function isNodeSpec(x: unknown): x is NodeSpec<AnyMessage, AnyMessage> {
  if (!isRecord(x) || !isRecord(x.codec)) return false;
  const tick = x.tickInterval;
  return typeof x.create === "function" && typeof x.codec.decode === "function" && typeof x.codec.encode === "function" && typeof tick === "number" && tick > 0;
}

/** Imports the module at `path` (JavaScript) and returns its default export, or says why it cannot be run. */
export async function loadNodeSpec(path: string): Promise<NodeSpec<AnyMessage, AnyMessage> | string> {
  let module: unknown;
  try {
    module = await import(pathToFileURL(resolve(path)).href);
  } catch (error) {
    return `cannot import ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const spec = isRecord(module) ? module.default : undefined;
  return isNodeSpec(spec) ? spec : `${path} has no default export that is a node (createNode(...) or another NodeSpec)`;
}
