/**
 * Gathers single calls made at about the same moment into one batch call: the first call waits at
 * most `maxDelayMs` (or until `maxBatch` calls are waiting), then one flush serves them all. Lets
 * many concurrent jobs share one database statement without any of them knowing.
 */
export class MicroBatcher<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushBatch: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 100,
    private readonly maxDelayMs = 4,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.flushBatch(batch.map((p) => p.item)).then(
      (results) => batch.forEach((p, i) => p.resolve(results[i] as O)),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  }
}
