import Taro from '@tarojs/taro'
import * as z from 'zod'
import {
  applicationListResponse,
  applicationResponse,
  campaignListResponse,
  campaignResponse,
  finalPublicityResponse,
  honoursResponse,
  listBoardResponse,
  type ApplicationStatus,
  type ApplicationView,
  type CampaignView,
  type CreateCampaignRequest,
  type FinalPublicityResponse,
  type ListBoardResponse,
  type SaveApplicationRequest,
  type createApplicationRequest,
  type decisionRequest,
  type honourView,
} from '@shared/api/campaign'
import { pdfFileResponse, type PdfFileResponse } from '@shared/api/certificate'
import { request } from './api-client'
import { wechatError } from './wechat-error'

// 评选活动 and 申报 (issue 8): the organiser's campaigns and decision, the chair's applications with autosave and
// submission, the reviewers' queues, decisions and list boards, the summary export and the final list. Only the
// chair, review and admin subpackages import this file.

const id = (value: string): string => encodeURIComponent(value)

export type ApplicationSummary = z.output<typeof applicationListResponse>['applications'][number]
export type Honour = z.output<typeof honourView>
export type CreateApplicationRequest = z.input<typeof createApplicationRequest>
export type DecisionRequest = z.input<typeof decisionRequest>
export type { ApplicationStatus, ApplicationView, CampaignView, CreateCampaignRequest, FinalPublicityResponse, ListBoardResponse }

/**
 * GET …/lists/{orgId}/export answers the workbook as base64; shared/api/campaign.ts has no schema for it yet, so
 * it is declared here from functions/campaign/summary-export.ts.
 */
export const summaryFile = z.object({ fileName: z.string(), contentType: z.string(), base64: z.string(), rows: z.number().optional() })
export type SummaryFile = z.output<typeof summaryFile>

// ---- campaigns -----------------------------------------------------------------------------------------------

/** GET /v1/campaigns — the campaigns of the caller's federation tree, newest first. */
export async function campaigns(): Promise<CampaignView[]> {
  return (await request('GET', '/campaigns', { schema: campaignListResponse })).campaigns
}

/** GET /v1/campaigns/{campaignId} */
export async function campaign(campaignId: string): Promise<CampaignView> {
  return (await request('GET', `/campaigns/${id(campaignId)}`, { schema: campaignResponse })).campaign
}

/** POST /v1/orgs/{orgId}/campaigns — the same requestId resumes a lost request instead of publishing twice. */
export async function createCampaign(orgId: string, body: CreateCampaignRequest): Promise<CampaignView> {
  return (await request('POST', `/orgs/${id(orgId)}/campaigns`, { body, schema: campaignResponse })).campaign
}

/** GET /v1/campaigns/{campaignId}/final-publicity — the proposed list, each nominee's window states, and the window. */
export function finalPublicity(campaignId: string): Promise<FinalPublicityResponse> {
  return request('GET', `/campaigns/${id(campaignId)}/final-publicity`, { schema: finalPublicityResponse })
}

/**
 * POST /v1/campaigns/{campaignId}/final-publicity — publishes the proposed list for the ruleset's window (refused
 * with CAMPAIGN.PUBLICITY_PENDING while a recommending window is still open or a report is being investigated);
 * `workingDays` where the organiser chooses the length (above the ruleset's minimum, or any where it sets none).
 */
export function openFinalPublicity(campaignId: string, workingDays?: number): Promise<FinalPublicityResponse> {
  return request('POST', `/campaigns/${id(campaignId)}/final-publicity`, { body: workingDays === undefined ? {} : { workingDays }, schema: finalPublicityResponse })
}

/** POST /v1/campaigns/{campaignId}/decision — the organiser awards the recommended applications; answers the honours. */
export async function decideCampaign(campaignId: string, applicationIds: string[], reason: string): Promise<Honour[]> {
  return (await request('POST', `/campaigns/${id(campaignId)}/decision`, { body: { applicationIds, reason }, schema: honoursResponse })).honours
}

/** GET /v1/campaigns/{campaignId}/honours — the final list in certificate order (public). */
export async function honours(campaignId: string): Promise<Honour[]> {
  return (await request('GET', `/campaigns/${id(campaignId)}/honours`, { schema: honoursResponse })).honours
}

// ---- applications --------------------------------------------------------------------------------------------

/** GET /v1/orgs/{unionId}/filed-applications — everything the union has filed, wherever it waits now. */
export async function filedApplications(unionId: string): Promise<ApplicationSummary[]> {
  return (await request('GET', `/orgs/${id(unionId)}/filed-applications`, { schema: applicationListResponse })).applications
}

/** GET /v1/orgs/{orgId}/applications?status= — what waits at a reviewer's (or organiser's) org. */
export async function applicationQueue(orgId: string, status?: ApplicationStatus): Promise<ApplicationSummary[]> {
  const query = status ? `?status=${status}` : ''
  return (await request('GET', `/orgs/${id(orgId)}/applications${query}`, { schema: applicationListResponse })).applications
}

/** POST /v1/campaigns/{campaignId}/applications — a draft; the same requestId answers the same draft. */
export async function createApplication(campaignId: string, body: CreateApplicationRequest): Promise<ApplicationView> {
  return (await request('POST', `/campaigns/${id(campaignId)}/applications`, { body, schema: applicationResponse })).application
}

