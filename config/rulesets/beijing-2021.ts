import type { RulesetInput } from '../../shared/rules/ruleset-schema';
import type { TitleCode } from '../../shared/rules/titles';
import acftu2020 from './acftu-2020';
import { citer, manual, type ConditionInput } from './build';
import { added, changed, following, looser, paired, same, stricter } from './follows';

/**
 * 京工发〔2021〕19号: Beijing's regulation, issued with the municipal HR bureau (seed 000). It is drawn up under
 * 总工办发〔2020〕15号 (第一条) and repeats much of it: its conditions and revocation grounds are written as
 * differences from acftu-2020 (follows.ts).
 */
const doc = '京工发〔2021〕19号';
const cite = citer(doc);

const homes: TitleCode[] = ['modelHome', 'modelSmallHome'];
const offered: TitleCode[] = [...homes, 'outstandingWorker'];

/** A yearly figure of 第六条 that the national text does not ask for (会员信息采集率, 12351 热线). */
const yearlyRate = (id: string, fact: Extract<ConditionInput, { kind: 'yearlyThreshold' }>['fact'], item: string, description: string): ConditionInput => ({
  id,
  kind: 'yearlyThreshold',
  titles: ['modelHome'],
  group: 'basic',
  fact,
  comparison: 'gte',
  threshold: 0.95,
  years: 1,
  citation: cite('第六条', item),
  description,
});

