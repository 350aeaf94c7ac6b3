/**
 * What the 隐私保护指引 says (pages/privacy): each privacy API the mini-program calls — what WeChat's list says it
 * handles, what it does here, how long what reaches the server is kept and who sees it — and the data that reaches
 * the server without one. No Taro here: test/weapp/privacy-guide.test.ts reads it beside the weapp build.
 */

/** The guide's edition: a person who agreed to an older one is asked again (H5; WeChat tracks its own). */
export const privacyGuideEdition = '2026-12-07'

/** H5 only: where the browser keeps the edition the person agreed to (WeChat keeps its own record). */
export const privacyAgreedStorageKey = 'zhijia.privacy-agreed'

export interface PrivacyUse {
  /** The WeChat API, as WeChat's list of privacy APIs names it. */
  api: string
  /** What the person is about to do, as the pop-up names it (「选择照片需要使用你的个人信息」). */
  action: string
  /** What WeChat's list says the API handles (「隐私接口与对应的处理的信息」). */
  info: string
  /** What it does in this mini-program, and what of it reaches our server. */
  purpose: string
  /** How long what reaches the server is kept. */
  kept: string
  /** Who can see it. */
  seenBy: string
}

/** Every privacy API this mini-program calls, with what the guide says about it. */
export const privacyUses = {
  chooseMedia: {
    api: 'wx.chooseMedia',
    action: '选择照片',
    info: '你选中的照片或视频信息',
    purpose: '举报或补充举报时选择证据照片；申报时上传佐证材料的照片。只有你选中的照片会上传；举报照片在任何人查看之前由服务器去除拍摄地点、时间等元数据。',
    kept: '随举报或申报一并保存在该次评选的档案中。',
    seenBy: '举报照片：受理举报的核查人员；申报材料：本单位工会主席和逐级审核人员。',
  },
  chooseMessageFile: {
    api: 'wx.chooseMessageFile',
    action: '选择文件',
    info: '你选中的文件',
    purpose: '工会主席从聊天记录中选择会员名册（.xlsx / .csv）导入，或选择申报佐证材料、历史荣誉档案文件。',
    kept: '名册文件读取一次后立即删除（从未读取的文件 1 天后自动删除）；名册中的手机号和身份证号加密保存、只显示遮挡后的号码。申报材料随申报保存在该次评选的档案中。',
    seenBy: '名册：本会主席、副主席及上级审核、组织人员；申报材料：本单位工会主席和逐级审核人员。',
  },
  setClipboardData: {
    api: 'wx.setClipboardData',
    action: '复制',
    info: '剪切板（写入）',
    purpose: '把投票回执码或举报查询码复制到剪切板，方便你自行保存。我们不读取你的剪切板。',
    kept: '回执码只向你显示一次；服务器只保存用于查验的散列值（举报查询码另有一份加密封存）。',
    seenBy: '只有你自己。',
  },
  saveImageToPhotosAlbum: {
    api: 'wx.saveImageToPhotosAlbum',
    action: '保存到相册',
    info: '相册（仅写入）权限',
    purpose: '工会主席把入会邀请码图片保存到手机相册，转发给职工。',
    kept: '图片只保存在你的手机上。',
    seenBy: '只有你和你转发的人。',
  },
} as const satisfies Record<string, PrivacyUse>

export type PrivacyApi = keyof typeof privacyUses

/** What reaches the server without any privacy API: said in the guide beside the APIs (pages/privacy). */
export const otherData: readonly { what: string; why: string; kept: string; seenBy: string }[] = [
  {
    what: '微信登录标识（openid）',
    why: '通过 wx.login 识别你的账号、关联你的会员身份；不获取昵称、头像或手机号。',
    kept: '账号存续期间；登录凭证 12 小时后失效。',
    seenBy: '系统自动使用，工作人员看不到。',
  },
  {
    what: '会员名册信息（姓名、工号、手机号、身份证号、入会日期）',
    why: '由所在工会主席导入或登记，用于会员身份、入会率统计和评议资格。',
    kept: '离会后仍保留在名册历史中，用于往年的入会率统计；手机号、身份证号加密保存，只显示遮挡后的号码。',
    seenBy: '本会主席、副主席及上级工会的审核、组织人员。',
  },
  {
    what: '投票（会员评家、主席测评、大会表决）',
    why: '统计评议结果。',
    kept: '选票与投票人分开保存，不记录谁投了什么、何时投的；封存后的合计结果随评议档案保存。',
    seenBy: '任何人（包括管理员）都看不到你投了什么，只能看到合计结果。',
  },
  {
    what: '举报内容和联系方式（自愿填写）',
    why: '核查公示期间的举报；若你希望收到进度，联系方式加密封存。',
    kept: '随举报保存，直到核查结束并归档。',
    seenBy: '受理举报的核查人员可以看到举报内容；联系方式只有经批准的身份查询流程才能打开，且留痕。',
  },
  {
    what: '订阅消息授权',
    why: '你同意后，在投票开始、审核进度变化时向你发送微信通知。',
    kept: '每次授权只用于一条通知。',
    seenBy: '系统自动使用。',
  },
]