/** GET /v1/applications/{applicationId} — facts, conditions with articles, gates, narratives, history. */
export async function application(applicationId: string): Promise<ApplicationView> {
  return (await request('GET', `/applications/${id(applicationId)}`, { schema: applicationResponse })).application
}

/** PUT /v1/applications/{applicationId} — autosave from the version last read (else APPLICATION.CHANGED_MEANWHILE). */
export async function saveApplication(applicationId: string, body: SaveApplicationRequest): Promise<ApplicationView> {
  return (await request('PUT', `/applications/${id(applicationId)}`, { body, schema: applicationResponse })).application
}

/** POST /v1/applications/{applicationId}/submit — refused (409) while a hard condition fails or a step is missing. */
export async function submitApplication(applicationId: string, version: number): Promise<ApplicationView> {
  return (await request('POST', `/applications/${id(applicationId)}/submit`, { body: { version }, schema: applicationResponse })).application
}

/** POST /v1/applications/{applicationId}/decision — 退回修改 / 不予通过 / 通过, from the version read. */
export async function decideApplication(applicationId: string, body: DecisionRequest): Promise<ApplicationView> {
  return (await request('POST', `/applications/${id(applicationId)}/decision`, { body, schema: applicationResponse })).application
}

// ---- list boards ---------------------------------------------------------------------------------------------

const listPath = (campaignId: string, orgId: string): string => `/campaigns/${id(campaignId)}/lists/${id(orgId)}`

/** GET /v1/campaigns/{campaignId}/lists/{orgId} — the recommending unit's list, checked against quotas and ratios. */
export function listBoard(campaignId: string, orgId: string): Promise<ListBoardResponse> {
  return request('GET', listPath(campaignId, orgId), { schema: listBoardResponse })
}

/**
 * POST /v1/campaigns/{campaignId}/lists/{orgId}/submit — refused (409 LIST.BREACH) while the list breaks a hard rule;
 * with an advisory rule unmet (the board's `needsReason`), only with the sender's reason (400 naming advisoryReason).
 */
export function submitList(campaignId: string, orgId: string, advisoryReason?: string): Promise<ListBoardResponse> {
  return request('POST', `${listPath(campaignId, orgId)}/submit`, { body: advisoryReason ? { advisoryReason } : {}, schema: listBoardResponse })
}

/** GET /v1/campaigns/{campaignId}/lists/{orgId}/export — 基本情况汇总表 (.xlsx) as base64. */
export function exportSummary(campaignId: string, orgId: string): Promise<SummaryFile> {
  return request('GET', `${listPath(campaignId, orgId)}/export`, { schema: summaryFile })
}

/** GET /v1/honours/{certificateNo}/certificate.pdf — one honour's certificate (A4, the font embedded, its QR code). */
export function certificatePdf(certificateNo: string): Promise<PdfFileResponse> {
  return request('GET', `/honours/${encodeURIComponent(certificateNo)}/certificate.pdf`, { schema: pdfFileResponse, timeoutMs: 35_000 })
}

/** GET /v1/campaigns/{campaignId}/honours.pdf — the printable list of a campaign's honours. */
export function honoursListPdf(campaignId: string): Promise<PdfFileResponse> {
  return request('GET', `/campaigns/${encodeURIComponent(campaignId)}/honours.pdf`, { schema: pdfFileResponse, timeoutMs: 35_000 })
}

/**
 * Hands a downloaded file (the summary workbook, a certificate or list PDF) to the user. H5: a download from a data:
 * address. WeChat: written under the user data path and opened with wx.openDocument (its menu forwards, saves or
 * prints it).
 */
export async function saveSummaryFile(file: Pick<SummaryFile, 'fileName' | 'contentType' | 'base64'>): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const link = document.createElement('a')
    link.href = `data:${file.contentType};base64,${file.base64}`
    link.download = file.fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    return
  }
  // A heading may hold characters a file name cannot.
  const filePath = `${Taro.env.USER_DATA_PATH}/${file.fileName.replace(/[\\/:*?"<>|\s]+/g, '_')}`
  try {
    Taro.getFileSystemManager().writeFileSync(filePath, file.base64, 'base64')
  } catch (cause) {
    // A full user data path (10 MB per mini-program) says so.
    throw wechatError(cause, 'writeFile') ?? cause
  }
  try {
    await Taro.openDocument({ filePath, fileType: /\.pdf$/i.test(file.fileName) ? 'pdf' : 'xlsx', showMenu: true })
  } catch (cause) {
    const error = wechatError(cause, 'openDocument')
    if (error) throw error
  }
}

// ---- helpers -------------------------------------------------------------------------------------------------

/** An idempotency key for one filled-in form (no crypto.randomUUID in WeChat; it need not be secret, only unique). */
export function newRequestId(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/** Whether the chair may still change the application (a draft, or returned for changes). */
export const isEditable = (status: ApplicationStatus): boolean => status === 'draft' || status === 'returned'

/** "焦作市总工会评选表彰通知（2018年） 二、（一）" → "二、（一）": the article a reviewer cites, without the document. */
export function articleOf(citation: string): string {
  const at = citation.lastIndexOf(' ')
  return at >= 0 ? citation.slice(at + 1) : citation
}
