import * as z from 'zod';
import { certificatePath } from '@shared/api/certificate';
import type { CertificateDeps } from '../campaign/certificate-pdf';
import { httpHandler, parseInput } from '../http/http-handler';
import { documentClient, tableName } from '../storage/dynamo';
import { sessionOf, theDirectory } from './context';

/**
 * Certificates and the printable honours list as PDF (issue 17 point 5): a function of its own, since pdfkit, fontkit
 * and the embedded font (10.6 MB, packaged beside the bundle) would make any other function's package 25 times larger.
 * pdfkit is loaded by the first PDF drawn (certificate-pdf.ts imported lazily), not at cold start.
 */
let built: CertificateDeps | undefined;
const deps = (): CertificateDeps => (built ??= { db: documentClient(), table: tableName(), directory: theDirectory() });

const campaignPath = z.object({ campaignId: z.string().regex(/^cmp-[0-9a-f]{16}$/, '评选活动编号（campaignId）格式不正确') });

export const handler = httpHandler({
  'GET /v1/honours/{certificateNo}/certificate.pdf': async (request) => {
    const { certificateNo } = parseInput(certificatePath, request.pathParameters);
    const { certificatePdf } = await import('../campaign/certificate-pdf');
    return { body: await certificatePdf(deps(), await sessionOf(request.headers), certificateNo) };
  },
  'GET /v1/campaigns/{campaignId}/honours.pdf': async (request) => {
    const { campaignId } = parseInput(campaignPath, request.pathParameters);
    const { honoursListPdf } = await import('../campaign/certificate-pdf');
    return { body: await honoursListPdf(deps(), await sessionOf(request.headers), campaignId) };
  },
});
