// scripts/bench-counter-memory: a counter's heap after 1,000 and after 1,000,000 adds, which must be within a few MB of each other.
import { measureCounterMemory } from "../src/benchmarks/counter-memory.ts";
import { program, runCli } from "../src/cli/kit.ts";

function main(): number {
  program("bench-counter-memory", "A counter's heap, entries and gossip size after 1,000 and 1,000,000 adds (five in-process cores, virtual time)")
    .parse(process.argv.slice(2), { from: "user" });
  const started = performance.now();
  const figures = measureCounterMemory([1_000, 1_000_000]);
  console.log("five cores on the star (default profile), adds of −5…4 at random nodes, one per virtual ms\n");
  console.log("| adds | heap after a full GC | entries per node | longest gossip line | every read exact |");
  console.log("|---:|---:|---:|---:|---|");
  for (const f of figures) {
    const mb = (f.heapBytes / 1024 / 1024).toFixed(2);
    console.log(`| ${f.adds.toLocaleString("en-US")} | ${mb} MB | ${f.entries} | ${f.maxGossipBytes} bytes | ${f.exact ? "yes" : "no"} |`);
  }
  const [first, last] = [figures[0], figures.at(-1)];
  if (first && last) console.log(`\nheap growth: ${((last.heapBytes - first.heapBytes) / 1024 / 1024).toFixed(2)} MB; ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return figures.every((f) => f.exact) ? 0 : 1;
}

await runCli("bench-counter-memory", main);
