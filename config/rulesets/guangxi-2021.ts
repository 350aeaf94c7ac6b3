import type { RulesetInput } from '../../shared/rules/ruleset-schema';
import type { TitleCode } from '../../shared/rules/titles';
import acftu2020 from './acftu-2020';
import { citer } from './build';
import { changed, following, paired, same, stricter } from './follows';

/**
 * 桂工发〔2021〕8号: Guangxi's regulation (seed 003). Titles are "确认" (confirmed) rather than "评选".
 * The text numbers sections 六、（一）2., cited as article 六、（一） and item 2.
 *
 * It derives from 总工办发〔2020〕15号 (一、) and says nearly all of it again, one level down: its conditions and
 * revocation grounds are written as differences from acftu-2020 (follows.ts). It has no "一般不重复" sentence.
 */
const doc = '桂工发〔2021〕8号';
const cite = citer(doc);

const homes: TitleCode[] = ['modelHome', 'modelSmallHome'];
const people: TitleCode[] = ['outstandingWorker', 'activist', 'friend'];
const allTitles: TitleCode[] = [...homes, ...people];
/** 七、（一）: 在换届之年确认中，可同时开展全区优秀工会积极分子、全区优秀工会之友的确认. */
const congressChangeYearOnly = {
  kind: 'congressChangeYear' as const,
  congress: '工会自治区代表大会',
  citation: cite('七、（一）'),
  description: '仅在工会自治区代表大会换届之年的确认中开展',
};

