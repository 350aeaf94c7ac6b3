import { maskIdNumber, maskPhone, type PersonalDataCipher } from '../privacy/personal-data';

/**
 * How a member's phone and ID numbers sit on the member item (PIPL: only what is needed, never in clear):
 *   phoneCipher / idNumberCipher   AES-GCM ciphertext, decrypted only to show the masked form or for a lawful read
 *   phoneHash / idNumberHash       keyed hashes of the normalised number, to match a re-import without decrypting
 *   phoneTailHash                  keyed hash of the last four digits, scoped to the member: online joining checks
 *                                  "name + last four digits" against it (functions/joining)
 */
export type ProtectedPhone = {
  phoneCipher: string;
  phoneHash: string;
  phoneTailHash: string;
};

export type ProtectedIdNumber = {
  idNumberCipher: string;
  idNumberHash: string;
};

export const phoneHashOf = (cipher: PersonalDataCipher, phone: string): string => cipher.hash('phone', phone);
export const idNumberHashOf = (cipher: PersonalDataCipher, idNumber: string): string => cipher.hash('idNumber', idNumber);
export const phoneTailHashOf = (cipher: PersonalDataCipher, memberId: string, phone: string): string => cipher.hash(`phoneTail:${memberId}`, phone.slice(-4));

/** `phone` is normalised (11 digits, shared/roster/phone.ts). */
export function protectPhone(cipher: PersonalDataCipher, memberId: string, phone: string): ProtectedPhone {
  return { phoneCipher: cipher.encrypt(phone), phoneHash: phoneHashOf(cipher, phone), phoneTailHash: phoneTailHashOf(cipher, memberId, phone) };
}

/** `idNumber` is normalised (18 characters, upper-case X, shared/roster/id-number.ts). */
export function protectIdNumber(cipher: PersonalDataCipher, idNumber: string): ProtectedIdNumber {
  return { idNumberCipher: cipher.encrypt(idNumber), idNumberHash: idNumberHashOf(cipher, idNumber) };
}

/** The masked forms for display; a ciphertext that does not decrypt (key rotated without re-encryption) shows none. */
export function maskedNumbers(cipher: PersonalDataCipher, item: { phoneCipher?: unknown; idNumberCipher?: unknown }): { phoneMasked?: string; idNumberMasked?: string } {
  const open = (sealed: unknown): string | undefined => {
    if (typeof sealed !== 'string') return undefined;
    try {
      return cipher.decrypt(sealed);
    } catch {
      // Shown as not on record; the stored value is kept for whoever holds the old key.
      return undefined;
    }
  };
  const phone = open(item.phoneCipher);
  const idNumber = open(item.idNumberCipher);
  return { ...(phone ? { phoneMasked: maskPhone(phone) } : {}), ...(idNumber ? { idNumberMasked: maskIdNumber(idNumber) } : {}) };
}
