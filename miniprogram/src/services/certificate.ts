import { certificateCheckResponse, type CertificateCheckResponse } from '@shared/api/certificate'
import { request } from './api-client'

// 荣誉证书查询 (issue 17 point 5): the public check of a certificate by its number. No log-in.

/** GET /v1/public/certificates/{certificateNo} — whether the honour stands (有效) or was revoked (已撤销). */
export function checkCertificate(certificateNo: string): Promise<CertificateCheckResponse> {
  return request('GET', `/public/certificates/${encodeURIComponent(certificateNo)}`, { schema: certificateCheckResponse })
}
