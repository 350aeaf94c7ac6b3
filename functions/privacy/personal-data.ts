import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { secret } from '../config/secrets';

/**
 * Personal numbers (phone, ID number) at rest: AES-256-GCM ciphertext for the rare lawful read, a keyed hash
 * (HMAC-SHA256) for matching without decrypting, and a mask for display (PIPL: store only what is needed, show
 * only what is needed). The key comes from PERSONAL_DATA_KEY: generated under .data/keys/ locally, an SSM
 * SecureString on AWS. Format of a ciphertext: v1.<iv>.<tag>.<data>, base64url.
 */
export interface PersonalDataCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** A keyed hash of a normalised value, scoped by `purpose` so one hash cannot be replayed for another field. */
  hash(purpose: string, value: string): string;
}

export function personalDataCipher(keyMaterial: string): PersonalDataCipher {
  const master = Buffer.from(keyMaterial, 'base64url');
  if (master.length < 32) throw new Error('PERSONAL_DATA_KEY must be at least 32 bytes (base64url)');
  const encKey = createHmac('sha256', master).update('encrypt').digest();
  const macKey = createHmac('sha256', master).update('hash').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a v1 personal-data ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    hash(purpose, value) {
      return createHmac('sha256', macKey).update(`${purpose}\u0000${value}`).digest('base64url');
    },
  };
}

let shared: Promise<PersonalDataCipher> | undefined;
export const thePersonalDataCipher = (): Promise<PersonalDataCipher> => (shared ??= secret('PERSONAL_DATA_KEY').then(personalDataCipher));

/** 13812345678 → 138****5678; keeps only digits; short numbers keep their last 2. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/** 410102199001011234 → 4101**********1234 */
export function maskIdNumber(id: string): string {
  const clean = id.trim().toUpperCase();
  if (clean.length <= 8) return '*'.repeat(clean.length);
  return `${clean.slice(0, 4)}${'*'.repeat(clean.length - 8)}${clean.slice(-4)}`;
}

export const normalisePhone = (phone: string): string => phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
