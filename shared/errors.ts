// Stable error codes with their fixed Chinese messages. HTTP statuses live in functions/http/error-table.ts;
// the mini-program shows `message` as it is.
export const errorMessages = {
  'REQUEST.INVALID': '请求内容有误',
  'REQUEST.NOT_FOUND': '请求的接口不存在',
  'AUTH.REQUIRED': '请先登录',
  'AUTH.TOKEN_INVALID': '登录已过期，请重新登录',
  'AUTH.WECHAT_CODE_INVALID': '微信登录凭证无效或已使用，请重新登录',
  'AUTH.WECHAT_BUSY': '微信服务繁忙，请稍后再试',
  'AUTH.WECHAT_RATE_LIMITED': '登录过于频繁，请一分钟后再试',
  'AUTH.WECHAT_USER_BLOCKED': '该微信账号存在风险，暂时无法登录',
  'AUTH.WECHAT_UNAVAILABLE': '暂时无法连接微信服务，请稍后再试',
  'AUTH.DEMO_DISABLED': '演示登录仅在本地环境开放',
  'AUTH.DEMO_IDENTITY_UNKNOWN': '没有这个演示身份',
  'MEMBER.NOT_FOUND': '未找到会员信息',
  'SCOPE.FORBIDDEN': '您无权访问该组织的数据',
  'ORG.NOT_FOUND': '未找到该工会组织',
  'ORG.ALREADY_EXISTS': '该组织编号（orgId）已被使用',
  'ORG.LEVEL_MISMATCH': '组织层级（level）与上下级不符：下级组织的层级应低于上级组织',
  'ORG.MOVE_INTO_OWN_SUBTREE': '不能把组织移到它自己或它的下级组织之下',
  'ORG.MOVE_IN_PROGRESS': '该组织或其上级组织正在迁移，请稍后再试',
  'ORG.CHANGED_MEANWHILE': '组织信息已被他人修改，请刷新后再试',
  'ORG.NO_PROFILE': '只有基层工会有工会档案',
  'ROLE.NOT_FOR_LEVEL': '该角色（role）不能授予这一层级的组织',
  'ROLE.MEMBER_OUTSIDE': '该会员（memberId）不在此组织的会员名册中',
  'ROLE.ALREADY_GRANTED': '该会员已担任此角色',
  'ROLE.NOT_FOUND': '该会员未担任此角色',
  'ROLE.SELF_REVOKE': '不能撤销自己的角色，请由上级组织者撤销',
  'PROFILE.CHANGED_MEANWHILE': '工会档案已被他人修改，请刷新后再改',
  'AUDIT.FORBIDDEN': '只有组织者可以查看审计记录',
  'AUDIT.OUT_OF_SCOPE': '该审计记录不在您的管辖范围内',
  'AUDIT.BUSY': '该事项正被同时处理，请稍后再试',
  'JOIN.INVITATION_INVALID': '邀请码无效或已停用，请向本单位工会主席索取新的邀请码',
  'JOIN.NO_MATCH': '姓名与工号/手机号后四位不匹配，请核对后重试',
  'JOIN.TOO_MANY_ATTEMPTS': '核对失败次数过多，请稍后再试',
  'JOIN.ENTRY_TAKEN': '该会员信息已被其他微信账号绑定。如非本人操作，请联系本单位工会主席',
  'JOIN.ALREADY_BOUND': '您的微信账号已绑定会员信息，无需重复加入',
  'JOIN.MEMBER_LEFT': '名册显示您已离会，无法通过邀请码加入；如有疑问请联系本单位工会主席',
  'JOIN.AMBIGUOUS': '名册中有不止一位会员与所填信息相符，请改用工号核对，或联系本单位工会主席',
  'JOIN.QR_BUSY': '微信暂时无法生成小程序码，请稍后再试',
  'JOIN.QR_UNAVAILABLE': '微信拒绝生成小程序码，请联系管理员检查小程序配置',
  'ROSTER.NOT_GRASSROOTS': '只有基层工会设有会员名册',
  'ROSTER.FILE_TOO_LARGE': '文件超过 4 MB，请拆分后分批导入',
  'ROSTER.FILE_UNREADABLE': '无法读取该文件：请上传用导入模板填写的 .xlsx 或 .csv 文件',
  'ROSTER.FILE_INVALID': '名册文件的格式不正确，请使用导入模板',
  'ROSTER.FILE_EMPTY': '文件中没有会员数据',
  'ROSTER.IMPORT_NOT_FOUND': '未找到该导入记录，可能已过期，请重新上传文件',
  'ROSTER.IMPORT_HAS_ERRORS': '名册中还有错误，请按提示修改后重新上传',
  'ROSTER.IMPORT_EXPIRED': '预览已超过有效期，请重新上传文件',
  'ROSTER.MEMBER_NOT_FOUND': '名册中没有这名会员',
  'ROSTER.MEMBER_EXISTS': '名册中已有这名会员',
  'ROSTER.MEMBER_LEFT': '这名会员已退会',
  'ROSTER.BUSY': '名册正被同时修改，请稍后再试',
  'APPRAISAL.NOT_FOUND': '未找到该评议',
  'APPRAISAL.NOT_ELIGIBLE': '您不在本次评议的投票人名单中；名单以发起时的会员名册为准，如有疑问请联系本单位工会主席',
  'APPRAISAL.NOT_OPEN': '投票尚未开始，请在开始时间后再来',
  'APPRAISAL.CLOSED': '投票已截止，不能再投票',
  'APPRAISAL.ALREADY_VOTED': '您已投票',
  'APPRAISAL.NOT_SEALED': '评议结果尚未封存：投票截止后由系统自动封存，封存后才公布结果',
  'APPRAISAL.NOT_CLOSED': '投票截止后才能核验回执',
  'APPRAISAL.EMPTY_ELECTORATE': '投票人名单为空：名册中没有符合条件的在册会员（或会员代表）',
  'APPRAISAL.NOT_A_UNION': '只能为基层工会或其下属分工会、工会小组发起评议',
  'APPRAISAL.NO_CANDIDATES': '本工会没有登记主席、副主席，无法发起主席测评',
  'APPRAISAL.ALREADY_HELD': '本组织本年度已有一次正式的同类评议，不能再发起；如确需重新评议，须由上级工会组织者撤销前一次并写明理由',
  'APPRAISAL.UNION_BALLOT_ONLY': '主席测评只能由基层工会面向全体会员发起；分工会、工会小组不能测评基层工会的主席、副主席',
  'APPRAISAL.ELECTORATE_TOO_SMALL': '投票人数过少，无记名投票的选择可能被推断出来，不能发起评议',
  'APPRAISAL.REQUEST_REUSED': '该请求编号（requestId）已用于另一次发起，请刷新页面后重新填写',
  'APPRAISAL.ANNULLED': '该评议已被上级工会撤销，不再接受投票',
  'APPRAISAL.ALREADY_ANNULLED': '该评议已被撤销，不能再次撤销',
  'APPRAISAL.ANNUL_FORBIDDEN': '只有上级工会的组织者可以撤销评议',
  'PUBLICITY.NOT_FOUND': '未找到该公示',
  'PUBLICITY.ENTRY_NOT_FOUND': '公示名单中没有这一条',
  'PUBLICITY.MEMBERS_ONLY': '本单位公示仅向本单位会员公开，请登录后查看',
  'PUBLICITY.CLOSED': '公示已结束，不能再修改名单',
  'PUBLICITY.NO_SUBSTITUTE': '名单中有被取消资格的对象，其名额予以取消，不得递补',
  'PUBLICITY.NOMINEE_DISQUALIFIED': '该对象已被取消资格，不得再次申报',
  'PUBLICITY.NOT_OPEN': '公示尚未开始',
  'REPORT.RATE_LIMITED': '提交过于频繁，请稍后再试',
  'REPORT.NOT_FOUND': '没有与该回执码对应的举报，请核对回执码',
  'REPORT.UNKNOWN_CATEGORY': '请从列表中选择举报类别（category）',
  'REPORT.ALREADY_DECIDED': '该举报已有核查结论，不能再次认定',
  'REPORT.FORBIDDEN': '只有所属工会联合会的核查人员可以处理该举报',
  'CAMPAIGN.NOT_FOUND': '未找到该评选活动',
  'CAMPAIGN.CLOSED': '申报已截止',
  'CAMPAIGN.PUBLICITY_PENDING': '公示尚未结束，暂不能进行下一步',
  'CAMPAIGN.NO_FINAL_PUBLICITY': '该评选办法没有规定终审公示',
  'CAMPAIGN.NOTHING_TO_PUBLISH': '没有可公示的推荐对象：请等待推荐单位上报名单',
  'APPLICATION.NOT_FOUND': '未找到该申报',
  'APPLICATION.CHANGED_MEANWHILE': '该申报已被他人处理或修改，请刷新后再试',
  'APPLICATION.INELIGIBLE': '申报条件不符合，暂不能提交',
  'APPLICATION.STEP_MISSING': '评选办法要求的程序尚未完成，暂不能提交',
  'APPLICATION.NOT_EDITABLE': '该申报已提交，不能修改；退回修改后才能编辑',
  'APPLICATION.WRONG_STATE': '该申报当前状态不能进行此操作',
  'APPLICATION.NOMINEE_DISQUALIFIED': '该对象已被取消资格，不得再次申报',
  'APPLICATION.NOT_IN_CAMPAIGN': '本次评选活动未设该称号，或申报单位不在推荐范围内',
  'EVIDENCE.TOO_MANY': '每份申报最多上传 20 个证明材料，请先删除不需要的文件',
  'EVIDENCE.NOT_UPLOADED': '文件尚未上传成功，请重新上传',
  'EVIDENCE.NOT_FOUND': '未找到该证明材料，可能已被删除',
  'LIST.BREACH': '推荐名单不符合名额或比例要求，不能上报',
  'LIST.ALREADY_SUBMITTED': '该推荐名单已上报',
  'CALENDAR.YEAR_MISSING': '日期超出本系统可推算工作日的年份范围',
  'CALENDAR.OPERATOR_ONLY': '只有平台运维人员可以维护节假日安排',
  'CALENDAR.VERSION_CONFLICT': '该年度节假日安排已被他人修改，请刷新后重试',
  'INTERNAL': '系统繁忙，请稍后再试',
  'PUBLICITY.NOMINEE_UNDER_REPORT': '该对象在本年度同一称号的公示中有尚未核查完毕或经核查属实的举报，不得另行公示',
  'PUBLICITY.CHANGED_MEANWHILE': '公示名单已被他人同时修改，请刷新后重试',
  'REPORT.CHANGED_MEANWHILE': '该举报已被他人同时处理，请刷新后重试',
  'AUTH.SESSION_ENDED': '您已不在该工会的会员名册中，原登录已失效，请重新登录',
  'APPLICATION.DIRECTORY_FACT': '单位类型、所有制性质、被推荐对象类型和工会职务以工会组织目录和会员名册为准，不能在申报中填写',
  'APPLICATION.NOMINEE_MISMATCH': '被推荐对象的类型或层级与该称号的评选范围不符',
  'APPLICATION.NOT_YOUR_LEVEL': '该申报正由下级工会审核，上级工会只能查看或退回该级重新审核，不能代为决定',
  'ROLE.MEMBER_LEFT': '该会员已退会，不能授予角色',
  'ROSTER.CHANGED_MEANWHILE': '这名会员的信息或角色正被他人同时修改，请刷新后再试',
  'LIST.NOT_OWN_UNIT': '推荐名单须由推荐单位本级的审核人员审核后上报，上级工会不能代为上报',
  'LIST.TOO_LARGE': '推荐名单超过一次上报的上限',
} as const;

export type ErrorCode = keyof typeof errorMessages;

/** One failing field: `path` as the client sent it, `message` in Chinese naming the field. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode, options: { message?: string; details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(options.message ?? errorMessages[code], { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details ?? [];
  }
}

/** REQUEST.INVALID for one field found wrong after parsing (e.g. against stored data), named as parseInput names it. */
export function fieldError(path: string, message: string): DomainError {
  return new DomainError('REQUEST.INVALID', { message: `${errorMessages['REQUEST.INVALID']}：${message}`, details: [{ path, message }] });
}
