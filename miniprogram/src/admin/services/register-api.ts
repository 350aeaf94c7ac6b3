// 荣誉档案 (issue 17 point 1): the register of honours, one honour's history and the Excel export, through the one
// typed client. Only the admin subpackage imports this file.
import { honourDetailResponse, registerExportResponse, registerPageResponse, type HonourDetailResponse, type RegisterPageResponse } from '@shared/api/register'
import type { HonourState } from '@shared/api/register'
import type { TitleCode } from '@shared/rules/titles'
import { request } from '../../services/api-client'
import { saveRosterFile } from '../../services/roster'

export interface RegisterFilters {
  title?: TitleCode
  year?: number
  state?: HonourState
}

const queryOf = (filters: RegisterFilters, cursor?: string): string => {
  const parts = Object.entries({ ...filters, ...(cursor ? { cursor } : {}) })
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
  return parts.length > 0 ? `?${parts.join('&')}` : ''
}

/** GET /v1/orgs/{orgId}/honours — one page of the register; `cursor` from the page before. */
export function registerPage(orgId: string, filters: RegisterFilters, cursor?: string): Promise<RegisterPageResponse> {
  return request('GET', `/orgs/${encodeURIComponent(orgId)}/honours${queryOf(filters, cursor)}`, { schema: registerPageResponse })
}

/** GET /v1/honours/{certificateNo} — one honour and its history. */
export async function honourDetail(certificateNo: string): Promise<HonourDetailResponse['honour']> {
  return (await request('GET', `/honours/${encodeURIComponent(certificateNo)}`, { schema: honourDetailResponse })).honour
}

/** GET /v1/orgs/{orgId}/honours/export — the filtered register as .xlsx, handed to the user like the roster export. */
export async function exportRegister(orgId: string, filters: RegisterFilters): Promise<number> {
  const file = await request('GET', `/orgs/${encodeURIComponent(orgId)}/honours/export${queryOf(filters)}`, { schema: registerExportResponse })
  await saveRosterFile({ fileName: file.fileName, contentType: file.contentType, contentBase64: file.base64 })
  return file.rows
}