const rules = following(acftu2020, { level: 'provincial', titles: offered }, {
  conditions: [
    added(
      {
        id: 'home.notFederation',
        kind: 'attribute',
        titles: ['modelHome'],
        group: 'exclusion',
        fact: 'orgKind',
        noneOf: ['federation', 'township', 'industryUnion'],
        citation: cite('第五条', '第二款'),
        description: '各区和街乡镇总工会、各产业工会不参加评选',
      },
      '全国办法的评选范围含乡镇（街道）工会和县级以下区域（行业）工会联合会',
    ),

    // 第六条 北京市模范职工之家
    same('home.politics', cite('第六条', '（一）'), '政治方向正确，遵守法律法规，加强职工思想政治引领'),
    stricter(
      manual('home.organisation', ['modelHome'], cite('第六条', '（二）'), '单独设立工会工作机构，领导机构、工作机构健全，按期换届，配齐工会干部'),
      '还要求配齐配强工会主席、副主席和专（兼）职干部，工会委员会按期换届选举，为职工之家选配律师等专业人士',
    ),
    stricter(
      {
        id: 'home.membershipRate',
        kind: 'yearlyThreshold',
        titles: ['modelHome'],
        group: 'basic',
        fact: 'membershipRate',
        comparison: 'gte',
        threshold: 0.95,
        years: 3,
        citation: cite('第六条', '（二）'),
        description: '近三年职工（含农民工、劳务派遣工）入会率均在95%以上',
      },
      '入会率由近三年均在 90% 以上提高到 95% 以上',
    ),
    added(yearlyRate('home.memberInfoCollection', 'memberInfoCollectionRate', '（二）', '工会会员信息采集率达到95%以上')),
    added(
      manual('home.facilities', ['modelHome'], cite('第六条', '（三）'), '设立职工活动场所和服务设施，张贴12351热线及APP二维码，工会主席公布手机号码、电子邮箱'),
      '全国办法只对模范职工小家要求活动场所和服务设施',
    ),
    paired(
      stricter(
        manual('home.role', ['modelHome'], cite('第六条', '（四）'), '落实职代会、厂务公开、集体协商、劳动争议调解，做好困难职工帮扶和职工培训'),
        '在民主管理、厂务公开、集体协商、劳动争议调解之外，还要求履行帮扶困难职工"第一知情人""第一报告人""第一协调人"职责，提供职工培训',
      ),
      'home.democracy',
    ),
    same('home.satisfaction', cite('第六条', '（四）'), '近三年会员民主评议满意率达90%以上'),
    added(yearlyRate('home.hotlineOnTime', 'hotline12351OnTimeRate', '（四）', '12351职工服务热线派单系统工单按时接单办结率达95%以上')),
    added(yearlyRate('home.hotlineSatisfaction', 'hotline12351SatisfactionRate', '（四）', '12351职工服务热线派单系统工单职工满意率达95%以上')),
    paired(
      stricter(
        manual('home.mechanisms', ['modelHome'], cite('第六条', '（五）'), '会员代表大会、会务公开、会员评家、主席接待日等制度落实，独立设立经费账户并足额拨缴'),
        '把全国第六条（三）（四）合为一项，另要求单位领导进家、主席接待日制度，并把职工之家建设经费纳入年度预算',
      ),
      'home.dues',
      'home.systems',
    ),

    // 第七条 北京市模范职工小家
    same('smallHome.politics', cite('第七条', '（一）'), '政治方向正确，遵守法律法规，工会工作充满活力'),
    stricter(
      manual('smallHome.organisation', ['modelSmallHome'], cite('第七条', '（二）'), '依法选举工会主席或小组长，建立健全日常工作和活动制度'),
      '还要求建立健全各项日常工作和活动制度，各项基础工作扎实',
    ),
    same('smallHome.membershipRate', cite('第七条', '（二）')),
    paired(
      changed(
        manual('smallHome.role', ['modelSmallHome'], cite('第七条', '（三）'), '民主管理好，完成生产、工作任务好，活动场所和服务设施齐全'),
        '把全国第七条（三）（四）（五）合为一项；"服务活动丰富"写作"因地制宜地开展形式多样的群众性文体活动"',
      ),
      'smallHome.democracy',
      'smallHome.production',
      'smallHome.facilities',
    ),
    same('smallHome.satisfaction', cite('第七条', '（三）')),

    // 第五条 第四款, 第八条 北京市优秀工会工作者
    same('worker.cadreRank', cite('第五条', '第四款'), '工会领导机关干部须为处级（含）以下'),
    same('worker.politics', cite('第八条', '（一）'), '政治信仰坚定，践行社会主义核心价值观'),
    paired(
      stricter(manual('worker.results', ['outstandingWorker'], cite('第八条', '（二）'), '熟悉工会业务，尽职尽责，维护职工合法权益，受到职工广泛信赖'), '与全国第八条（三）相同，另要求熟悉工会业务'),
      'worker.service',
    ),
    paired(
      changed(manual('worker.conduct', ['outstandingWorker'], cite('第八条', '（三）'), '模范执行会员代表大会等制度，遵纪守法，廉洁自律'), '把全国第八条（二）（四）合为一项，内容相同'),
      'worker.principles',
      'worker.integrity',
    ),
    same('worker.chairEvaluation', cite('第八条', '（三）'), '推荐基层工会主席、副主席的，近三年工会会员代表大会测评等次均为满意'),

    // 第五条 第五款: the national sentence, of the city's titles ("或命名" falls away: Beijing names none)
    ...(['modelHome', 'modelSmallHome', 'outstandingWorker'] as const).map((title) => same(`noRepeat.${title}`, cite('第五条', '第五款'), '先进集体和个人，一般不重复评选表彰')),

    // 第十三条 推荐前征求意见: the members for every nomination; the departments the article names ("须") for organs,
    // institutions and their cadres, and for enterprises and their heads. Steps before submission (procedure-steps.ts).
    looser(
      {
        id: 'procedure.consultMembers',
        kind: 'manual',
        titles: offered,
        group: 'procedure',
        step: 'memberConsultation',
        citation: cite('第十三条'),
        description: '申报推荐集体和个人的，通过基层工会会员大会或会员代表大会征求会员群众意见',
      },
      '未要求征求本单位党组织和纪检组织的意见',
    ),
    paired(
      changed(
        {
          id: 'procedure.consultPersonnel',
          kind: 'manual',
          titles: offered,
          group: 'procedure',
          step: 'departmentConsultation',
          appliesWhen: { fact: 'isOrganOrInstitution', anyOf: [true], description: '机关事业单位和干部' },
          citation: cite('第十三条'),
          description: '推荐机关事业单位和干部的，按管理权限征求组织人事、纪检监察等部门意见',
        },
        '征求组织人事、纪检监察部门意见的，由党员领导干部或公职人员改为机关事业单位（集体和个人）',
      ),
      'procedure.consultDiscipline',
    ),
    added({
      id: 'procedure.consultRegulators',
      kind: 'manual',
      titles: offered,
      group: 'procedure',
      step: 'departmentConsultation',
      appliesWhen: { fact: 'orgKind', anyOf: ['enterprise'], description: '企业和企业负责人' },
      citation: cite('第十三条'),
      description: '推荐企业和企业负责人的，征求生态环境、人力资源社会保障、税务、市场监管、应急管理等部门意见',
    }),
  ],

  // 第二十条至第二十二条: the national 第二十三条至第二十五条, word for word, of Beijing's three titles.
  revocationGrounds: [
    same('revoke.home.fraud', cite('第二十条', '（一）')),
    same('revoke.home.dissolved', cite('第二十条', '（二）')),
    same('revoke.home.noReelection', cite('第二十条', '（三）')),
    same('revoke.home.dues', cite('第二十条', '（四）')),
    same('revoke.home.congress', cite('第二十条', '（五）')),
    same('revoke.home.safety', cite('第二十条', '（六）')),
    same('revoke.home.massIncident', cite('第二十条', '（七）')),
    same('revoke.home.wageArrears', cite('第二十条', '（八）')),
    same('revoke.home.dissatisfaction', cite('第二十条', '（九）')),
    same('revoke.home.other', cite('第二十条', '（十）')),

    same('revoke.person.fraud', cite('第二十一条', '（一）')),
    same('revoke.person.fault', cite('第二十一条', '（二）')),
    same('revoke.person.conduct', cite('第二十一条', '（三）')),
    same('revoke.person.sanction', cite('第二十一条', '（四）')),
    same('revoke.person.criminal', cite('第二十一条', '（五）')),
    same('revoke.person.other', cite('第二十一条', '（六）')),

    same('revoke.chair.grade', cite('第二十二条', '（一）')),
    same('revoke.chair.noReelection', cite('第二十二条', '（二）')),
    same('revoke.chair.dues', cite('第二十二条', '（三）')),
    same('revoke.chair.congress', cite('第二十二条', '（四）')),
    same('revoke.chair.dissatisfaction', cite('第二十二条', '（五）'), '工会会员代表大会评议职工之家不满意率连续两年超过50%'),
  ],
});

