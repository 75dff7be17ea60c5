/** The GraphQL Admin API leaky bucket: `maximumAvailable` points refilling at `restoreRate` per second. */
export class LeakyBucket {
  private available: number;
  private last = Date.now();

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
  ) {
    this.available = maximumAvailable;
  }

  private refill(now: number): void {
    this.available = Math.min(
      this.maximumAvailable,
      this.available + ((now - this.last) / 1000) * this.restoreRate,
    );
    this.last = now;
  }

  /** Takes `cost` points when they are there; false (and nothing taken) when the request must be throttled. */
  take(cost: number, now = Date.now()): boolean {
    this.refill(now);
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Empties the bucket down to `leave` points (tests of THROTTLED handling). */
  drain(leave = 0): void {
    this.refill(Date.now());
    this.available = Math.max(0, Math.min(this.available, leave));
  }

  status(now = Date.now()) {
    this.refill(now);
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}

export const PLAN_BUCKETS = {
  standard: { maximumAvailable: 2000, restoreRate: 100 },
  advanced: { maximumAvailable: 4000, restoreRate: 200 },
  plus: { maximumAvailable: 20000, restoreRate: 1000 },
} as const;
