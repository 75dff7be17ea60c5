import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from '../../../src/observability/logger';

describe('log redaction', () => {
  it('never writes credentials, tokens or personal data', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    log.info(
      {
        req: {
          headers: { authorization: 'Bearer chk_supersecret', 'x-shopify-access-token': 'shpat_secret' },
        },
        integration: { credentials: { consumerKey: 'ck_1', consumerSecret: 'cs_secret' } },
        order: { email: 'ada@example.com', phone: '+1 555', customer: { firstName: 'Ada' } },
        store: { accessToken: 'shpat_other', webhookSecret: 'whsec' },
        externalId: '1001',
      },
      'an event',
    );
    const text = lines.join('');
    for (const secret of [
      'chk_supersecret',
      'shpat_secret',
      'cs_secret',
      'ada@example.com',
      '+1 555',
      'Ada',
      'shpat_other',
      'whsec',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('1001');
    expect(text).toContain('[redacted]');
  });
});
