import { GetCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { honourRevocation, type CertificateCheckResponse } from '@shared/api/certificate';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type { Org } from '@shared/domain/org';
import { DomainError } from '@shared/errors';
import { citationText } from '@shared/rules/citation';
import type { Directory } from '../directory/directory';
import { campaignKeys } from './campaign-items';

/** What a certificate is read from: the public check (certificate-check.ts) and the PDFs (certificate-pdf.ts). */
export interface CertificateRecords {
  honour: Record<string, unknown>;
  campaign: Record<string, unknown>;
  /** The awarding body: the campaign's org. */
  org: Org;
}

/**
 * The honour under a number, its campaign and the awarding org — CERTIFICATE.NOT_FOUND for an unknown number and for
 * one whose campaign is not yet decided, after the same three reads either way.
 */
export async function readCertificate(deps: { db: DynamoDBDocumentClient; table: string; directory: Directory }, certificateNo: string): Promise<CertificateRecords> {
  const honour = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.honour(certificateNo) }))).Item;
  const campaignId = typeof honour?.campaignId === 'string' ? honour.campaignId : 'none';
  const campaign = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.campaign(campaignId) }))).Item;
  const orgId = typeof campaign?.orgId === 'string' ? campaign.orgId : '';
  const org = (await deps.directory.getOrgs([orgId])).get(orgId);
  if (!honour || !campaign || campaign.status !== 'decided' || !org) throw new DomainError('CERTIFICATE.NOT_FOUND');
  return { honour, campaign, org };
}

/**
 * 已撤销 whenever the honour no longer stands, even if its record lacks a field: never 有效 by omission — except a closed
 * unit's honour whose certificate was recovered without a revocation (functions/honours/recovery-record.ts): 证书已收回.
 */
export function stateOf(honour: Record<string, unknown>): CertificateCheckResponse['status'] {
  // `state` is the honours register's own word for it (shared/api/register.ts): 已撤销, or revoked and 证书已收回.
  const revoked = honour.status === 'revoked' || honour.status === 'recalled' || honour.state === 'revoked' || honour.state === 'recovered';
  if (!revoked) return { state: 'valid', label: '有效' };
  const revocation = honourRevocation.safeParse(honour);
  // A revoked title whose certificate was then recovered still reads 已撤销, with the revocation's date and article.
  const recovery = honour.recovery as { reason?: string; closure?: string; citation?: string; recoveredOn?: string } | undefined;
  if (!revocation.success && honour.status !== 'revoked' && recovery?.reason === 'unitClosed' && recovery.citation && recovery.recoveredOn) {
    const closed = recovery.closure === 'bankrupt' ? '破产' : recovery.closure === 'terminated' ? '终止' : '撤销';
    return { state: 'recovered', label: '证书已收回', recoveredOn: recovery.recoveredOn, citation: recovery.citation, explanation: `受表彰单位${closed}，证书和奖牌已由上一级工会收回` };
  }
  if (!revocation.success) return { state: 'revoked', label: '已撤销', revokedOn: '未载明', citation: '未载明' };
  return { state: 'revoked', label: '已撤销', revokedOn: formatShanghaiDate(new Date(revocation.data.revokedAt)), citation: citationText(revocation.data.revocationCitation) };
}
