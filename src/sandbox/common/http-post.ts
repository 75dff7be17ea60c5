import http from 'node:http';
import https from 'node:https';

export interface PostResult {
  /** HTTP status, or 0 when the request failed (refused, timed out…). */
  status: number;
  error?: string;
  durationMs: number;
}

/** POSTs raw bytes with exactly the given headers. Never throws. */
export function postRaw(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs: number,
): Promise<PostResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: Date.now() - started });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      done({ status: 0, error: 'invalid URL' });
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) }, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0 }));
        res.on('error', (err) => done({ status: res.statusCode ?? 0, error: err.message }));
      },
    );
    req.on('timeout', () => {
      req.destroy(new Error(`timed out after ${timeoutMs} ms`));
    });
    req.on('error', (err) => done({ status: 0, error: err.message }));
    req.end(body);
  });
}
