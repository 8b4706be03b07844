/**
 * Bytes the hub sends a leaf cut off from it for 10, 20, 40 and 80 s, in virtual time (so every
 * figure is exact and repeatable), at 50 values/s, for each star profile and two value sizes;
 * and how long after the heal the leaf holds every value. Takes no flags.
 */
import { profiles } from "../src/engine/config.ts";
import { measureCut } from "../src/benchmarks/cut.ts";

const cuts = [10, 20, 40, 80];
const rate = 50;
console.log(`one-way cut hub → leaf, ${rate} values/s at the hub throughout, 50 ms latency, virtual time\n`);
console.log("| profile | values | cut | bytes into the cut | messages into the cut | bytes per cut second | catch-up after the heal |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const name of ["default", "frugal"] as const) {
  for (const valueChars of [0, 1000]) {
    for (const s of cuts) {
      const f = measureCut({ config: profiles[name], cutMs: s * 1000, rate, valueChars });
      const values = valueChars ? "1 KB strings" : "integers";
      const catchUp = f.catchUpMs === undefined ? "never" : `${f.catchUpMs} ms`;
      console.log(`| ${name} | ${values} | ${s} s | ${f.bytesIntoCut.toLocaleString("en-US")} | ${f.messagesIntoCut} | ${Math.round(f.bytesIntoCut / s).toLocaleString("en-US")} | ${catchUp} |`);
    }
  }
}
