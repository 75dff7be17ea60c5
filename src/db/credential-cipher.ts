import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config';

/**
 * Credentials at rest: AES-256-GCM, a fresh 96-bit nonce per write, the key id stored beside the
 * ciphertext so that keys can rotate (new writes use the active key; older keys still decrypt).
 * The integration id is bound as associated data: a ciphertext copied to another row will not open.
 */
export interface SealedSecret {
  keyId: string;
  /** base64 of nonce ‖ ciphertext ‖ tag */
  sealed: string;
}

export class CredentialCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly keyRing: { active: EncryptionKey; previous: EncryptionKey[] }) {
    this.keys = new Map([keyRing.active, ...keyRing.previous].map((k) => [k.id, k.key]));
  }

  get activeKeyId(): string {
    return this.keyRing.active.id;
  }

  seal(plain: Record<string, string>, boundTo: string): SealedSecret {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyRing.active.key, nonce);
    cipher.setAAD(Buffer.from(boundTo));
    const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    return {
      keyId: this.keyRing.active.id,
      sealed: Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64'),
    };
  }

  open(secret: SealedSecret, boundTo: string): Record<string, string> {
    const key = this.keys.get(secret.keyId);
    if (!key) throw new Error(`credentials are sealed with key "${secret.keyId}", which is not configured`);
    const raw = Buffer.from(secret.sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  }

  needsRotation(secret: SealedSecret): boolean {
    return secret.keyId !== this.keyRing.active.id;
  }
}
