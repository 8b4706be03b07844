// A run's node logs as one readable stream: every line in time order, with its node's id, through pino's own pretty-printer.
import { prettyFactory } from "pino-pretty";
import { z } from "zod";

/** What the merge needs of a pino line; the rest is the pretty-printer's. */
const pinoLine = z.looseObject({ time: z.number(), node: z.string().optional() });

interface Entry {
  time: number;
  order: number;
  text: string;
}

/**
 * Merges the logs in time order (a line without a time — not pino's — keeps the time of the line
 * before it in its file), naming each line's node even when the node itself did not.
 */
export function mergeLogs(logs: readonly { node: string; text: string }[], options: { colour: boolean }): string {
  const pretty = prettyFactory({ colorize: options.colour, translateTime: "HH:MM:ss.l", ignore: "pid,hostname,name,node", messageFormat: "{node} {msg}" });
  const entries: Entry[] = [];
  for (const { node, text } of logs) {
    let time = 0;
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let parsed: z.infer<typeof pinoLine> | undefined;
      try {
        const result = pinoLine.safeParse(JSON.parse(line));
        parsed = result.success ? result.data : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed) time = parsed.time;
      const out = parsed ? pretty({ ...parsed, node: parsed.node ?? node }) : `${node} ${line}\n`;
      entries.push({ time, order: entries.length, text: out });
    }
  }
  entries.sort((a, b) => a.time - b.time || a.order - b.order);
  return entries.map((e) => e.text).join("");
}
