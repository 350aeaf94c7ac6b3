import type { SeedArticle } from '../../../shared/rules/coverage';

/** The articles of Qinhuangdao's 2023 implementing rules (seed 001), for the coverage report. */
export const articles: SeedArticle[] = [
  { article: '第一条', checkable: false, gist: '制定目的和依据（冀工办发〔2021〕23号）' },
  { article: '第二条', checkable: false, gist: '总体要求' },
  { article: '第三条', checkable: false, gist: '选树工作原则' },
  { article: '第四条', checkable: true, gist: '选树范围；工会工作三年以上；一般不重复推荐；已获省以上称号不再参评' },
  { article: '第五条', checkable: true, gist: '模范职工之家条件：入会率≥90%、网上工会入驻率100%、评家满意度≥90%（近三年）' },
  { article: '第六条', checkable: true, gist: '模范职工小家条件' },
  { article: '第七条', checkable: true, gist: '优秀工会工作者条件：主席、副主席近三年测评均为满意' },
  { article: '第八条', checkable: true, gist: '单位负面清单（7项）' },
  { article: '第九条', checkable: true, gist: '基层工会负面清单（4项）' },
  { article: '第十条', checkable: true, gist: '每年开展一次' },
  { article: '第十一条', checkable: true, gist: '每年选树15个之家、15个小家、10名工作者' },
  { article: '第十二条', checkable: true, gist: '名额按上一年度组织、会员、干部数量平衡分配' },
  { article: '第十三条', checkable: true, gist: '选树领导小组，办公室设在组织部' },
  { article: '第十四条', checkable: true, gist: '发布通知，部署项目、条件、名额分配' },
  { article: '第十五条', checkable: true, gist: '申报前征求会员意见，本单位公示不少于五个工作日' },
  { article: '第十六条', checkable: true, gist: '县区、系统、产业、直属基层工会审核后报送' },
  { article: '第十七条', checkable: true, gist: '组织部审核，领导小组审议，党组会议审定' },
  { article: '第十八条', checkable: true, gist: '激励：集体奖牌和经费补助，个人证书和疗休养' },
  { article: '第十九条', checkable: true, gist: '管理服务：阵地、档案、宣传、关爱' },
  { article: '第二十条', checkable: false, gist: '解释权' },
  { article: '第二十一条', checkable: false, gist: '施行日期' },
];
