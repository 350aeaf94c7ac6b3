import { createHash } from 'node:crypto';
import { importFileTypeOf, importFileTypes, maxImportFileBytes, maxImportFileLabel, type ImportUploadTicketRequest } from '@shared/api/roster';
import type { UploadTicket } from '@shared/api/evidence';
import type { Org } from '@shared/domain/org';
import { DomainError, fieldError } from '@shared/errors';
import type { EvidenceStore } from '../evidence/evidence-store';
import { log } from '../http/logger';

/**
 * A roster file travels to the server as a file, not as base64 in JSON: the chair asks for a presigned upload (the
 * evidence bucket on AWS, the local file store locally), posts the file there with wx.uploadFile and its progress,
 * and names the key to the preview, which reads the object once and deletes it as soon as its rows are staged — the
 * file holds ID and phone numbers in clear, so it lives only between the post and the preview (and a day at most:
 * the bucket's lifecycle rule for imports/). The key is bound to the union: `imports/<orgId>/<token>/roster.xlsx|csv`.
 */

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const keyPattern = (orgId: string): RegExp => new RegExp(`^imports/${escaped(orgId)}/[0-9a-f]{16}/roster\\.(xlsx|csv)$`);

/** A presigned upload for one roster file of this union: the same requestId gives the same key; 1 byte to 16 MB. */
export async function requestImportUpload(store: EvidenceStore, union: Org, request: ImportUploadTicketRequest): Promise<UploadTicket> {
  const contentType = importFileTypeOf(request.fileName);
  if (!contentType) throw fieldError('fileName', '文件名（fileName）应为 .xlsx 或 .csv 文件');
  const token = createHash('sha256').update(`${union.orgId}\n${request.requestId}`).digest('hex').slice(0, 16);
  // The chair's file name stays on the job; the key carries only the kind.
  const key = `imports/${union.orgId}/${token}/roster.${contentType === importFileTypes.csv ? 'csv' : 'xlsx'}`;
  const presigned = await store.presignUpload(key, contentType, maxImportFileBytes);
  return { url: presigned.url, fields: presigned.fields, key, expiresAt: presigned.expiresAt, maxBytes: maxImportFileBytes };
}

/**
 * The bytes of a roster file posted with a ticket of this union. A key of another union, or one never (or no longer)
 * uploaded, is refused naming the field. The file stays in the store until the preview has taken its rows
 * (removeImportedFile), so a request cut off before that can be sent again.
 */
export async function importedFileBytes(store: EvidenceStore, union: Org, key: string): Promise<Buffer> {
  refuseForeignKey(union, key);
  const object = await store.get(key);
  if (!object) throw fieldError('key', '文件标识（key）对应的文件尚未上传成功或已被读取，请重新选择文件');
  if (object.body.byteLength > maxImportFileBytes) {
    await removeImportedFile(store, union, key);
    throw new DomainError('ROSTER.FILE_TOO_LARGE', { message: `文件超过 ${maxImportFileLabel}，请拆分后分批导入` });
  }
  return Buffer.from(object.body.buffer, object.body.byteOffset, object.body.byteLength);
}

/** A key of this union's roster uploads, or a refusal naming the field. */
export function refuseForeignKey(union: Org, key: string): void {
  if (!keyPattern(union.orgId).test(key)) throw fieldError('key', '文件标识（key）不属于本工会的名册上传，请重新选择文件');
}

/** The file holds ID and phone numbers in clear: removed as soon as its rows are staged (sealed) or it is refused. */
export async function removeImportedFile(store: EvidenceStore, union: Org, key: string): Promise<void> {
  try {
    await store.remove(key);
  } catch (error) {
    // The lifecycle rule removes it within a day; the preview goes on.
    log('warn', 'roster import file not removed', { orgId: union.orgId, error: error instanceof Error ? error.message : String(error) });
  }
}
