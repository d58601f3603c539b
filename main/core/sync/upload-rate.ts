// Upload rate shown to the user: bytes over a sliding window (an EWMA of per-slice rates is
// too noisy), restarted when a resumed upload restarts its count.
const RATE_WINDOW_MS = 3_000;
const MIN_SPAN_MS = 200;

export class RateSampler {
  rate = 0;
  private lastBytes = 0;
  /** [time ms, bytes sent] over the last few seconds */
  private readonly samples: Array<[number, number]> = [];

  /** Records `sent` bytes at monotonic time `t`; returns the smoothed rate (bytes/s). */
  sample(t: number, sent: number): number {
    if (sent < this.lastBytes) this.samples.length = 0;
    this.samples.push([t, sent]);
    while (this.samples.length > 2 && t - this.samples[0]![0] > RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    if (t - first[0] >= MIN_SPAN_MS) this.rate = ((sent - first[1]) * 1000) / (t - first[0]);
    this.lastBytes = sent;
    return this.rate;
  }
}
