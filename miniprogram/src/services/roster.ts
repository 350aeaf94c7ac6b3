import Taro from '@tarojs/taro'
import type { MeResponse, Membership } from '@shared/api/auth'
import {
  importJob,
  maxImportFileBytes,
  maxImportFileLabel,
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
import { ApiError, request } from './api-client'
import { hiddenFileInput } from './h5-file-input'

// 会员名册: the chair's roster (list, add, remove, import, export) and a member's own record.

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

/** POST /v1/orgs/{orgId}/imports — answers the preview; nothing is written yet. */
export function uploadRoster(orgId: string, file: ChosenFile): Promise<ImportJob> {
  return request('POST', `${org(orgId)}/imports`, { body: { fileName: file.name, contentBase64: file.contentBase64 }, schema: importJob })
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

export interface ChosenFile {
  name: string
  size: number
  contentBase64: string
}

const tooLarge = () => new ApiError('ROSTER.FILE_TOO_LARGE', `文件超过 ${maxImportFileLabel}，请拆分后分批导入`)
const unreadable = (cause: unknown) => new ApiError('ROSTER.FILE_UNREADABLE', '无法读取所选文件，请重新选择', { cause })

/**
 * Lets the chair pick a roster file (.xlsx or .csv) and reads it as base64; null when they cancel.
 * WeChat: wx.chooseMessageFile (files come from a chat, where an Excel sheet usually arrives).
 * H5: Taro has no file picker there (chooseMessageFile is not supported, chooseImage only takes images), so a
 * hidden <input type="file" id="roster-file-input"> attached to the page body is clicked and read with FileReader.
 */
export async function chooseRosterFile(): Promise<ChosenFile | null> {
  if (process.env.TARO_ENV === 'h5') return chooseFileOnH5()
  let picked: Taro.chooseMessageFile.ChooseFile | undefined
  try {
    picked = (await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })).tempFiles[0]
  } catch (cause) {
    if (/cancel/i.test(String((cause as { errMsg?: string }).errMsg ?? cause))) return null
    throw unreadable(cause)
  }
  if (!picked) return null
  if (picked.size > maxImportFileBytes) throw tooLarge()
  try {
    const contentBase64 = Taro.getFileSystemManager().readFileSync(picked.path, 'base64') as string
    return { name: picked.name, size: picked.size, contentBase64 }
  } catch (cause) {
    throw unreadable(cause)
  }
}

export const h5FileInputId = 'roster-file-input'

function chooseFileOnH5(): Promise<ChosenFile | null> {
  const element = hiddenFileInput(h5FileInputId, '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv')
  return new Promise((resolve, reject) => {
    element.onchange = () => {
      const file = element.files?.[0]
      if (!file) return resolve(null)
      if (file.size > maxImportFileBytes) return reject(tooLarge())
      const reader = new FileReader()
      reader.onload = () => resolve({ name: file.name, size: file.size, contentBase64: String(reader.result).replace(/^data:[^,]*,/, '') })
      reader.onerror = () => reject(unreadable(reader.error))
      reader.readAsDataURL(file)
    }
    element.oncancel = () => resolve(null)
    element.click()
  })
}

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
  Taro.getFileSystemManager().writeFileSync(filePath, file.contentBase64, 'base64')
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
}
