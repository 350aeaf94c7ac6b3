import type { RulesetInput } from '../../shared/rules/ruleset-schema';
import type { TitleCode } from '../../shared/rules/titles';
import acftu2020 from './acftu-2020';
import { citer, manual, noRepeat } from './build';
import { added, changed, following, looser, paired, same, stricter } from './follows';

/**
 * Qinhuangdao's implementing rules of 2023-11-27 (seed 001), derived from Hebei's 冀工办发〔2021〕23号.
 * The text has no document number, so citations name it by a short title.
 *
 * Hebei's rules are not in the seeds; the conditions are written as differences from 总工办发〔2020〕15号, which
 * Hebei's follow (follows.ts). The text has no revocation articles: every national ground is 未规定 here.
 */
const doc = '秦皇岛市选树管理实施办法（2023年）';
const cite = citer(doc);

const allTitles: TitleCode[] = ['modelHome', 'modelSmallHome', 'outstandingWorker'];

const rules = following(acftu2020, { level: 'city', titles: allTitles }, {
  conditions: [
    added({
      id: 'worker.yearsOfUnionWork',
      kind: 'threshold',
      titles: ['outstandingWorker'],
      group: 'scope',
      fact: 'yearsOfUnionWork',
      comparison: 'gte',
      threshold: 3,
      citation: cite('第四条', '第三款'),
      description: '从事工会工作三年以上',
    }),
    // 第四条 第五款: the national sentence, of the city's titles.
    ...allTitles.map((title) => same(`noRepeat.${title}`, cite('第四条', '第五款'), '先进集体和个人，一般不重复推荐')),
    // "已获得省以上称号的集体和个人，不再参评" does not say which 称号. Read as the same title at provincial level or above
    // (a 河北省模范职工之家 no longer competes for the city's): barring every provincial honour of any kind would be wider
    // than the sentence's neighbour (不重复推荐, the same title), and the system has no list of such honours. Another
    // provincial title is left to the reviewer; the reading is shown with the result.
    ...noRepeat('higherTitleHeld', allTitles, ['provincial', 'national'], cite('第四条', '第五款'), '已获得省以上称号的集体和个人，不再参评', 'hard').map((c) =>
      added({
        ...c,
        reading: '本系统理解：“已获得省以上称号”指已获得省级（含）以上的同一称号（如已是省级模范职工之家的，不再参评市级模范职工之家）；已获得其他省级以上称号的，条文未写明，本系统不据此拒绝，由审核人判断。',
      }),
    ),

    // 第五条 秦皇岛市模范职工之家
    same('home.politics', cite('第五条', '（一）'), '加强思想政治引领，学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神'),
    stricter(
      manual('home.organisation', ['modelHome'], cite('第五条', '（二）'), '工会组织体系健全，按期换届，依法进行工会法人资格登记，独立设立经费账户'),
      '还要求按期换届规范选举，人员按标准配备到位，并依法进行工会法人资格登记（全国为"具备条件的"取得法人资格）',
    ),
    looser(
      {
        id: 'home.membershipRate',
        kind: 'yearlyThreshold',
        titles: ['modelHome'],
        group: 'basic',
        fact: 'membershipRate',
        comparison: 'gte',
        threshold: 0.9,
        years: 1,
        citation: cite('第五条', '（二）'),
        description: '职工（含农民工、劳务派遣工）入会率达到90%以上',
      },
      '入会率达到 90% 以上即可，不要求近三年每年都达到',
    ),
    added({
      id: 'home.onlineUnion',
      kind: 'yearlyThreshold',
      titles: ['modelHome'],
      group: 'basic',
      fact: 'onlineUnionEnrolmentRate',
      comparison: 'gte',
      threshold: 1,
      years: 1,
      citation: cite('第五条', '（二）'),
      description: '建立网上工会，会员入驻率达到100%',
    }),
    added(manual('home.contribution', ['modelHome'], cite('第五条', '（三）'), '开展创新、创业、创优等建功立业活动')),
    paired(
      changed(
        manual('home.duties', ['modelHome'], cite('第五条', '（四）'), '指导签订劳动合同，开展集体协商，落实职代会制度，维权成效明显'),
        '与全国第六条（五）大体相同，另要求指导职工签订劳动合同、加强劳动保护和女职工特殊权益保护；未提厂务公开',
      ),
      'home.democracy',
    ),
    same('home.satisfaction', cite('第五条', '（五）'), '每年开展会员评家活动，近三年会员评家满意度在90%以上'),
    added(manual('home.services', ['modelHome'], cite('第五条', '（五）'), '大病医疗互助、法律援助、送温暖、心理健康服务等系列活动实现全覆盖')),
    same('home.dues', cite('第五条', '（六）'), '依法及时、足额上解工会经费，严格执行工会财务、经审制度'),
    added({
      id: 'home.townshipStandard',
      kind: 'manual',
      titles: ['modelHome'],
      group: 'basic',
      appliesWhen: { fact: 'orgKind', anyOf: ['township'], description: '乡镇（街道）、开发区（园区）工会' },
      citation: cite('第五条', '第二款'),
      description: '乡镇（街道）、开发区（园区）工会还应达到规范化建设优秀标准',
    }),

    // 第六条 秦皇岛市模范职工小家: no membership or satisfaction rate
    same('smallHome.politics', cite('第六条', '（一）'), '思想政治引领好'),
    stricter(
      manual('smallHome.organisation', ['modelSmallHome'], cite('第六条', '（二）'), '工会组织建设好，负责人由会员选举产生，参加网上工会活动'),
      '还要求有一支积极分子队伍，参加网上工会活动并上报活动信息',
    ),
    changed(
      manual('smallHome.democracy', ['modelSmallHome'], cite('第六条', '（三）'), '民主管理工作好，定期召开民主管理会议'),
      '写作民主参与、民主监督、民主公开制度健全，定期召开民主管理会议；未提集体协商',
    ),
    stricter(
      manual('smallHome.production', ['modelSmallHome'], cite('第六条', '（四）'), '建功立业效果好，严格执行安全生产和劳动保护制度'),
      '还要求严格执行安全生产和劳动保护制度，做好女职工特殊劳动保护',
    ),
    same('smallHome.facilities', cite('第六条', '（五）'), '活动阵地建设好，开展形式多样的文体活动'),

    // 第七条 秦皇岛市优秀工会工作者 (第四条 sets no rank for leading-body cadres)
    same('worker.politics', cite('第七条', '（一）'), '增强“四个意识”，坚定“四个自信”，做到“两个维护”'),
    same('worker.principles', cite('第七条', '（二）'), '模范执行会员代表大会等制度，所在单位劳动关系和谐稳定'),
    same('worker.service', cite('第七条', '（三）'), '竭诚服务职工，维护职工合法权益，受到职工广泛信赖'),
    same('worker.integrity', cite('第七条', '（四）'), '带头遵纪守法，保持廉洁自律，自觉接受监督'),
    same('worker.chairEvaluation', cite('第七条', '（四）')),

    // 第十五条: the members before every nomination, a step before submission (procedure-steps.ts); the text asks
    // for no 纪检监察 opinion.
    looser(
      {
        id: 'procedure.consultMembers',
        kind: 'manual',
        titles: allTitles,
        group: 'procedure',
        step: 'memberConsultation',
        citation: cite('第十五条'),
        description: '申报前通过会员大会或会员代表大会征求会员群众意见',
      },
      '未要求征求本单位党组织和纪检组织的意见',
    ),
  ],
});