const rules = following(acftu2020, { level: 'provincial', titles: allTitles }, {
  conditions: [
    // 六、（一） 全区模范职工之家: "一般应从各市总工会、自治区各产业（系统）工会…选树的先进职工之家中产生", the level below
    paired(same('home.fromCity', cite('六、（一）'), '一般应从各市总工会、自治区各产业（系统）工会选树的先进职工之家中产生'), 'home.fromProvincial'),
    same('home.politics', cite('六、（一）', '1.')),
    same('home.organisation', cite('六、（一）', '2.'), '工会组织机构单独设立，机构健全，具备条件的依法取得工会法人资格'),
    same('home.membershipRate', cite('六、（一）', '2.'), '近三年职工（含农民工、劳务派遣工）入会率均在90％以上'),
    same('home.dues', cite('六、（一）', '3.'), '依法独立设立工会经费账户，及时足额拨缴工会经费'),
    same('home.systems', cite('六、（一）', '4.'), '会员（代表）大会、民主选举、会务公开、会员评议等制度落实到位'),
    same('home.democracy', cite('六、（一）', '5.'), '落实职工（代表）大会、厂务公开、集体协商和劳动争议调解，劳动关系和谐稳定'),
    same('home.satisfaction', cite('六、（一）', '6.'), '近三年工会会员（代表）大会评议满意率均在90％以上'),

    // 六、（二） 全区模范职工小家
    paired(same('smallHome.fromCity', cite('六、（二）'), '一般应从各市总工会、自治区各产业（系统）工会选树的先进职工小家中产生'), 'smallHome.fromProvincial'),
    same('smallHome.politics', cite('六、（二）', '1.'), '贯彻习近平新时代中国特色社会主义思想，工会工作充满活力'),
    same('smallHome.organisation', cite('六、（二）', '2.')),
    same('smallHome.membershipRate', cite('六、（二）', '2.'), '近三年职工（含农民工、劳务派遣工）入会率均在90％以上'),
    same('smallHome.democracy', cite('六、（二）', '3.')),
    same('smallHome.production', cite('六、（二）', '4.')),
    same('smallHome.facilities', cite('六、（二）', '5.'), '职工小家阵地建设好，活动场所和服务设施齐全'),
    same('smallHome.satisfaction', cite('六、（二）', '5.'), '近三年工会会员（代表）大会评议满意率均在90％以上'),

    // 五、（三）, 六、（三） 全区优秀工会工作者
    same('worker.cadreRank', cite('五、（三）'), '工会领导机关干部须为处级（含）以下'),
    paired(same('worker.fromCity', cite('六、（三）'), '一般应从各市总工会、自治区各产业（系统）工会确认的优秀工会工作者中产生'), 'worker.fromProvincial'),
    same('worker.politics', cite('六、（三）', '1.')),
    same('worker.principles', cite('六、（三）', '2.'), '模范执行会员（代表）大会等制度，所在单位劳动关系和谐稳定'),
    same('worker.service', cite('六、（三）', '3.')),
    same('worker.integrity', cite('六、（三）', '4.')),
    same('worker.chairEvaluation', cite('六、（三）', '4.'), '基层工会主席、副主席近三年的工会会员（代表）大会测评等次均为满意'),

    // 五、（四）, 六、（四） 全区优秀工会积极分子
    same('activist.scope', cite('五、（四）')),
    same('activist.politics', cite('六、（四）', '1.')),
    same('activist.dedication', cite('六、（四）', '2.')),
    same('activist.participation', cite('六、（四）', '3.'), '积极参加工会活动，参与落实会员（代表）大会等制度'),
    same('activist.integrity', cite('六、（四）', '4.')),

    // 五、（五）, 六、（五） 全区优秀工会之友: 处级 where the national text says 厅局级
    stricter(
      {
        id: 'friend.cadreRank',
        kind: 'attribute',
        titles: ['friend'],
        group: 'scope',
        fact: 'cadreLevel',
        noneOf: ['bureau', 'provincialOrAbove'],
        citation: cite('五、（五）'),
        description: '处级（含）以下党政领导干部，或企业、事业单位、社会团体和其他组织党政负责人',
      },
      '党政领导干部由厅局级以下收紧为处级（含）以下',
    ),
    same('friend.politics', cite('六、（五）', '1.')),
    same('friend.people', cite('六、（五）', '2.')),
    same('friend.support', cite('六、（五）', '3.'), '遵守《工会法》和劳动法律法规，重视支持工会工作'),
    same('friend.integrity', cite('六、（五）', '4.')),

    // 七、（三） 申报前的程序, as 总工办发〔2020〕15号 第十六条: 第一款 the members for every nomination, 第二款 纪检监察 for a
    // 党员领导干部 or 公职人员; steps before submission (procedure-steps.ts).
    same('procedure.consultMembers', cite('七、（三）', '第一款'), '申报集体和个人的，通过会员大会或会员代表大会征求会员群众意见；本单位有党组织和纪检组织的，征求其意见'),
    same('procedure.consultDiscipline', cite('七、（三）', '第二款')),
  ],

  revocationGrounds: [
    // 八、（二） 全区模范职工之家、小家
    changed({ id: 'revoke.home.fraud', subject: 'collective', titles: homes, citation: cite('八、（二）', '1.'), description: '弄虚作假，申报材料与事实相差较大' }, '"骗取荣誉"写作"申报材料与事实相差较大"'),
    stricter(
      { id: 'revoke.home.dissolved', subject: 'collective', titles: homes, citation: cite('八、（二）', '2.'), description: '工会组织和工作机构被撤销、合并或归属到其他部门' },
      '不限于"随意"撤销、合并，归属到其他部门（全国为党政部门）即可撤销',
    ),
    same('revoke.home.noReelection', cite('八、（二）', '3.')),
    same('revoke.home.dues', cite('八、（二）', '4.')),
    same('revoke.home.congress', cite('八、（二）', '5.'), '不推动落实职工（代表）大会、厂务公开制度，不进行集体协商签订集体合同'),
    same('revoke.home.safety', cite('八、（二）', '6.')),
    same('revoke.home.massIncident', cite('八、（二）', '7.')),
    same('revoke.home.wageArrears', cite('八、（二）', '8.')),
    same('revoke.home.dissatisfaction', cite('八、（二）', '9.'), '工会会员（代表）大会评议不满意率连续两年超过50％'),
    same('revoke.home.other', cite('八、（二）', '10.')),

    // 八、（三） 全区优秀工会工作者、积极分子、之友
    changed({ id: 'revoke.person.fraud', subject: 'individual', titles: people, citation: cite('八、（三）', '1.'), description: '弄虚作假，申报材料与事实相差较大' }, '"骗取荣誉"写作"申报材料与事实相差较大"'),
    same('revoke.person.fault', cite('八、（三）', '2.')),
    stricter(
      { id: 'revoke.person.conduct', subject: 'individual', titles: people, citation: cite('八、（三）', '3.'), description: '道德败坏、腐化堕落等不良行为，造成较大社会负面影响' },
      '造成"较大社会负面影响"即可撤销（全国为"恶劣社会影响"）',
    ),
    same('revoke.person.sanction', cite('八、（三）', '4.')),
    same('revoke.person.criminal', cite('八、（三）', '5.')),
    same('revoke.person.other', cite('八、（三）', '6.')),

    // 八、（四） 基层工会主席、副主席
    same('revoke.chair.grade', cite('八、（四）', '1.'), '不履行职责或履行职责不到位，会员（代表）大会测评等次连续两年为不满意，或被依法罢免'),
    same('revoke.chair.noReelection', cite('八、（四）', '2.')),
    same('revoke.chair.dues', cite('八、（四）', '3.')),
    same('revoke.chair.congress', cite('八、（四）', '4.'), '不推动落实职工（代表）大会、厂务公开制度，不进行集体协商签订集体合同'),
    same('revoke.chair.dissatisfaction', cite('八、（四）', '5.'), '工会会员（代表）大会评议本级工会工作不满意率连续两年超过50％'),
  ],
});

