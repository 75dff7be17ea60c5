/** Runs webhook deliveries off the request path, in order, and lets tests await them. */
export class DeliveryQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  /** Queues a task; it starts after the current tick, so the change that caused it returns first. */
  enqueue(task: () => Promise<void>): void {
    this.pending += 1;
    this.tail = this.tail
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(task)
      .catch((err: unknown) => {
        console.error('sandbox webhook delivery failed unexpectedly', err);
      })
      .finally(() => {
        this.pending -= 1;
      });
  }

  get size(): number {
    return this.pending;
  }

  /** Resolves when every delivery queued so far (and any they queued) has finished. */
  async flush(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}
