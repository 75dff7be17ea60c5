import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  status: number;
  eventId: string;
  signature: string;
  rawBody: Buffer;
  body: { id: string; type: string; createdAt: string; data: Record<string, unknown> & { id: string } };
}

export interface Subscriber {
  url: string;
  /** Every delivery, answered or refused, in arrival order. */
  received: ReceivedEvent[];
  /** The deliveries answered 2xx, in arrival order. */
  accepted(): ReceivedEvent[];
  /** What to answer next (default 200). */
  answer: (event: ReceivedEvent['body']) => number;
  close(): Promise<void>;
}

/** Verifies `X-Hub-Signature-256` as a subscriber would: HMAC-SHA256 of the raw body, constant time. */
export function validSignature(rawBody: Buffer, secret: string, header: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A downstream system on loopback that keeps the raw bytes of every event delivered to it. */
export async function startSubscriber(): Promise<Subscriber> {
  const received: ReceivedEvent[] = [];
  const subscriber: Subscriber = {
    url: '',
    received,
    accepted: () => received.filter((r) => r.status >= 200 && r.status < 300),
    answer: () => 200,
    close: () => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const body = JSON.parse(rawBody.toString('utf8')) as ReceivedEvent['body'];
      const status = subscriber.answer(body);
      received.push({
        status,
        eventId: String(req.headers['x-hub-event-id']),
        signature: String(req.headers['x-hub-signature-256']),
        rawBody,
        body,
      });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  subscriber.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  subscriber.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return subscriber;
}