export default {
  id: 'guangxi-2021',
  name: '广西壮族自治区（2021）',
  document: '广西壮族自治区总工会关于全区模范职工之家、全区模范职工小家创建活动和全区优秀工会工作者确认办法',
  citationDoc: doc,
  issuer: '广西壮族自治区总工会',
  issuedOn: '2021-03-16',
  level: 'provincial',
  cycle: {
    kind: 'periodic',
    timesPerPeriod: 2,
    periodYears: 5,
    citation: cite('七、（一）'),
    description: '集中确认每五年开展两次：自治区代表大会届中一次，换届之年一次',
  },

  titles: [
    {
      title: 'modelHome',
      nominee: 'org',
      awardKind: 'confirmation',
      citation: cite('五、（一）'),
      description: '从基层工会，乡镇（街道）、开发区（工业园区）、村（社区）工会，县级以下区域（行业）工会联合会中选树确认',
    },
    {
      title: 'modelSmallHome',
      nominee: 'subOrg',
      awardKind: 'confirmation',
      citation: cite('五、（二）'),
      description: '从基层工会下属的子公司（分公司）、分厂、车间（科室）、班组工会或工会小组中选树确认',
    },
    {
      title: 'outstandingWorker',
      nominee: 'person',
      awardKind: 'confirmation',
      citation: cite('五、（三）'),
      description: '从基层工会专兼职干部、专职社会化工会工作者、各级工会领导机关处级以下干部中确认',
    },
    {
      title: 'activist',
      nominee: 'person',
      awardKind: 'confirmation',
      citation: cite('五、（四）'),
      description: '从不脱离生产、工作岗位，热心从事工会工作的基层工会骨干会员和兼职工会干部中确认',
      availability: congressChangeYearOnly,
    },
    {
      title: 'friend',
      nominee: 'person',
      awardKind: 'confirmation',
      citation: cite('五、（五）'),
      description: '从关心支持工会工作的处级以下党政领导干部及企业、事业单位、社会团体和其他组织党政负责人中确认',
      availability: congressChangeYearOnly,
    },
  ],

  conditions: rules.conditions,

  negativeLists: [
    {
      id: 'unitBar',
      scope: 'unit',
      titles: homes,
      citation: cite('六、（六）'),
      description: '单位有下列情形之一的，该单位工会不得被确认为全区模范职工之家、全区模范职工小家',
      items: [
        { id: 'labourLawViolation', citation: cite('六、（六）', '1.'), description: '存在未全员签订劳动合同、拖欠职工工资、不按规定缴纳社会保险费等违反劳动法律法规行为' },
        { id: 'safetyIncident', citation: cite('六、（六）', '2.'), description: '近一年内发生一般、三年内发生重大安全生产责任事故，职业病危害严重，能耗超标、环境污染严重，重大安全隐患拒不整改' },
        { id: 'massIncident', citation: cite('六、（六）', '3.'), description: '劳动争议案件多发，近三年内因违反法律法规引发职工群体性事件' },
        { id: 'duesArrears', citation: cite('六、（六）', '4.'), description: '近三年内未依法及时足额拨缴工会经费' },
        { id: 'democraticManagementAbsent', citation: cite('六、（六）', '5.'), description: '民主管理、集体协商、劳动争议调解等制度机制不落实' },
        { id: 'underPenalty', citation: cite('六、（六）', '6.'), description: '有违法违纪行为受到处罚并在影响期内，或正在被执法执纪部门调查处理' },
      ],
    },
    {
      id: 'unionBar',
      scope: 'union',
      titles: ['outstandingWorker'],
      citation: cite('六、（七）'),
      description: '基层工会有下列情形之一的，工会干部不得被确认为全区优秀工会工作者',
      items: [
        { id: 'unionDissolved', citation: cite('六、（七）', '1.'), description: '工会组织和工作机构被随意撤销、合并或归属到其他部门' },
        { id: 'noReelection', citation: cite('六、（七）', '2.'), description: '工会不依法按期换届选举，具备条件而不依法进行工会法人资格登记' },
        { id: 'duesAccountMissing', citation: cite('六、（七）', '3.'), description: '不依法独立设立工会经费账户，或工会经费使用管理出现严重问题' },
        { id: 'congressAbsent', citation: cite('六、（七）', '4.'), description: '不推动落实职工（代表）大会、厂务公开制度，不进行集体协商签订集体合同' },
      ],
    },
  ],

  listRules: [
    {
      id: 'list.nonPublicShare',
      titles: allTitles,
      recommenders: ['cityFederation'],
      subject: '来自非公有制单位的推荐对象',
      matches: [{ fact: 'ownership', anyOf: ['nonPublic'] }],
      comparison: 'gte',
      threshold: 0.5,
      severity: 'advisory',
      citation: cite('七、（五）'),
      description: '各市总工会推荐申报的集体和个人中，来自非公有制单位的一般应不少于推荐总数的50％',
    },
    {
      id: 'list.activistFrontLine',
      titles: ['activist'],
      subject: '一线会员',
      matches: [{ fact: 'isFrontLine', anyOf: [true] }],
      comparison: 'gte',
      threshold: 0.6,
      citation: cite('五、（四）'),
      description: '全区优秀工会积极分子中一线会员数量不低于60％',
    },
    {
      id: 'list.activistWomen',
      titles: ['activist'],
      subject: '女性',
      matches: [{ fact: 'gender', anyOf: ['female'] }],
      comparison: 'gt',
      threshold: 0,
      severity: 'advisory',
      citation: cite('五、（四）'),
      description: '女性占适当比例（无具体比例，名单中没有女性时提示）',
    },
  ],

  quotas: [
    {
      kind: 'perCampaignNotice',
      citation: cite('七、（二）'),
      description: '创建活动年度由自治区总工会发布推荐通知，规定项目、对象、条件、程序和名额分配',
    },
  ],
  recommenderCaps: [],

  publicity: [
    { level: 'unit', minWorkingDays: 5, where: '本单位', citation: cite('七、（三）'), description: '申报名单和事迹在本单位公示不少于五个工作日' },
    {
      level: 'recommending',
      minWorkingDays: 5,
      where: '同级报刊或网络媒体',
      citation: cite('七、（四）'),
      description: '推荐申报名单经领导班子集体研究确定后，在同级报刊或网络媒体公示不少于五个工作日',
    },
    {
      level: 'final',
      minWorkingDays: 5,
      where: '自治区总工会门户网站、桂工网',
      citation: cite('七、（七）'),
      description: '拟确认名单在自治区总工会门户网站、桂工网公示不少于五个工作日；根据公示结果确定认定名单',
    },
  ],

  reviewChain: [
    { stage: 'apply', body: '基层工会', citation: cite('七、（三）'), description: '按创建条件推荐申报，征求会员群众和党组织、纪检组织意见，在本单位公示' },
    { stage: 'review', body: '各市总工会、自治区各产业（系统）工会', citation: cite('七、（四）'), description: '审核把关，领导班子集体研究确定名单，公示后向自治区总工会推荐申报' },
    { stage: 'review', body: '确认审核工作小组办公室（设在自治区总工会基层工作部）', citation: cite('七、（六）'), description: '对推荐申报材料进行初步审核，提出建议名单' },
    { stage: 'review', body: '确认审核工作小组', citation: cite('七、（六）'), description: '集体研究审核并提出意见' },
    { stage: 'approve', body: '自治区总工会主席办公会议、党组会', citation: cite('七、（六）'), description: '研究决定拟确认名单' },
    { stage: 'publicise', body: '自治区总工会', citation: cite('七、（七）'), description: '公示后根据公示结果最终确定认定名单' },
    { stage: 'award', body: '自治区总工会', citation: cite('七、（八）'), description: '印发通报，颁发牌匾、证书' },
  ],
  disqualification: {
    noSubstitute: true,
    noReapplication: true,
    citation: cite('七、（六）'),
    description: '伪造材料或未按条件和程序推荐的，经查实后撤销被推荐资格，取消相应名额，不得递补或重报',
  },

  revocation: {
    grounds: rules.grounds,
    procedure: [
      { citation: cite('八、（五）'), description: '一般由原推荐单位逐级申请，经市总工会或产业（系统）工会同意后书面报告；基层工作部核查，主席办公会和党组会研究通过后撤销' },
      { citation: cite('八、（五）'), description: '举报人直接向自治区总工会举报的，也可由自治区总工会直接核查，核查属实的直接撤销，并书面通报推荐单位' },
      { citation: cite('八、（六）'), description: '所确认的基层工会所在单位破产、终止或撤销的，上一级工会及时收回证书和牌匾，并逐级上报' },
    ],
    routes: [
      {
        id: 'applied',
        label: '逐级申请',
        startsOn: ['request', 'reportFound', 'recheckFailed', 'automaticFlag'],
        needsGround: false,
        steps: [
          { id: 'apply', actor: 'recommendingUnit', action: 'apply', body: '原推荐单位', citation: cite('八、（五）', '第一款'), description: '原推荐单位逐级申请撤销' },
          { id: 'agree', actor: 'agreeingFederation', action: 'agree', body: '所在市总工会、自治区各产业（系统）工会', citation: cite('八、（五）', '第一款'), description: '同意后向自治区总工会提出书面报告' },
          { id: 'verify', actor: 'awardingDepartment', action: 'verify', body: '自治区总工会基层工作部', citation: cite('八、（五）', '第二款'), description: '核查；核查属实的，提请主席办公会和党组会研究' },
          { id: 'approve', actor: 'awardingLeadership', action: 'approve', body: '自治区总工会主席办公会和党组会', citation: cite('八、（五）', '第二款'), description: '研究通过后撤销相关资格，收回证书或牌匾' },
        ],
        decision: '撤销相关资格，收回证书或牌匾',
        informs: [],
        citation: cite('八、（五）', '第一款'),
        description: '一般由原推荐单位逐级申请，经市总工会或产业（系统）工会同意后书面报告；基层工作部核查，主席办公会和党组会研究通过后撤销',
      },
      {
        id: 'direct',
        label: '直接核查',
        // Only a report made directly to the autonomous region's federation (举报人直接向自治区总工会举报的).
        startsOn: ['reportFound'],
        needsGround: true,
        reportMadeTo: 'awardingBody',
        steps: [
          { id: 'verify', actor: 'awardingDepartment', action: 'verify', body: '自治区总工会', citation: cite('八、（五）', '第三款'), description: '举报人直接向自治区总工会举报的，由自治区总工会直接核查' },
          { id: 'decide', actor: 'awardingLeadership', action: 'decide', body: '自治区总工会主席办公会议和党组会议', citation: cite('八、（五）', '第三款'), description: '核查属实的，集体研究作出决定，直接撤销' },
        ],
        decision: '撤销其资格，收回证书和牌匾',
        informs: ['recommendingUnit'],
        citation: cite('八、（五）', '第三款'),
        description: '举报人直接向自治区总工会举报的，也可由自治区总工会直接核查，核查属实的直接撤销，并书面通报推荐单位',
      },
    ],
  },

  supervision: [
    { citation: cite('八、（一）', '1.'), description: '完善选树管理机制，建立监督管理制度，落实激励政策' },
    { citation: cite('八、（一）', '2.'), description: '建立健全管理档案，跟踪工会建设、劳动关系等情况，重大情况及时报告' },
    { citation: cite('八、（一）', '3.'), description: '宣传先进事迹，推广典型经验' },
    { citation: cite('八、（一）', '4.'), description: '上级工会加强复查，复查不合格的按程序予以撤销' },
    { citation: cite('八、（一）', '5.'), description: '关心获确认者的思想、工作和生活，维护其合法权益' },
    { citation: cite('八、（一）', '6.'), description: '接受群众监督，接到举报要调查核实，提出处理意见' },
  ],

  rewards: [
    { titles: homes, recipient: 'collective', citation: cite('八、（七）'), description: '县级以上地方工会、自治区各产业（系统）工会可给予工作经费补助，但不得发放奖金' },
    { titles: people, recipient: 'individual', citation: cite('八、（七）'), description: '只给予通报表扬，不发放奖金、不给予其他形式的经济待遇' },
    { titles: ['modelSmallHome'], recipient: 'collective', citation: cite('八、（七）'), description: '基层工会可对被确认为模范职工小家的下属工会给予适当工作经费补助，不得发放奖金' },
  ],

  follows: rules.follows,
} satisfies RulesetInput;
