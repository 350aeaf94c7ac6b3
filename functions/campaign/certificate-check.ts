import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { certificateCheckResponse, honourRevocation, type CertificateCheckResponse } from '@shared/api/certificate';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { DomainError } from '@shared/errors';
import { citationText } from '@shared/rules/citation';
import type { Directory } from '../directory/directory';
import { takeAll, type Limit } from '../publicity/rate-limit';
import { campaignKeys } from './campaign-items';

export interface CertificateCheckDeps {
  db: DynamoDBDocumentClient;
  table: string;
  directory: Directory;
  now: () => Date;
}

/**
 * Per network (a keyed hash of the address, never the address: rate-limit.ts): enough for an employer checking a
 * list, too few to walk the number space. Every check counts, found or not.
 */
export const certificateCheckLimit = (sourceIp: string): Limit => ({ name: 'certificate#ip', subject: sourceIp, max: 120, windowSeconds: 3600, message: '查询过于频繁，每个网络每小时最多查询 120 次，请稍后再试' });

/**
 * 荣誉证书查询: whether the honour under this number stands, with what the public award list showed and nothing else.
 * An unknown number, and one whose campaign is not yet decided (its list not yet public), are the same 404 after the
 * same reads, so neither the answer nor its time tells them apart.
 */
export async function checkCertificate(deps: CertificateCheckDeps, sourceIp: string, certificateNo: string): Promise<CertificateCheckResponse> {
  try {
    await takeAll(deps.db, deps.table, [certificateCheckLimit(sourceIp)], deps.now());
  } catch (error) {
    if (error instanceof DomainError && error.code === 'REPORT.RATE_LIMITED') throw new DomainError('CERTIFICATE.RATE_LIMITED', { message: error.message, cause: error });
    throw error;
  }
  const honour = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.honour(certificateNo) }))).Item;
  const campaignId = typeof honour?.campaignId === 'string' ? honour.campaignId : 'none';
  const campaign = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.campaign(campaignId) }))).Item;
  const orgId = typeof campaign?.orgId === 'string' ? campaign.orgId : '';
  const org = (await deps.directory.getOrgs([orgId])).get(orgId);
  if (!honour || !campaign || campaign.status !== 'decided' || !org) throw new DomainError('CERTIFICATE.NOT_FOUND');
  return certificateCheckResponse.parse({
    certificateNo: String(honour.certificateNo),
    title: String(honour.title),
    holderName: String(honour.nomineeName),
    awardingBody: org.name,
    campaignName: String(campaign.heading),
    year: Number(honour.year),
    awardedOn: formatShanghaiDate(new Date(String(honour.awardedAt))),
    status: stateOf(honour),
  });
}

/** 已撤销 whenever the honour no longer stands, even if its record lacks a field: never 有效 by omission. */
function stateOf(honour: Record<string, unknown>): CertificateCheckResponse['status'] {
  if (honour.status !== 'revoked' && honour.status !== 'recalled') return { state: 'valid', label: '有效' };
  const revocation = honourRevocation.safeParse(honour);
  if (!revocation.success) return { state: 'revoked', label: '已撤销', revokedOn: '未载明', citation: '未载明' };
  return { state: 'revoked', label: '已撤销', revokedOn: formatShanghaiDate(new Date(revocation.data.revokedAt)), citation: citationText(revocation.data.revocationCitation) };
}