export default {
  id: 'beijing-2021',
  name: '北京市（2021）',
  document: '北京市模范职工之家、模范职工小家和优秀工会工作者评选表彰管理办法',
  citationDoc: doc,
  issuer: '北京市总工会、北京市人力资源和社会保障局',
  issuedOn: '2021-09-06',
  level: 'provincial',
  cycle: {
    kind: 'periodic',
    timesPerPeriod: 1,
    periodYears: 5,
    citation: cite('第十一条', '第一款'),
    description: '每5年开展一次',
  },

  titles: [
    {
      title: 'modelHome',
      nominee: 'org',
      awardKind: 'award',
      citation: cite('第五条', '第二款'),
      description: '从北京市范围内的基层工会委员会、区域性行业性工会联合会或联合工会中评选',
    },
    {
      title: 'modelSmallHome',
      nominee: 'subOrg',
      awardKind: 'award',
      citation: cite('第五条', '第三款'),
      description: '从基层工会委员会下属的子公司（分公司）、分厂、车间（科室）、班组工会或工会小组中评选',
    },
    {
      title: 'outstandingWorker',
      nominee: 'person',
      awardKind: 'award',
      citation: cite('第五条', '第四款'),
      description: '从基层工会专（兼）职干部、专职工会社会工作者、各级工会领导机关处级（含）以下干部中评选',
    },
  ],

  conditions: rules.conditions,

  negativeLists: [
    {
      id: 'unitBar',
      scope: 'unit',
      titles: homes,
      citation: cite('第九条'),
      description: '单位有下列情形之一的，该单位工会不得申报推荐为北京市模范职工之家、模范职工小家',
      items: [
        { id: 'labourLawViolation', citation: cite('第九条', '（一）'), description: '存在未全员签订劳动合同、拖欠职工工资、不按规定缴纳社会保险费等违反劳动法律法规行为' },
        { id: 'safetyIncident', citation: cite('第九条', '（二）'), description: '近一年内发生一般、三年内发生重大安全生产责任事故，职业病危害严重，能耗超标、环境污染严重，重大安全隐患拒不整改' },
        { id: 'massIncident', citation: cite('第九条', '（三）'), description: '劳动争议案件多发，近三年内因违反法律法规引发职工群体性事件' },
        { id: 'duesArrears', citation: cite('第九条', '（四）'), description: '近三年内未依法及时足额拨缴工会经费' },
        { id: 'democraticManagementAbsent', citation: cite('第九条', '（五）'), description: '民主管理、集体协商、劳动争议调解等制度机制不落实' },
        { id: 'underPenalty', citation: cite('第九条', '（六）'), description: '有违法违纪行为受到处罚并在影响期内，或正在被执法执纪部门调查处理' },
      ],
    },
    {
      id: 'unionBar',
      scope: 'union',
      titles: ['outstandingWorker'],
      citation: cite('第十条'),
      description: '基层工会有下列情形之一的，工会干部不得申报推荐为北京市优秀工会工作者',
      items: [
        { id: 'unionDissolved', citation: cite('第十条', '（一）'), description: '工会组织和工作机构被随意撤销、合并或归属到党政部门' },
        { id: 'noReelection', citation: cite('第十条', '（二）'), description: '工会不依法按期换届选举，具备条件而不依法进行工会法人资格登记' },
        { id: 'duesAccountMissing', citation: cite('第十条', '（三）'), description: '不依法独立设立工会经费账户，或工会经费使用管理出现严重问题' },
        { id: 'congressAbsent', citation: cite('第十条', '（四）'), description: '不推动落实职工代表大会、厂务公开制度，不进行集体协商签订集体合同' },
      ],
    },
  ],

  listRules: [
    {
      id: 'list.nonPublicShare',
      // "推荐的非公有制单位": units, so the collectives only; 第十八条 of the national text says 集体和个人.
      titles: homes,
      recommenders: ['districtFederation'],
      subject: '非公有制单位',
      matches: [{ fact: 'ownership', anyOf: ['nonPublic'] }],
      comparison: 'gte',
      threshold: 0.5,
      severity: 'advisory',
      citation: cite('第五条', '第一款'),
      description: '各区总工会推荐的非公有制单位一般不少于推荐总数的50%',
    },
    {
      id: 'list.organInstitutionUnions',
      titles: homes,
      recommenders: ['districtFederation', 'industryUnion'],
      subject: '机关、事业单位工会',
      matches: [{ fact: 'isOrganOrInstitution', anyOf: [true] }],
      comparison: 'lte',
      threshold: 0.2,
      severity: 'advisory',
      citation: cite('第五条', '第一款'),
      description: '各区总工会、各产业工会推荐的机关、事业单位工会一般不超过推荐集体总数的20%',
    },
    {
      id: 'list.organInstitutionCadres',
      titles: ['outstandingWorker'],
      recommenders: ['districtFederation', 'industryUnion'],
      subject: '机关、事业单位工会干部和工会领导机关干部',
      matches: [
        { fact: 'isOrganOrInstitution', anyOf: [true] },
        { fact: 'isLeadingBodyCadre', anyOf: [true] },
      ],
      comparison: 'lte',
      threshold: 0.2,
      severity: 'advisory',
      citation: cite('第五条', '第一款'),
      description: '机关、事业单位工会干部和工会领导机关干部一般不超过推荐个人总数的20%',
    },
    {
      id: 'list.workerWomen',
      titles: ['outstandingWorker'],
      recommenders: ['districtFederation'],
      subject: '女性',
      matches: [{ fact: 'gender', anyOf: ['female'] }],
      comparison: 'gt',
      threshold: 0,
      severity: 'advisory',
      citation: cite('第五条', '第四款'),
      description: '各区评选对象中女性占适当比例（无具体比例，名单中没有女性时提示）',
    },
  ],

  quotas: [
    {
      kind: 'perCampaignNotice',
      citation: cite('第十二条'),
      description: '评选表彰年度发布通知，就项目、对象、条件、程序、名额分配等作出具体要求',
    },
  ],
  recommenderCaps: [],

  publicity: [
    { level: 'unit', minWorkingDays: 5, where: '本单位', citation: cite('第十三条'), description: '推荐名单和事迹在本单位公示不少于5个工作日' },
    {
      level: 'final',
      minWorkingDays: 5,
      exact: true,
      where: '本系统',
      citation: cite('第十六条'),
      description: '领导小组审定的名单在本系统公示，为期5个工作日；根据公示结果最终确定表彰名单',
    },
  ],

  reviewChain: [
    { stage: 'apply', body: '基层工会', citation: cite('第十三条'), description: '自下而上、逐级推荐；征求会员群众意见和有关部门意见，在本单位公示' },
    { stage: 'review', body: '各区总工会、各产业工会', citation: cite('第十四条'), description: '听取各方面意见，审查通过后逐级上报' },
    { stage: 'review', body: '评选表彰工作领导小组办公室（设在市总工会职工服务工作部）', citation: cite('第十四条'), description: '对推荐材料进行初审' },
    { stage: 'review', body: '联合评审组（市总工会职工服务工作部牵头）', citation: cite('第十五条', '第一款'), description: '对推荐对象有关情况进行联审，办公室据此确定拟表彰名单' },
    { stage: 'approve', body: '市评选表彰工作领导小组', citation: cite('第十五条', '第一款'), description: '审定拟表彰名单' },
    { stage: 'publicise', body: '市评选表彰工作领导小组', citation: cite('第十六条'), description: '在本系统公示5个工作日，根据公示结果确定表彰名单' },
    { stage: 'decide', body: '北京市总工会、北京市人力资源和社会保障局', citation: cite('第十七条'), description: '公示无异议后联合签署并印发表彰决定' },
    { stage: 'award', body: '北京市总工会、北京市人力资源和社会保障局', citation: cite('第十八条'), description: '先进集体授予称号、颁发奖牌；先进个人授予称号、颁发荣誉证书' },
  ],
  disqualification: {
    noSubstitute: true,
    noReapplication: true,
    citation: cite('第十五条', '第二款'),
    description: '伪造材料或未按条件和程序推荐的，经查实后撤销评选资格，取消相应名额，不得递补或重报',
  },

  revocation: {
    grounds: rules.grounds,
    procedure: [
      { citation: cite('第二十三条'), description: '一般由原推荐单位逐级申请，经区总工会、产业工会同意后书面报告，核查属实报市总工会党组批准后撤销' },
      { citation: cite('第二十四条'), description: '查实具有第二十、二十一、二十二条情形的，市总工会党组也可直接决定撤销，并书面通报推荐单位' },
      { citation: cite('第二十五条'), description: '受表彰的基层工会所在单位破产、终止或撤销的，上一级工会及时收回证书和奖牌，并逐级上报' },
    ],
    routes: [
      {
        id: 'applied',
        label: '逐级申请',
        startsOn: ['request', 'reportFound', 'recheckFailed', 'automaticFlag'],
        needsGround: false,
        steps: [
          { id: 'apply', actor: 'recommendingUnit', action: 'apply', body: '原推荐单位', citation: cite('第二十三条'), description: '原推荐单位逐级申请撤销' },
          { id: 'agree', actor: 'agreeingFederation', action: 'agree', body: '所在区总工会、产业工会', citation: cite('第二十三条'), description: '同意后向北京市总工会职工服务工作部提出书面报告' },
          { id: 'verify', actor: 'awardingDepartment', action: 'verify', body: '北京市总工会职工服务工作部', citation: cite('第二十三条'), description: '核查；核查属实的，向市总工会党组提出书面请示' },
          { id: 'approve', actor: 'awardingLeadership', action: 'approve', body: '北京市总工会党组', citation: cite('第二十三条'), description: '审核批准后撤销称号，收回证书、奖牌' },
        ],
        decision: '撤销称号，收回证书、奖牌',
        informs: [],
        citation: cite('第二十三条'),
        description: '一般由原推荐单位逐级申请，经区总工会、产业工会同意后书面报告，核查属实、市总工会党组批准后撤销',
      },
      {
        id: 'direct',
        label: '直接决定',
        startsOn: ['reportFound', 'recheckFailed', 'automaticFlag'],
        needsGround: true,
        steps: [{ id: 'decide', actor: 'awardingLeadership', action: 'decide', body: '北京市总工会党组', citation: cite('第二十四条'), description: '对查实具有第二十、二十一、二十二条情形的，直接决定撤销' }],
        decision: '撤销称号，收回证书和奖牌',
        informs: ['recommendingUnit'],
        citation: cite('第二十四条'),
        description: '查实具有第二十、二十一、二十二条情形的，市总工会党组也可直接决定撤销，并书面通报推荐单位',
      },
    ],
  },

  supervision: [
    { citation: cite('第十九条', '（一）'), description: '完善评选管理机制，建立监督管理制度，落实激励政策' },
    { citation: cite('第十九条', '（二）'), description: '建立健全管理档案，跟踪工会建设、劳动关系等情况，重大情况及时报告' },
    { citation: cite('第十九条', '（三）'), description: '宣传先进事迹，推广典型经验' },
    { citation: cite('第十九条', '（四）'), description: '加强复查，复查不合格的按程序撤销称号' },
    { citation: cite('第十九条', '（五）'), description: '关心优秀工会工作者和职工之家、小家工会主席，维护其合法权益' },
    { citation: cite('第十九条', '（六）'), description: '接受群众举报，调查核实有关情况，提出处理意见' },
  ],

  rewards: [
    { titles: homes, recipient: 'collective', citation: cite('第十八条'), description: '授予称号，颁发奖牌' },
    { titles: ['outstandingWorker'], recipient: 'individual', citation: cite('第十八条'), description: '授予称号，颁发荣誉证书' },
    { titles: homes, recipient: 'collective', citation: cite('第二十六条', '第一款'), description: '各区总工会、各产业工会可对受表彰的先进集体进行工作经费补助' },
    { titles: ['outstandingWorker'], recipient: 'individual', citation: cite('第二十六条', '第一款'), description: '各区总工会、各产业工会不对受表彰的先进个人进行物质奖励或设置待遇' },
    {
      titles: ['modelHome', 'modelSmallHome', 'outstandingWorker'],
      recipient: 'all',
      citation: cite('第二十六条', '第二款'),
      description: '基层工会可对下属先进集体给予经费补助；经会员代表大会审议通过，也可对先进个人给予一定物质奖励',
    },
  ],

  follows: rules.follows,
} satisfies RulesetInput;
