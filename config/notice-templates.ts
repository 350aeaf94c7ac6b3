/**
 * Every notice the product sends, in one place: the in-app text (Chinese), the page it opens, and the WeChat
 * subscribe-message template it may also go out as. `{name}` in text is replaced by the notice's params.
 * WeChat template ids are per mini-program and per stage: the local ids are registered in the WeChat stand-in;
 * prod ids are filled in from the mini-program's 订阅消息 console (empty → inbox only).
 */
import type { TemplateFieldType } from '../shared/notify/template-values';

export interface NoticeTemplate {
  title: string;
  body: string;
  /** The mini-program page to open, without a leading slash; `{param}` allowed in its query. */
  page: string;
  /** When the user may be asked to subscribe to it (wx.requestSubscribeMessage), if ever. */
  moment?: 'afterApplicationSubmitted' | 'afterReportFiled' | 'afterBallotOpened' | 'reviewerWork';
  /** Why the user would want it, shown before asking. */
  purpose?: string;
  wechat?: {
    templateIds: { local: string; prod: string };
    /** Template keyword → its type (WeChat's limits depend on it) and the param (or literal text) that fills it. */
    fields: Record<string, { type: TemplateFieldType; param?: string; text?: string }>;
  };
}

export const noticeTemplates = {
  'work.waiting': {
    title: '有待处理的工作',
    body: '{what}等待您处理。',
    page: 'pages/inbox/index',
    moment: 'reviewerWork',
    purpose: '有申报等待您审核时提醒您',
    wechat: {
      templateIds: { local: 'local-work-waiting', prod: '' },
      fields: { thing1: { type: 'thing', param: 'what' }, time2: { type: 'time', param: 'since' } },
    },
  },
  'work.reminder': {
    title: '待办提醒',
    body: '{what}已等待 {days} 个工作日，请尽快处理。',
    page: 'pages/inbox/index',
    moment: 'reviewerWork',
    purpose: '待办超过期限时提醒您',
    wechat: {
      templateIds: { local: 'local-work-reminder', prod: '' },
      fields: { thing1: { type: 'thing', param: 'what' }, number2: { type: 'number', param: 'days' } },
    },
  },
  'role.granted': {
    title: '您获得了新的角色',
    body: '您已被授予「{org}」的{role}角色。',
    page: 'pages/me/index',
  },
  'application.statusChanged': {
    title: '申报进展',
    body: '「{title}」申报{status}。{comment}',
    page: 'pages/inbox/index',
    moment: 'afterApplicationSubmitted',
    purpose: '申报被退回、通过或有结果时通知您',
    wechat: {
      templateIds: { local: 'local-application-status', prod: '' },
      fields: { thing1: { type: 'thing', param: 'title' }, phrase2: { type: 'phrase', param: 'status' }, thing3: { type: 'thing', param: 'comment' } },
    },
  },
  'report.statusChanged': {
    title: '举报处理进展',
    body: '您提交的举报有了新进展：{status}。请凭回执码查看。',
    page: 'pages/inbox/index',
    moment: 'afterReportFiled',
    purpose: '举报有处理进展时通知您（不会透露您的身份）',
    wechat: {
      templateIds: { local: 'local-report-status', prod: '' },
      fields: { phrase1: { type: 'phrase', param: 'status' }, thing2: { type: 'thing', text: '请在小程序中凭回执码查看' } },
    },
  },
  'campaign.published': {
    title: '评选申报已开始',
    body: '「{heading}」开始申报：{titles}。申报截止日期为{deadline}，请在「申报」中填报。',
    page: 'chair/pages/applications/index',
  },
  'appraisal.opened': {
    title: '请参加{kind}',
    body: '「{title}」{opens}开始，{closes}截止。无记名投票，您的选择不会与您的身份关联。',
    page: 'pages/vote/index?appraisalId={appraisalId}',
    moment: 'afterBallotOpened',
    purpose: '有新的评议或表决需要您投票时提醒您',
    wechat: {
      templateIds: { local: 'local-appraisal-opened', prod: '' },
      fields: { thing1: { type: 'thing', param: 'title' }, time2: { type: 'time', param: 'closes' } },
    },
  },
  'appraisal.thresholdBroken': {
    title: '评议结果未达标',
    body: '{org}「{title}」已封存：{explanation}。',
    page: 'pages/appraisal-result/index?appraisalId={appraisalId}',
    moment: 'reviewerWork',
    purpose: '所辖工会的评议结果未达到评选办法要求时通知您',
    wechat: {
      templateIds: { local: 'local-appraisal-threshold', prod: '' },
      fields: { thing1: { type: 'thing', param: 'org' }, thing2: { type: 'thing', param: 'explanation' } },
    },
  },
  'honour.recheckFailed': {
    title: '荣誉复查未通过',
    body: '{holder}的「{title}」{year} 年度复查：{outcome}。{reasons}',
    page: 'admin/pages/honours/index?no={certificateNo}',
    moment: 'reviewerWork',
    purpose: '所辖单位的荣誉称号复查未通过或触发撤销情形时通知您',
  },
  'honour.revocationWaiting': {
    title: '撤销案件待您办理',
    body: '{holder}的「{title}」撤销案件（{route}）等待{body}办理：{step}。',
    page: 'admin/pages/revocation/index?caseId={caseId}',
    moment: 'reviewerWork',
    purpose: '撤销荣誉称号的程序进行到您所在单位时通知您',
  },
  'honour.revocationProgress': {
    title: '荣誉称号撤销程序进展',
    body: '{holder}的「{title}」撤销案件：{progress}',
    page: 'admin/pages/revocation/index?caseId={caseId}',
  },
  'publicity.extended': {
    title: '公示期顺延',
    body: '「{heading}」按{basis}重新计算，公示期由{oldEnd}顺延至{newEnd}期满。',
    page: 'pages/publicity/index?publicityId={publicityId}',
    moment: 'reviewerWork',
    purpose: '公示截止时间因节假日安排变化而顺延时通知您',
  },
  'publicity.closed': {
    title: '公示期结束',
    body: '「{heading}」公示期已结束，{held} 个对象因举报待核查，其余已公示无异议。',
    page: 'pages/inbox/index',
    moment: 'reviewerWork',
    purpose: '公示期结束时通知您继续审核',
  },
  'honour.recoveryOpened': {
    title: '请收回证书和奖牌',
    body: '{holder}的「{title}」{reason}，请按{citation}及时收回证书和奖牌，并逐级上报。',
    page: 'admin/pages/recovery-task/index?taskId={taskId}',
    moment: 'reviewerWork',
    purpose: '所辖单位的荣誉证书和奖牌需要收回时通知您',
  },
  'honour.recoveryReported': {
    title: '证书和奖牌已收回',
    body: '{body}报告：{holder}的「{title}」{items}已于 {on} 收回（{reason}，{citation}）。',
    page: 'admin/pages/recovery-task/index?taskId={taskId}',
    moment: 'reviewerWork',
    purpose: '下级工会收回荣誉证书和奖牌后逐级上报时通知您',
  },
  'report.filed': {
    title: '收到新的举报',
    body: '「{heading}」中的「{nominee}」收到一件{kind}，请及时核查。',
    page: 'review/pages/reports/index',
    moment: 'reviewerWork',
    purpose: '有新的举报需要核查时通知您',
  },
  // Four-eyes identity access (issue 15): in-app only — the custodian is asked, the requester hears the decision.
  'identity.requested': {
    title: '身份查看申请待审批',
    body: '{requester}申请查看「{nominee}」一件举报的举报人身份，请审批。',
    page: 'review/pages/identity-requests/index',
  },
  'identity.decided': {
    title: '身份查看申请已审批',
    body: '您对「{nominee}」一件举报的身份查看申请{decision}。',
    page: 'review/pages/report-detail/index?reportId={reportId}',
  },
  'report.outcome': {
    title: '公示对象核查结果',
    body: '「{heading}」中的「{nominee}」经核查：{outcome}。{consequence}',
    page: 'pages/inbox/index',
  },
} as const satisfies Record<string, NoticeTemplate>;

export type NoticeTemplateKey = keyof typeof noticeTemplates;

export function noticeTemplate(key: string): NoticeTemplate | undefined {
  return (noticeTemplates as Record<string, NoticeTemplate>)[key];
}

/** Fills `{name}` placeholders; a missing param becomes empty text rather than a raw placeholder. */
export function fillText(text: string, params: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? '');
}
