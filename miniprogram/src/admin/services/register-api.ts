// 荣誉档案 (issue 17 point 1): the register of honours, one honour's history and the Excel export, through the one
// typed client. Only the admin subpackage imports this file.
import Taro from '@tarojs/taro'
import { honourDetailResponse, honourImportResponse, recheckResponse, registerExportResponse, registerPageResponse, type HonourDetailResponse, type HonourImportJob, type RecheckResponse, type RegisterPageResponse } from '@shared/api/register'
import type { HonourState } from '@shared/api/register'
import type { TitleCode } from '@shared/rules/titles'
import { request } from '../../services/api-client'
import { saveRosterFile } from '../../services/roster'
import type { ChosenFile } from '../../services/roster-import'
import { wechatError } from '../../services/wechat-error'

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

/** POST /v1/orgs/{orgId}/honours/recheck — one slice of the subtree's 复查 for `year`; send `nextCursor` back until none. */
export function recheckSlice(orgId: string, year: number, cursor?: string): Promise<RecheckResponse> {
  return request('POST', `/orgs/${encodeURIComponent(orgId)}/honours/recheck`, { body: { year, ...(cursor ? { cursor } : {}) }, schema: recheckResponse, timeoutMs: 35_000 })
}

/** GET /v1/orgs/{orgId}/honours/export — the filtered register as .xlsx, handed to the user like the roster export. */
export async function exportRegister(orgId: string, filters: RegisterFilters): Promise<number> {
  const file = await request('GET', `/orgs/${encodeURIComponent(orgId)}/honours/export${queryOf(filters)}`, { schema: registerExportResponse })
  await saveRosterFile({ fileName: file.fileName, contentType: file.contentType, contentBase64: file.base64 })
  return file.rows
}

/** Reading a whole file on the server: as long as the API's own limit (29 s), not the usual 15 s. */
const importTimeoutMs = 35_000

/** The picked file's bytes as base64: read from the user data path on WeChat, from the picked file's address on H5. */
async function base64Of(file: ChosenFile): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const bytes = new Uint8Array(await (await fetch(file.path)).arrayBuffer())
    let binary = ''
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    return btoa(binary)
  }
  try {
    return String(Taro.getFileSystemManager().readFileSync(file.path, 'base64'))
  } catch (cause) {
    throw wechatError(cause, 'readFile') ?? cause
  }
}

/** POST /v1/orgs/{orgId}/honours/imports — the file (picked like a roster file) checked; nothing is written yet. */
export async function previewHonourImport(orgId: string, file: ChosenFile): Promise<HonourImportJob> {
  const body = { fileName: file.name, contentBase64: await base64Of(file) }
  return (await request('POST', `/orgs/${encodeURIComponent(orgId)}/honours/imports`, { body, schema: honourImportResponse, timeoutMs: importTimeoutMs })).job
}

/** POST /v1/orgs/{orgId}/honours/imports/{importId}/commit — writes the previewed honours (again: harmless). */
export async function commitHonourImport(orgId: string, importId: string): Promise<HonourImportJob> {
  return (await request('POST', `/orgs/${encodeURIComponent(orgId)}/honours/imports/${encodeURIComponent(importId)}/commit`, { schema: honourImportResponse, timeoutMs: importTimeoutMs })).job
}
