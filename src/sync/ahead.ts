/**
 * Starts a channel call now and hands back its promise, to be awaited later: the sync asks for the
 * next page while it maps and stores the current one, so the store, the worker and PostgreSQL work
 * at the same time. A failure waits for whoever awaits the promise (never an unhandled rejection
 * if the sync stops first).
 */
export function ahead<T>(call: () => Promise<T>): Promise<T> {
  const pending = call();
  pending.catch(() => undefined);
  return pending;
}
