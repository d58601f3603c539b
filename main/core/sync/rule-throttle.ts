// One upload limiter for the whole machine (the town hall's link is shared), whose rate
// follows the bandwidth rules live: an office-hours boundary crossed mid-upload applies
// within a second, without restarting the upload.
import type { UploadThrottle } from '../archive/connector';
import { TokenBucketThrottle } from '../archive/throttle';
import { rateAt, type BandwidthRules } from './schedule-rules';

const RECHECK_MS = 250;

export class RuleDrivenThrottle implements UploadThrottle {
  private readonly bucket: TokenBucketThrottle;
  private lastCheck = -Infinity;

  constructor(
    private readonly rules: () => BandwidthRules,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.bucket = new TokenBucketThrottle(rateAt(now(), rules()));
  }

  /** Re-evaluates the rules; returns the rate now in force (bytes/s, null = unlimited). */
  refresh(): number | null {
    this.lastCheck = performance.now();
    const rate = rateAt(this.now(), this.rules());
    if (rate !== this.bucket.getRate()) this.bucket.setRate(rate);
    return rate;
  }

  getRate(): number | null {
    return this.bucket.getRate();
  }

  take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (performance.now() - this.lastCheck >= RECHECK_MS) this.refresh();
    return this.bucket.take(bytes, signal);
  }
}
