import pino, { type Logger } from 'pino';

/**
 * Paths that never reach a log line: credentials, tokens, signatures and personal data.
 * pino replaces them with "[redacted]" before serialisation.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-shopify-access-token"]',
  'req.headers["x-shopify-hmac-sha256"]',
  'req.headers["x-wc-webhook-signature"]',
  'headers.authorization',
  'credentials',
  '*.credentials',
  '*.consumerKey',
  '*.consumerSecret',
  '*.accessToken',
  '*.apiSecretKey',
  '*.webhookSecret',
  '*.secret',
  '*.apiKey',
  'apiKey',
  'secret',
  '*.email',
  '*.phone',
  '*.billingAddress',
  '*.shippingAddress',
  '*.customer',
];

export function createLogger(level: string, name = 'hub'): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
