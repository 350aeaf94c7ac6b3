// 撤销荣誉称号 by the procedure of the honour's ruleset (issue 17 point 3): what may be started on an honour, a case and
// its steps, a federation's cases — through the one typed client. Only the admin subpackage imports this file.
import {
  revocationCaseResponse,
  revocationListResponse,
  revocationOptionsResponse,
  type OpenRevocationRequest,
  type RevocationCaseView,
  type RevocationListResponse,
  type RevocationOptionsResponse,
  type RevocationStepRequest,
} from '@shared/api/revocation'
import { request } from '../../services/api-client'

/** GET /v1/honours/{certificateNo}/revocation-options */
export function revocationOptions(certificateNo: string): Promise<RevocationOptionsResponse> {
  return request('GET', `/honours/${encodeURIComponent(certificateNo)}/revocation-options`, { schema: revocationOptionsResponse })
}

/** POST /v1/honours/{certificateNo}/revocations — opens a case; the case as it stands. */
export async function openRevocation(certificateNo: string, body: OpenRevocationRequest): Promise<RevocationCaseView> {
  return (await request('POST', `/honours/${encodeURIComponent(certificateNo)}/revocations`, { body, schema: revocationCaseResponse })).case
}

/** GET /v1/revocations/{caseId} */
export async function revocationCase(caseId: string): Promise<RevocationCaseView> {
  return (await request('GET', `/revocations/${encodeURIComponent(caseId)}`, { schema: revocationCaseResponse })).case
}

/** POST /v1/revocations/{caseId}/steps — the step waiting, against the version read. */
export async function takeRevocationStep(caseId: string, body: RevocationStepRequest): Promise<RevocationCaseView> {
  return (await request('POST', `/revocations/${encodeURIComponent(caseId)}/steps`, { body, schema: revocationCaseResponse })).case
}

/** GET /v1/orgs/{orgId}/revocations */
export function revocationsOf(orgId: string, status?: 'open' | 'closed'): Promise<RevocationListResponse> {
  return request('GET', `/orgs/${encodeURIComponent(orgId)}/revocations${status ? `?status=${status}` : ''}`, { schema: revocationListResponse })
}
