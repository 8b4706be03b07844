#!/usr/bin/env node
// Reference node that hangs: it reads its input but never answers, ignores the end of stdin and
// SIGTERM, and so has to be killed. The bench must still end on time and stop it.
process.stdin.resume();
process.stdin.on("end", () => {});
process.on("SIGTERM", () => {});
setInterval(() => {}, 1 << 30);
