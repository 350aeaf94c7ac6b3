import { createHash } from 'node:crypto';
import { GetCommand, type TransactWriteCommandInput } from '../storage/document-client';
import { evidenceTypes, extensionOf, maxEvidenceBytes, maxEvidenceBytesLabel, maxEvidenceFiles, type AttachEvidenceRequest, type EvidenceView, type RequestUploadRequest, type UploadTicket } from '@shared/api/evidence';
import type { AuditEventDraft } from '@shared/audit/audit-event';
import { DomainError, fieldError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import { filers, getApplication, requireReader } from '../campaign/applications';
import { campaignKeys, type ApplicationRecord } from '../campaign/campaign-items';
import { orgOf, type CampaignDeps } from '../campaign/campaigns';
import { log } from '../http/logger';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import { requireScope, type Actor } from '../scope/scope';
import { queryAll } from '../storage/dynamo';
import type { EvidenceStore } from './evidence-store';

/**
 * 证明材料: files attached to an application. The chair (or vice-chair) of the applying union uploads while the
 * application is a draft or returned for changes; whoever may read the application (its union's chairs, reviewers and
 * organisers above it) opens them. Items live in the application's partition: `EVIDENCE#<id>` per file and one
 * `EVIDENCES` counter, changed in the same transaction as the file's item, so no race gets past the limit of 20.
 */
export interface EvidenceDeps extends Pick<CampaignDeps, 'db' | 'table' | 'directory' | 'now'> {
  store: EvidenceStore;
}

export const evidenceKeys = {
  item: (applicationId: string, evidenceId: string) => ({ pk: campaignKeys.application(applicationId).pk, sk: `EVIDENCE#${evidenceId}` }),
  counter: (applicationId: string) => ({ pk: campaignKeys.application(applicationId).pk, sk: 'EVIDENCES' }),
};

export interface EvidenceRecord {
  applicationId: string;
  evidenceId: string;
  key: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string;
  uploaderName: string;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const isEditable = (record: ApplicationRecord): boolean => record.status === 'draft' || record.status === 'returned';

/** Only the applying union's chair or vice-chair, and only while the application may be changed. */
async function requireFiler(deps: EvidenceDeps, session: Session, applicationId: string): Promise<{ record: ApplicationRecord; actor: Actor }> {
  const record = await getApplication(deps, applicationId);
  const actor = await requireScope(deps.directory, session, filers, await orgOf(deps, record.applyingUnitId));
  if (!isEditable(record)) throw new DomainError('APPLICATION.NOT_EDITABLE');
  return { record, actor };
}

/** The name part of a storage key: ASCII letters, digits, '.', '_' and '-' (the real name is kept on the item). */
export function storedName(fileName: string): string {
  const extension = extensionOf(fileName).replace(/[^a-z0-9]/g, '');
  const base = (extension ? fileName.slice(0, fileName.lastIndexOf('.')) : fileName)
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 60);
  const name = /[A-Za-z0-9]/.test(base) ? base : 'file';
  return extension ? `${name}.${extension}` : name;
}

const keyPattern = (applicationId: string): RegExp => new RegExp(`^applications/${applicationId}/[0-9a-f]{16}/[A-Za-z0-9._-]{1,80}$`);
const evidenceIdOf = (key: string): string => `ev-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

async function countOf(deps: EvidenceDeps, applicationId: string): Promise<number> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: evidenceKeys.counter(applicationId), ConsistentRead: true }));
  return Number(out.Item?.files ?? 0);
}

/**
 * A presigned upload for one file. The same requestId gives the same key (a retried request posts to the same
 * place); the policy pins the key, the type and 1..10 MB.
 */
export async function requestUpload(deps: EvidenceDeps, session: Session, applicationId: string, request: RequestUploadRequest): Promise<UploadTicket> {
  await requireFiler(deps, session, applicationId);
  if ((await countOf(deps, applicationId)) >= maxEvidenceFiles) throw new DomainError('EVIDENCE.TOO_MANY');
  const token = createHash('sha256').update(`${applicationId}\n${request.requestId}`).digest('hex').slice(0, 16);
  const key = `applications/${applicationId}/${token}/${storedName(request.fileName)}`;
  const presigned = await deps.store.presignUpload(key, request.contentType, maxEvidenceBytes);
  return { url: presigned.url, fields: presigned.fields, key, expiresAt: presigned.expiresAt, maxBytes: maxEvidenceBytes };
}

/**
 * Commits the file's change with its audit event. Transactions on one application's counter may collide; a
 * collision (not a refused condition of the change itself) is tried again. Answers the change's own cancellation
 * reasons when one of its conditions refused it.
 */
async function transact(deps: EvidenceDeps, items: TransactItem[], audit: AuditEventDraft): Promise<(string | undefined)[] | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await commitWithNotices(deps.db, deps.table, { writes: items, audit: [audit] }, deps.now());
      return undefined;
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      const own = error.reasons.slice(0, items.length);
      if (own.includes('ConditionalCheckFailed')) return own;
      if (attempt >= 6) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

/**
 * evidence.attached / evidence.removed, each file its own chain (subject `evidence`, the file's id) so that files
 * attached at once do not queue on one chain head; the application, file name and size are in its data.
 */
const evidenceEvent = (action: 'evidence.attached' | 'evidence.removed', record: ApplicationRecord, actor: Actor, file: EvidenceRecord): AuditEventDraft => ({
  subjectType: 'evidence',
  subjectId: file.evidenceId,
  scopePath: record.applyingUnitPath,
  action,
  actor: { memberId: actor.memberId, role: actor.role },
  data: { applicationId: record.applicationId, fileName: file.fileName, size: file.size, contentType: file.contentType },
});

const stillEditable = (deps: EvidenceDeps, applicationId: string): TransactItem => ({
  ConditionCheck: {
    TableName: deps.table,
    Key: campaignKeys.application(applicationId),
    ConditionExpression: '#status IN (:draft, :returned)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':draft': 'draft', ':returned': 'returned' },
  },
});

/**
 * Attaches an uploaded file: the key must be one this application was given, and storage must hold it, of an allowed
 * type and size. Attaching the same key again changes nothing.
 */
export async function attachEvidence(deps: EvidenceDeps, session: Session, applicationId: string, request: AttachEvidenceRequest): Promise<EvidenceView[]> {
  const { record: application, actor } = await requireFiler(deps, session, applicationId);
  if (!keyPattern(applicationId).test(request.key)) throw fieldError('key', '文件标识（key）不属于该申报，请重新上传');
  const stored = await deps.store.head(request.key);
  if (!stored) throw new DomainError('EVIDENCE.NOT_UPLOADED', { details: [{ path: 'key', message: '文件标识（key）对应的文件尚未上传成功，请重新上传' }] });
  if (stored.size > maxEvidenceBytes) throw fieldError('key', `文件（key）超过 ${maxEvidenceBytesLabel}，请压缩或拆分后再上传`);
  if (!(stored.contentType in evidenceTypes)) throw fieldError('key', '文件（key）的类型不在允许范围内，请重新上传');
  const record: EvidenceRecord = {
    applicationId,
    evidenceId: evidenceIdOf(request.key),
    key: request.key,
    fileName: request.fileName,
    contentType: stored.contentType,
    size: stored.size,
    uploadedAt: deps.now().toISOString(),
    uploadedBy: actor.memberId,
    uploaderName: (await deps.directory.getMember(actor.memberId))?.name ?? actor.memberId,
  };
  const refused = await transact(deps, [
    stillEditable(deps, applicationId),
    { Put: { TableName: deps.table, Item: { ...evidenceKeys.item(applicationId, record.evidenceId), entity: 'evidence', ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Update: {
        TableName: deps.table,
        Key: evidenceKeys.counter(applicationId),
        UpdateExpression: 'SET #files = if_not_exists(#files, :zero) + :one, #entity = :entity',
        ConditionExpression: 'attribute_not_exists(#files) OR #files < :max',
        ExpressionAttributeNames: { '#files': 'files', '#entity': 'entity' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': maxEvidenceFiles, ':entity': 'evidenceCounter' },
      },
    },
  ], evidenceEvent('evidence.attached', application, actor, record));
  if (refused?.[0] === 'ConditionalCheckFailed') throw new DomainError('APPLICATION.NOT_EDITABLE');
  if (refused && refused[1] !== 'ConditionalCheckFailed' && refused[2] === 'ConditionalCheckFailed') throw new DomainError('EVIDENCE.TOO_MANY');
  return evidenceOf(deps, applicationId);
}

/** The files of an application, each with a fresh download address, for anyone who may read the application. */
export async function listEvidence(deps: EvidenceDeps, session: Session, applicationId: string): Promise<EvidenceView[]> {
  // Whoever may read the application: the applying union's chairs, reviewers and organisers above.
  await requireReader(deps, session, await getApplication(deps, applicationId));
  return evidenceOf(deps, applicationId);
}

async function recordsOf(deps: EvidenceDeps, applicationId: string): Promise<EvidenceRecord[]> {
  const items = await queryAll(deps.db, {
    TableName: deps.table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
    ExpressionAttributeValues: { ':pk': campaignKeys.application(applicationId).pk, ':e': 'EVIDENCE#' },
    ConsistentRead: true,
  });
  return items.map((i) => i as unknown as EvidenceRecord).sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt) || a.evidenceId.localeCompare(b.evidenceId));
}

async function evidenceOf(deps: EvidenceDeps, applicationId: string): Promise<EvidenceView[]> {
  const records = await recordsOf(deps, applicationId);
  return Promise.all(
    records.map(async (r) => ({
      evidenceId: r.evidenceId,
      fileName: r.fileName,
      contentType: r.contentType,
      size: r.size,
      uploadedAt: r.uploadedAt,
      uploadedBy: r.uploadedBy,
      uploaderName: r.uploaderName,
      url: await deps.store.presignDownload(r.key, r.fileName),
    })),
  );
}

/** Removes a file while the application may be changed; the stored object goes after the item. */
export async function removeEvidence(deps: EvidenceDeps, session: Session, applicationId: string, evidenceId: string): Promise<EvidenceView[]> {
  const { record: application, actor } = await requireFiler(deps, session, applicationId);
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: evidenceKeys.item(applicationId, evidenceId), ConsistentRead: true }));
  if (out.Item?.entity !== 'evidence') throw new DomainError('EVIDENCE.NOT_FOUND');
  const record = out.Item as unknown as EvidenceRecord;
  const refused = await transact(deps, [
    stillEditable(deps, applicationId),
    { Delete: { TableName: deps.table, Key: evidenceKeys.item(applicationId, evidenceId), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Update: {
        TableName: deps.table,
        Key: evidenceKeys.counter(applicationId),
        UpdateExpression: 'SET #files = #files - :one',
        ConditionExpression: '#files >= :one',
        ExpressionAttributeNames: { '#files': 'files' },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ], evidenceEvent('evidence.removed', application, actor, record));
  if (refused?.[0] === 'ConditionalCheckFailed') throw new DomainError('APPLICATION.NOT_EDITABLE');
  if (refused) throw new DomainError('EVIDENCE.NOT_FOUND');
  try {
    await deps.store.remove(record.key);
  } catch (error) {
    // The item is gone, so nothing points at the object any more; it only costs storage.
    log('warn', 'evidence object not removed', { applicationId, evidenceId, error: error instanceof Error ? error.message : String(error) });
  }
  return evidenceOf(deps, applicationId);
}
