/** Every request a sandbox received, so tests can count channel calls. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  at: number;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  get count(): number {
    return this.entries.length;
  }

  /** Requests matching a method and a path (exact text or a pattern). */
  filter(method?: string, path?: string | RegExp): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        (method === undefined || e.method === method.toUpperCase()) &&
        (path === undefined || (typeof path === 'string' ? e.path === path : path.test(e.path))),
    );
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** The query string as a record; repeated keys become arrays. */
export function queryRecord(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of search) {
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
