import { optionalEnv } from '../config/env';
import { kmsKeyWrapper, localKeyWrapper, type KeyWrapper } from './reporter-envelope';

/**
 * The two key-encryption keys of a report (DESIGN.md invariant 7, issue #15 point 5), each from its own place:
 *
 * - `identity`: wraps the data key of the reporter's contact, account and receipt. Only the four-eyes identity-access
 *   function may unwrap it (kms:Decrypt on ReporterKey); the publicity function only makes new ones.
 * - `watcher`: wraps a second data key that seals nothing but the member id of a reporter who asked for updates.
 *   The clock unwraps it to send those updates (kms:Decrypt on WatcherKey) and can open nothing else of the report.
 *
 * On AWS each is a KMS key (REPORTER_KMS_KEY_ID, WATCHER_KMS_KEY_ID); on the local stack 32 random bytes each
 * (REPORTER_KEY, WATCHER_KEY) generated under .data/keys/.
 */
export type EnvelopeKeyName = 'identity' | 'watcher';

const variables: Record<EnvelopeKeyName, { kms: string; local: string }> = {
  identity: { kms: 'REPORTER_KMS_KEY_ID', local: 'REPORTER_KEY' },
  watcher: { kms: 'WATCHER_KMS_KEY_ID', local: 'WATCHER_KEY' },
};

export function envelopeKeys(name: EnvelopeKeyName): KeyWrapper {
  const { kms, local } = variables[name];
  const localKey = optionalEnv(local);
  if (localKey) return localKeyWrapper(localKey, local);
  const kmsKey = optionalEnv(kms);
  if (!kmsKey) throw new Error(`${kms} (AWS) or ${local} (local) must be set`);
  return kmsKeyWrapper(kmsKey);
}
