import Taro from '@tarojs/taro'
import type { MeResponse, Membership } from '@shared/api/auth'
import {
  importJob,
  memberResponse,
  membershipStatsResponse,
  myRecordResponse,
  rosterFile,
  rosterPage,
  type AddMemberRequest,
  type CorrectRecordRequest,
  type ImportJob,
  type MembershipStatsResponse,
  type MyRecordResponse,
  type RosterFile,
  type RosterMemberView,
  type RosterPage,
} from '@shared/api/roster'
import { request } from './api-client'
import { wechatError } from './wechat-error'

// 会员名册: the chair's roster (list, add, remove, import, export) and a member's own record. Choosing and uploading a
// file for an import: services/roster-import.ts.

const org = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`
const query = (values: Record<string, string | undefined>): string => {
  const pairs = Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
  return pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''
}

/** The grassroots unions where the user is chair or vice-chair (the roster pages' default union). */
export function rosterUnions(me: MeResponse): Membership[] {
  return me.memberships.filter((m) => m.org.level === 'grassroots' && m.roles.some((r) => r === 'chair' || r === 'viceChair'))
}

/** GET /v1/orgs/{orgId}/roster — 20 at a time; q: the start of a name or a whole 工号. */
export function listRoster(orgId: string, options: { q?: string; status?: 'active' | 'left' | 'all'; cursor?: string } = {}): Promise<RosterPage> {
  return request('GET', `${org(orgId)}/roster${query({ q: options.q, status: options.status, cursor: options.cursor })}`, { schema: rosterPage })
}

/** POST /v1/orgs/{orgId}/roster */
export async function addMember(orgId: string, body: AddMemberRequest): Promise<RosterMemberView> {
  return (await request('POST', `${org(orgId)}/roster`, { body, schema: memberResponse })).member
}

/** DELETE /v1/orgs/{orgId}/roster/{memberId} — the entry stays, marked 已退会. */
export async function removeMember(orgId: string, memberId: string, leftOn?: string): Promise<RosterMemberView> {
  return (await request('DELETE', `${org(orgId)}/roster/${encodeURIComponent(memberId)}${query({ leftOn })}`, { schema: memberResponse })).member
}

/** GET /v1/roster/template */
export function rosterTemplate(): Promise<RosterFile> {
  return request('GET', '/roster/template', { schema: rosterFile })
}

/** GET /v1/orgs/{orgId}/roster/export — audited on the server. */
export function exportRoster(orgId: string): Promise<RosterFile> {
  return request('GET', `${org(orgId)}/roster/export`, { schema: rosterFile })
}

/** GET /v1/orgs/{orgId}/imports/{importId} — polling it also moves a commit on. */
export function importStatus(orgId: string, importId: string): Promise<ImportJob> {
  return request('GET', `${org(orgId)}/imports/${encodeURIComponent(importId)}`, { schema: importJob })
}

/** POST /v1/orgs/{orgId}/imports/{importId}/commit — the chair confirms the preview. */
export function commitImport(orgId: string, importId: string): Promise<ImportJob> {
  return request('POST', `${org(orgId)}/imports/${encodeURIComponent(importId)}/commit`, { body: {}, schema: importJob })
}

/** GET /v1/orgs/{orgId}/membership-stats */
export function membershipStats(orgId: string): Promise<MembershipStatsResponse> {
  return request('GET', `${org(orgId)}/membership-stats`, { schema: membershipStatsResponse })
}

/** GET /v1/me/record */
export function myRecord(): Promise<MyRecordResponse> {
  return request('GET', '/me/record', { schema: myRecordResponse })
}

/** PUT /v1/me/record — only the fields given change */
export function correctMyRecord(body: CorrectRecordRequest): Promise<MyRecordResponse> {
  return request('PUT', '/me/record', { body, schema: myRecordResponse })
}

// ---- files ---------------------------------------------------------------------------------------------

/**
 * Hands a downloaded .xlsx to the user. WeChat: saved under the user data path and opened with
 * wx.openDocument (its menu forwards or saves it). H5: downloaded by the browser.
 */
export async function saveRosterFile(file: RosterFile): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const bytes = Taro.base64ToArrayBuffer(file.contentBase64)
    const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }))
    const link = document.createElement('a')
    link.href = url
    link.download = file.fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    return
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${file.fileName}`
  try {
    Taro.getFileSystemManager().writeFileSync(filePath, file.contentBase64, 'base64')
  } catch (cause) {
    // A full user data path (10 MB per mini-program) says so.
    throw wechatError(cause, 'writeFile') ?? cause
  }
  try {
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
  } catch (cause) {
    const error = wechatError(cause, 'openDocument')
    if (error) throw error
  }
}
