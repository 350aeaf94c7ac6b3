import * as z from 'zod';
import { citation } from '../rules/citation';

/**
 * 荣誉证书查询 (issue 17 point 5): anyone may check, by its number, whether an honour stands. A certificate number is
 * `<RULESET>-<year>-<seq>` as functions/campaign/honours.ts prints it, e.g. `ACFTU-2020-2026-0007`.
 */
export const certificateNoPattern = /^[A-Z0-9]+(?:-[A-Z0-9]+)*-\d{4}-\d{4,6}$/;

export const certificateNo = z
  .string({ error: '请输入证书编号（certificateNo）' })
  .trim()
  .min(1, '请输入证书编号（certificateNo）')
  .max(64, '证书编号（certificateNo）不超过 64 个字符')
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(certificateNoPattern, '证书编号（certificateNo）格式不正确，应形如 ACFTU-2020-2026-0001'));

export const certificatePath = z.object({ certificateNo });

/**
 * The fields of a stored honour (HONOUR#<no> / HONOUR) that say it was revoked: the one place they are named for
 * readers. The revocation procedure writes them (status 'revoked', revokedAt as an ISO instant, the article it rests
 * on); an honour without them stands.
 */
export const honourRevocation = z.object({
  status: z.enum(['revoked', 'recalled']).optional(),
  revokedAt: z.string().min(1),
  revocationCitation: citation,
});
export type HonourRevocation = z.infer<typeof honourRevocation>;

/** The state a public check shows: 有效, 已撤销 with the Beijing date and the article, or 证书已收回 (a closed unit's). */
export const certificateState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('valid'), label: z.literal('有效') }),
  z.object({ state: z.literal('revoked'), label: z.literal('已撤销'), revokedOn: z.string(), citation: z.string() }),
  // A title not revoked whose certificate and plaque the 上一级工会 recovered because the unit went bankrupt, was
  // terminated or dissolved (总工办发〔2020〕15号 第二十七条): not 有效 any more, and not 已撤销 either.
  z.object({ state: z.literal('recovered'), label: z.literal('证书已收回'), recoveredOn: z.string(), citation: z.string(), explanation: z.string() }),
]);

/**
 * GET /v1/public/certificates/{certificateNo}: only what the public award list showed (number, title, holder as
 * published, year, award date), with the awarding body and campaign it came from. No member, nominee or application id.
 */
export const certificateCheckResponse = z.strictObject({
  certificateNo: z.string(),
  title: z.string(),
  holderName: z.string(),
  awardingBody: z.string(),
  campaignName: z.string(),
  year: z.number(),
  awardedOn: z.string(),
  status: certificateState,
});
export type CertificateCheckResponse = z.infer<typeof certificateCheckResponse>;

/** The check page's path, with the number: what a certificate's QR code and short link open. */
export const certificateCheckPage = 'pages/certificate-check/index';
export const certificateCheckUrl = (base: string, no: string): string => `${base.replace(/\/+$/, '')}/#/${certificateCheckPage}?no=${encodeURIComponent(no)}`;

/** GET /v1/honours/{certificateNo}/certificate.pdf and GET /v1/campaigns/{campaignId}/honours.pdf: the PDF as base64. */
export const pdfFileResponse = z.object({ fileName: z.string(), contentType: z.literal('application/pdf'), base64: z.string() });
export type PdfFileResponse = z.infer<typeof pdfFileResponse>;