export default {
  id: 'qinhuangdao-2023',
  name: '秦皇岛市（2023）',
  document: '秦皇岛市模范职工之家、秦皇岛市模范职工小家、秦皇岛市优秀工会工作者选树管理实施办法',
  citationDoc: doc,
  issuer: '秦皇岛市总工会',
  issuedOn: '2023-11-27',
  level: 'city',
  cycle: { kind: 'periodic', timesPerPeriod: 1, periodYears: 1, citation: cite('第十条'), description: '选树活动每年开展一次' },

  titles: [
    {
      title: 'modelHome',
      nominee: 'org',
      awardKind: 'award',
      citation: cite('第四条', '第一款'),
      description: '从各级基层工会委员会，区域性、行业性基层工会联合会（联合基层工会），乡镇（街道）、开发区（园区）、村（社区）工会中推荐',
    },
    {
      title: 'modelSmallHome',
      nominee: 'subOrg',
      awardKind: 'award',
      citation: cite('第四条', '第二款'),
      description: '从基层工会委员会下属的子公司（分公司）、分厂、车间（科室）、班组工会或工会小组中推荐',
    },
    {
      title: 'outstandingWorker',
      nominee: 'person',
      awardKind: 'award',
      citation: cite('第四条', '第三款'),
      description: '从各级工会从事工会工作三年以上的专兼职干部、社会化工会工作者中推荐',
    },
  ],

  conditions: rules.conditions,

  negativeLists: [
    {
      id: 'unitBar',
      scope: 'unit',
      titles: ['modelHome', 'modelSmallHome'],
      citation: cite('第八条'),
      description: '单位有下列情形之一的，该单位工会不得推荐秦皇岛市模范职工之家、模范职工小家',
      items: [
        { id: 'labourLawViolation', citation: cite('第八条', '（一）'), description: '存在未全员签订劳动合同、拖欠职工工资、不按规定缴纳社会保险费等违反劳动法律法规行为' },
        { id: 'safetyIncident', citation: cite('第八条', '（二）'), description: '近一年内发生一般、三年内发生重大安全生产责任事故，职业病危害严重，未办理“三同时”手续，重大安全隐患拒不整改' },
        { id: 'regulatoryViolation', citation: cite('第八条', '（三）'), description: '违反工商行政管理、质量、食品药品安全、税收、环保、会计、审计等法律法规并且情节严重' },
        { id: 'democraticManagementAbsent', citation: cite('第八条', '（四）'), description: '民主管理、集体协商、劳动争议调解等制度机制不落实' },
        { id: 'massIncident', citation: cite('第八条', '（五）'), description: '劳动争议案件多发，近三年内因违反法律法规引发职工群体性事件' },
        { id: 'duesArrears', citation: cite('第八条', '（六）'), description: '近三年内未依法及时足额拨缴工会经费' },
        { id: 'leaderUnderPenalty', citation: cite('第八条', '（七）'), description: '法定代表人或主要负责人有违法违纪行为受到处罚并在影响期内，或正在被执法执纪部门调查处理' },
      ],
    },
    {
      id: 'unionBar',
      scope: 'union',
      titles: ['outstandingWorker'],
      citation: cite('第九条'),
      description: '基层工会有下列情形之一的，工会干部不得申报推荐为秦皇岛市优秀工会工作者',
      items: [
        { id: 'unionDissolved', citation: cite('第九条', '（一）'), description: '工会组织和工作机构被随意撤销、合并或归属到党政部门' },
        { id: 'noReelection', citation: cite('第九条', '（二）'), description: '工会不依法按期换届选举，具备条件而不依法进行工会法人资格登记' },
        { id: 'duesAccountMissing', citation: cite('第九条', '（三）'), description: '不依法独立设立工会经费账户，或工会经费使用管理出现严重问题' },
        { id: 'congressAbsent', citation: cite('第九条', '（四）'), description: '不推动落实职工代表大会、厂务公开制度，不进行集体协商签订集体合同' },
      ],
    },
  ],

  // 第四条 第四款 (new-economy unions "may be favoured") states a preference, not a ratio: nothing to check.
  listRules: [],

  quotas: [
    {
      kind: 'fixedCounts',
      period: 'year',
      counts: { modelHome: 15, modelSmallHome: 15, outstandingWorker: 10 },
      citation: cite('第十一条'),
      description: '每年选树模范职工之家15个、模范职工小家15个、优秀工会工作者10名',
    },
    {
      kind: 'allocationBasis',
      citation: cite('第十二条'),
      description: '名额根据上一年度各县区、系统、产业、直属基层工会所辖工会组织、会员和专兼职工会干部数量适当平衡分配',
    },
    {
      kind: 'perCampaignNotice',
      citation: cite('第十四条'),
      description: '选树活动开始前，市总工会发布通知，就项目、对象、条件、程序、名额分配等作出部署',
    },
  ],
  recommenderCaps: [],

  publicity: [
    { level: 'unit', minWorkingDays: 5, where: '本单位', citation: cite('第十五条'), description: '推荐名单和事迹在本单位公示不少于五个工作日' },
  ],

  reviewChain: [
    { stage: 'apply', body: '基层工会', citation: cite('第十五条'), description: '按推荐评选条件申报，征求会员群众意见，在本单位公示' },
    {
      stage: 'review',
      body: '各县区总工会，市属各系统、产业工会，直属基层工会',
      citation: cite('第十六条'),
      description: '严格按照评选条件审核把关后，统一向市总工会报送',
    },
    { stage: 'review', body: '市总工会组织部（领导小组办公室）', citation: cite('第十七条'), description: '审核申报材料' },
    {
      stage: 'approve',
      body: '模范职工之家选树领导小组',
      citation: cite('第十三条'),
      description: '分管领导任组长，组织部、法律部、财务部、机关纪委等负责人组成，审议通过符合条件的集体和个人',
    },
    { stage: 'decide', body: '市总工会党组会议', citation: cite('第十七条'), description: '审定选树名单' },
  ],

  revocation: { grounds: [], procedure: [] },

  supervision: [
    { citation: cite('第十九条', '（一）'), description: '加强阵地管理，发挥阵地作用，不得挪作他用' },
    { citation: cite('第十九条', '（二）'), description: '健全管理档案，跟踪工会建设、劳动关系等情况，重大情况及时报告' },
    { citation: cite('第十九条', '（三）'), description: '宣传先进事迹，推广典型经验' },
    { citation: cite('第十九条', '（四）'), description: '关心优秀工会工作者和职工之家、小家工会主席，帮助解决困难' },
  ],

  rewards: [
    {
      titles: ['modelHome', 'modelSmallHome'],
      recipient: 'collective',
      citation: cite('第十八条'),
      description: '颁发奖牌，给予工作经费补助，用于阵地建设和工会活动，不得发放给个人',
    },
    { titles: ['outstandingWorker'], recipient: 'individual', citation: cite('第十八条'), description: '颁发证书，可参加市总工会组织的疗休养活动' },
  ],

  follows: rules.follows,
} satisfies RulesetInput;
