#!/usr/bin/env node
// Reference node for echo (fly.io challenge 1): answers every echo with what it carried.
import { serve } from "./maelstrom.mjs";

await serve({ echo: (msg, node) => node.reply(msg, { type: "echo_ok", echo: msg.body.echo }) });
