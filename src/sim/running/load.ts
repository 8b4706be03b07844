// The bench's own scheduling lateness during a run: every latency figure is measured on this event loop, so a late loop makes late figures.
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Load } from "../checking/record.ts";

/**
 * Warn when the loop's p99 lateness passes this (ms). Latency figures are Maelstrom-comparable to
 * within a few percent, and the 3d/3e thresholds sit at hundreds of ms (Maelstrom's ~100 ms hop):
 * 20 ms late at the 99th percentile is a fifth of one hop, enough to move a max or a p99.
 */
export const LOAD_WARN_P99_MS = 20;
/** …or when one stall passes this (ms): a single stall lands whole in the max latency. */
export const LOAD_WARN_MAX_MS = 100;

const ms = (ns: number): number => Math.round((ns / 1e6) * 100) / 100;

export interface LoadMonitor {
  /** Forgets what was measured so far: starting 25 node processes is not the run being measured. */
  reset(): void;
  stop(): Load;
}

/**
 * Samples the event loop's lateness every 10 ms until `stop`. `selfLoad` (tests only) blocks the
 * loop that long every 100 ms, as a CPU hog sharing the core would.
 */
export function watchLoad(selfLoad?: number): LoadMonitor {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const hog =
    selfLoad === undefined
      ? undefined
      : setInterval(() => {
          const until = performance.now() + selfLoad;
          while (performance.now() < until);
        }, 100);
  return {
    reset: () => histogram.reset(),
    stop: () => {
      if (hog) clearInterval(hog);
      histogram.disable();
      const delay = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean) };
      // The histogram counts the resolution's own period as delay; what is left is lateness.
      const late = { p99: Math.max(0, delay.p99 - 10), max: Math.max(0, delay.max - 10) };
      const load: Load = { "event-loop-delay-ms": delay };
      if (late.p99 > LOAD_WARN_P99_MS || late.max > LOAD_WARN_MAX_MS) {
        load.warning =
          `the bench's event loop ran late (p99 ${delay.p99} ms, max ${delay.max} ms, over ${LOAD_WARN_P99_MS} ms p99 or ${LOAD_WARN_MAX_MS} ms max): ` +
          "the machine was busy, so latency figures may be inflated; rerun with the same seed on a quieter machine";
      }
      return load;
    },
  };
}
