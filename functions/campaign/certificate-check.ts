import type { DynamoDBDocumentClient } from '../storage/document-client';
import { certificateCheckResponse, type CertificateCheckResponse } from '@shared/api/certificate';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { DomainError } from '@shared/errors';
import type { Directory } from '../directory/directory';
import { takeAll, type Limit } from '../publicity/rate-limit';
import { readCertificate, stateOf } from './certificate-records';

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
  const { honour, campaign, org } = await readCertificate(deps, certificateNo);
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
