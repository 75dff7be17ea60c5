import { randomBytes } from 'node:crypto';
import { CredentialCipher } from '../../../src/db/credential-cipher';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('CredentialCipher', () => {
  const plain = { consumerKey: 'ck_abc', consumerSecret: 'cs_secret' };

  it('round-trips and never leaves the secret readable', () => {
    const cipher = new CredentialCipher({ active: key('k1'), previous: [] });
    const sealed = cipher.seal(plain, 'integration-1');
    expect(Buffer.from(sealed.sealed, 'base64').toString('latin1')).not.toContain('cs_secret');
    expect(cipher.open(sealed, 'integration-1')).toEqual(plain);
  });

  it('refuses a ciphertext moved to another integration or altered', () => {
    const cipher = new CredentialCipher({ active: key('k1'), previous: [] });
    const sealed = cipher.seal(plain, 'integration-1');
    expect(() => cipher.open(sealed, 'integration-2')).toThrow();
    const bytes = Buffer.from(sealed.sealed, 'base64');
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    expect(() => cipher.open({ ...sealed, sealed: bytes.toString('base64') }, 'integration-1')).toThrow();
  });

  it('rotates keys: old ciphertexts open with a previous key and are flagged for re-sealing', () => {
    const old = key('old');
    const sealedWithOld = new CredentialCipher({ active: old, previous: [] }).seal(plain, 'i');
    const rotated = new CredentialCipher({ active: key('new'), previous: [old] });
    expect(rotated.open(sealedWithOld, 'i')).toEqual(plain);
    expect(rotated.needsRotation(sealedWithOld)).toBe(true);
    expect(rotated.seal(plain, 'i').keyId).toBe('new');
    const forgotten = new CredentialCipher({ active: key('new'), previous: [] });
    expect(() => forgotten.open(sealedWithOld, 'i')).toThrow(
      'sealed with key "old", which is not configured',
    );
  });
});
