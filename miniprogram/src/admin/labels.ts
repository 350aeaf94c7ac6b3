import type { AuditAction, AuditEvent } from '@shared/audit/audit-event'
import { roleLabels } from '@shared/domain/org'

/**
 * Every action of the audit trail in Chinese: a new action in shared/audit/audit-event.ts is a type error here until
 * it has its label. (Labels ahead of their action are allowed, so capabilities can land in either order.)
 */
export const auditActionLabels: Record<AuditAction, string> & Record<string, string> = {
  'ballot.opened': '评家投票开启',
  'ballot.sealed': '投票结果封存',
  'ballot.annulled': '撤销评议',
  'campaign.published': '发布评选活动',
  'publicity.opened': '发布公示',
  'publicity.closed': '公示期结束',
  'publicity.entryAdded': '公示名单增补',
  'publicity.extended': '公示期顺延',
  'calendar.arrangementSaved': '载入节假日安排',
  'report.filed': '收到举报',
  'report.assigned': '受理举报',
  'report.messaged': '核查人员留言',
  'application.submitted': '提交申报',
  'application.returned': '申报退回修改',
  'application.passed': '申报审核通过',
  'application.rejected': '申报未予通过',
  'application.disqualified': '取消申报资格',
  'evidence.attached': '上传证明材料',
  'evidence.removed': '删除证明材料',
  'report.identityRead': '查阅举报人身份',
  'identity.requested': '申请查看举报人身份',
  'identity.approved': '批准查看举报人身份',
  'identity.refused': '不批准查看举报人身份',
  'identity.opened': '查看举报人身份（经审批）',
  'report.finding': '举报核查结论',
  'honour.awarded': '授予荣誉称号',
  'honour.revocationOpened': '启动撤销程序',
  'honour.revocationStep': '办理撤销程序的一步',
  'honour.revoked': '撤销荣誉称号',
  'honour.revocationRefused': '撤销程序终止（称号保留）',
  'honour.rechecked': '复查荣誉称号',
  'honour.imported': '补录历史荣誉档案',
  'honour.recoveryOpened': '开启收回证书任务',
  'honour.recovered': '收回证书和奖牌',
  'org.created': '新建工会组织',
  'org.updated': '修改组织信息',
  'org.moved': '调整隶属关系',
  'org.closed': '标记单位破产、终止或撤销',
  'role.granted': '授予角色',
  'role.revoked': '撤销角色',
  'roster.exported': '导出会员名册',
  'roster.imported': '导入会员名册',
  'member.added': '添加会员',
  'member.removed': '会员退会',
  'member.corrected': '会员更正本人信息',
  'invitation.issued': '发放入会邀请码',
  'invitation.revoked': '停用入会邀请码',
  'member.bound': '会员绑定微信',
}

const subjectTypeLabels: Record<string, string> = {
  application: '申报',
  evidence: '证明材料',
  ballot: '评家投票',
  appraisal: '评议',
  report: '举报',
  honour: '荣誉称号',
  honourRegister: '荣誉档案',
  org: '工会组织',
  member: '会员',
  roster: '会员名册',
  invitation: '入会邀请码',
}

/** "申报 · a-123"; a subject type not named here shows as it is. */
export function subjectText(event: Pick<AuditEvent, 'subjectType' | 'subjectId'>): string {
  return `${subjectTypeLabels[event.subjectType] ?? event.subjectType} · ${event.subjectId}`
}

/** "审核人 · staff-dist-jiefang" */
export function actorText(actor: AuditEvent['actor']): string {
  const role = actor.role === 'system' ? '系统' : roleLabels[actor.role]
  return actor.role === 'system' ? role : `${role} · ${actor.memberId}`
}
