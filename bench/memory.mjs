// Peak heap and RSS of one run. Sampled on a timer and from inside the workload's own
// code (`every(i)`): a run that never yields to the event loop starves the timer.
// Sampling must not cost the run much: the heap figure is ~2 µs to read, RSS ~25 µs
// (it reads /proc), so RSS is read on every 8th sample only; it moves slowly.
import { getHeapStatistics } from "node:v8";

const TIMER_MS = 2;
const RSS_EVERY = 8;

export class MemorySampler {
  heap = 0;
  rss = 0;
  samples = 0;
  timer = undefined;

  sample() {
    const heap = getHeapStatistics().used_heap_size;
    if (heap > this.heap) this.heap = heap;
    if (this.samples++ % RSS_EVERY === 0) this.sampleRss();
  }

  sampleRss() {
    const rss = process.memoryUsage.rss();
    if (rss > this.rss) this.rss = rss;
  }

  /** Samples every 256th call: cheap enough to sit in a loop of 25,000. */
  every(i) {
    if ((i & 255) === 0) this.sample();
  }

  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), TIMER_MS);
    return this;
  }

  stop() {
    clearInterval(this.timer);
    this.sample();
    this.sampleRss();
    return { peakHeap: this.heap, peakRss: this.rss };
  }
}

/** A sampler that does nothing, for the repetitions after the first. */
export const noSampler = { sample() {}, every() {}, start() { return this; }, stop() { return undefined; } };
