import { ConfigError, loadConfig } from '../../../src/config';

describe('loadConfig', () => {
  it('runs on local defaults in development, saying what it fell back to', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/channel_hub');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(3000);
    expect(config.warnings.join('\n')).toMatch(/HUB_ADMIN_TOKEN/);
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/REDIS_URL/);
  });

  it('refuses to run in production without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/HUB_ADMIN_TOKEN: required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /HUB_ENCRYPTION_KEY: required in production/,
    );
  });

  it('rejects an encryption key of the wrong size and accepts a key id', () => {
    expect(() => loadConfig({ HUB_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(loadConfig({ HUB_ENCRYPTION_KEY: `2026a:${key}` }).encryptionKeys.active.id).toBe('2026a');
  });
});
