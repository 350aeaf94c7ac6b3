import type { QuotaTable } from '../../shared/rules/quota-table';
import type { RulesetInput } from '../../shared/rules/ruleset-schema';
import type { TitleCode } from '../../shared/rules/titles';
import acftu2020 from './acftu-2020';
import { citer, manual, noRepeat } from './build';
import { added, changed, following, looser, paired, same, stricter } from './follows';

/**
 * Jiaozuo's campaign notice of 2018-10-09 (seed 004): one campaign, with its quota table (附件 表彰名额分配表).
 * The notice has no document number, so citations name it by a short title; sections are numbered 二、（一）1.
 */
const doc = '焦作市总工会评选表彰通知（2018年）';
const cite = citer(doc);

const redFlagTitles: TitleCode[] = ['redFlagHome', 'redFlagSmallHome', 'exemplarWorker', 'exemplarFriend'];
const baseTitles: TitleCode[] = ['modelHome', 'modelSmallHome', 'outstandingWorker', 'activist', 'friend'];
const allTitles: TitleCode[] = [...baseTitles, ...redFlagTitles];

/**
 * 表彰名额分配表, as printed. Note the printed 合计 of 模范职工小家 is 80 while the units' quotas add up to 78;
 * both are kept as printed (the 80 also matches 一、（一）2.), and the quota CSV reader reports the mismatch.
 */
export const jiaozuoQuotaTable: QuotaTable = {
  titles: allTitles,
  units: [
    { unit: '沁阳市', quotas: { modelHome: 3, modelSmallHome: 4, outstandingWorker: 5, activist: 8, friend: 5, redFlagHome: 3, redFlagSmallHome: 8, exemplarWorker: 3, exemplarFriend: 3 } },
    { unit: '孟州市', quotas: { modelHome: 3, modelSmallHome: 4, outstandingWorker: 5, activist: 8, friend: 5 } },
    { unit: '温县', quotas: { modelHome: 2, modelSmallHome: 3, outstandingWorker: 4, activist: 6, friend: 4 } },
    { unit: '武陟县', quotas: { modelHome: 2, modelSmallHome: 3, outstandingWorker: 4, activist: 6, friend: 4 } },
    { unit: '博爱县', quotas: { modelHome: 2, modelSmallHome: 3, outstandingWorker: 4, activist: 6, friend: 4 } },
    { unit: '修武县', quotas: { modelHome: 2, modelSmallHome: 3, outstandingWorker: 4, activist: 6, friend: 4 } },
    { unit: '解放区', quotas: { modelHome: 1, modelSmallHome: 2, outstandingWorker: 2, activist: 4, friend: 2 } },
    { unit: '山阳区', quotas: { modelHome: 1, modelSmallHome: 2, outstandingWorker: 2, activist: 4, friend: 2 } },
    { unit: '马村区', quotas: { modelHome: 1, modelSmallHome: 2, outstandingWorker: 2, activist: 4, friend: 2 } },
    { unit: '中站区', quotas: { modelHome: 1, modelSmallHome: 2, outstandingWorker: 2, activist: 4, friend: 2 } },
    { unit: '财贸工会系统', quotas: { modelHome: 2, modelSmallHome: 3, outstandingWorker: 5, activist: 6, friend: 5, redFlagHome: 2, redFlagSmallHome: 1, exemplarWorker: 2, exemplarFriend: 2 } },
    { unit: '教育工会系统', quotas: { modelHome: 2, modelSmallHome: 3, outstandingWorker: 5, activist: 6, friend: 5, redFlagSmallHome: 1 } },
    { unit: '焦煤集团系统', quotas: { modelHome: 2, modelSmallHome: 4, outstandingWorker: 6, activist: 6, friend: 6, redFlagSmallHome: 2 } },
    { unit: '市直', quotas: { modelHome: 10, modelSmallHome: 35, outstandingWorker: 45, activist: 70, friend: 45, redFlagHome: 3, redFlagSmallHome: 6, exemplarWorker: 3, exemplarFriend: 3 } },
    { unit: '其它', quotas: { modelHome: 6, modelSmallHome: 5, outstandingWorker: 5, activist: 6, friend: 5, redFlagHome: 2, redFlagSmallHome: 2, exemplarWorker: 2, exemplarFriend: 2 } },
  ],
  totals: { modelHome: 40, modelSmallHome: 80, outstandingWorker: 100, activist: 150, friend: 100, redFlagHome: 10, redFlagSmallHome: 20, exemplarWorker: 10, exemplarFriend: 10 },
};

/**
 * 四、（一） "各申报单位可分别申报推荐…候选单位各1个…候选个人1名" contradicts the notice's own 附件: read as one per
 * recommending unit, 沁阳市 could not use its 3 红旗职工之家 and 8 红旗职工小家 places. Held per applying unit (the union
 * that files) and advisory: a breach is shown and the list goes up with the sender's reason, never refused.
 */
const perApplicant = (id: string, title: TitleCode, label: string) => ({
  id,
  titles: [title],
  max: 1,
  per: 'applyingUnit' as const,
  severity: 'advisory' as const,
  citation: cite('四、（一）'),
  description: `各申报单位可申报推荐${label}候选 1 个（名）`,
  reading:
    '本系统理解：“各申报单位”指提出申报的基层工会，每类候选各 1 个（名）；若按每个推荐单位限 1 个，则与附件名额分配表矛盾（沁阳市分配红旗职工之家 3 个、红旗职工小家 8 个），故只作提示，说明理由后可以上报。',
});

/**
 * The notice rests on 总工发〔2010〕29号, not on the 2020 regulation, but its conditions are compared with
 * 总工办发〔2020〕15号 like the others' (follows.ts). It has no revocation articles: every national ground is
 * 未规定 here.
 */
const rules = following(acftu2020, { level: 'city', titles: allTitles }, {
  conditions: [
    // 二、 general
    added(manual('general.merit', allTitles, cite('二、'), '工作成绩突出、效果明显、制度健全')),
    ...noRepeat('noRepeat', baseTitles, ['city'], cite('二、'), '此前表彰的不重复参加同一档次荣誉称号的评选', 'hard').map((c) =>
      stricter(c, '全国为"一般不重复评选表彰或命名"；焦作为不重复参加同一档次荣誉称号的评选，没有"一般"'),
    ),

    // 二、（一） 焦作市模范职工之家: "原则上须具有县市区一级模范职工之家称号", the national "一般从省级…产生" one level down
    paired(same('home.countyTitle', cite('二、（一）'), '原则上须具有县市区一级模范职工之家称号'), 'home.fromProvincial'),
    added({
      id: 'home.largeGroupTitledUnits',
      kind: 'threshold',
      titles: ['modelHome'],
      group: 'prerequisite',
      fact: 'titledSecondLevelUnitShare',
      comparison: 'gte',
      threshold: 0.6,
      appliesWhen: { fact: 'isVeryLargeGroup', anyOf: [true], description: '特大型企业集团工会' },
      citation: cite('二、（一）'),
      description: '特大型企业集团工会申报的，其二级单位中获得市级以上模范职工之家称号的需达到60%以上',
    }),
    changed(
      manual('home.organisation', ['modelHome'], cite('二、（一）', '1.'), '组织健全，按时换届，单独设置工会工作机构，依法选举工会主席'),
      '还要求按时换届选举、依法民主选举工会主席（副主席）、工作人员按标准配备到位；未提取得法人资格',
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
        citation: cite('二、（一）', '1.'),
        description: '职工（含农民工、劳务派遣工）入会率达到90%以上',
      },
      '入会率达到 90% 以上即可，不要求近三年每年都达到',
    ),
    added(manual('home.economy', ['modelHome'], cite('二、（一）', '2.'), '开展创先争优建功立业活动，促进经济社会发展')),
    paired(
      changed(
        manual('home.rights', ['modelHome'], cite('二、（一）', '3.'), '建立民主管理、集体协商和集体合同制度，无群体性事件、无生产事故'),
        '与全国第六条（五）大体相同，另要求指导职工签订劳动合同，无群体性事件、无生产事故；未提厂务公开',
      ),
      'home.democracy',
    ),
    paired(
      changed(
        manual('home.workforce', ['modelHome'], cite('二、（一）', '4.'), '发挥“大学校”作用，加强职工思想政治工作和职工文化建设'),
        '写作发挥工会"大学校"作用，加强职工思想政治工作和职工文化建设，用社会主义核心价值观引领职工群众',
      ),
      'home.politics',
    ),
    added(manual('home.service', ['modelHome'], cite('二、（一）', '5.'), '倾听职工呼声，为职工办实事、做好事、解难事')),
    paired(
      changed(
        manual('home.selfBuilding', ['modelHome'], cite('二、（一）', '6.'), '实施“双亮”，会员实名制管理到位，单独工会财务账号，经费拨缴到位'),
        '把经费账户与拨缴（全国第六条（三））和民主制度（（四））合为一项，另要求实施"双亮"、会员实名制管理',
      ),
      'home.dues',
      'home.systems',
    ),
    paired(
      changed(
        {
          id: 'home.congressBallot',
          kind: 'threshold',
          titles: ['modelHome'],
          group: 'procedure',
          fact: 'congressYesShare',
          comparison: 'gte',
          threshold: 0.85,
          citation: cite('三、（三）'),
          description: '须经会员（代表）大会无记名投票决定，同意票率达不到85%的不能申报',
        },
        '全国：申报推荐集体和个人的，通过会员（代表）大会征求会员群众意见；焦作：申报模范职工之家须经会员（代表）大会无记名投票，同意票率不低于 85%',
      ),
      'procedure.consultMembers',
    ),

    // 二、（二） 焦作市模范职工小家: "须具有", not "一般"
    paired(
      stricter(
        {
          id: 'smallHome.countyTitle',
          kind: 'titleHeld',
          titles: ['modelSmallHome'],
          group: 'prerequisite',
          heldTitles: ['modelSmallHome'],
          minLevel: 'county',
          citation: cite('二、（二）'),
          description: '须具有县市区级模范职工小家称号',
        },
        '全国为"一般从省级模范职工小家中产生"；焦作须具有县市区级（下一级）模范职工小家称号，没有"一般"',
      ),
      'smallHome.fromProvincial',
    ),
    added(manual('smallHome.work', ['modelSmallHome'], cite('二、（二）'), '组织学习、服务职工、工作活跃')),

    // 二、（三）, 三、（四） 焦作市优秀工会工作者
    // "县级以上干部不作为评选推荐对象": 以上 usually includes the figure, but the same sentence counts "工会领导机关县级（含）
    // 以下干部" within the 10% share — county-level cadres may be nominated. Read as above county level only.
    paired(
      stricter(
        {
          id: 'worker.notAboveCounty',
          kind: 'attribute',
          titles: ['outstandingWorker'],
          group: 'exclusion',
          fact: 'cadreLevel',
          noneOf: ['bureau', 'provincialOrAbove'],
          citation: cite('三、（四）'),
          description: '县级以上干部不作为评选推荐对象',
          reading: '本系统理解：“县级以上干部”不含县级本身——同一句把“工会领导机关县级（含）以下干部”计入不超过10%的比例，可见县处级干部可以推荐；厅局级及以上干部不作为评选推荐对象。',
        },
        '全国只要求工会领导机关干部为处级以下；焦作对所有被推荐人：县级以上干部不作为评选推荐对象',
      ),
      'worker.cadreRank',
    ),
    same('worker.politics', cite('二、（三）', '1.'), '学习习近平新时代中国特色社会主义思想，政治业务素质强'),
    added(manual('worker.dedication', ['outstandingWorker'], cite('二、（三）', '2.'), '热爱工会工作，忠于职守，在本职岗位上做出显著成绩')),
    same('worker.service', cite('二、（三）', '3.'), '帮助职工解决实际困难，依法维护职工合法权益'),
    paired(
      changed(manual('worker.style', ['outstandingWorker'], cite('二、（三）', '4.'), '作风民主，密切联系职工群众，群众威信高'), '作风民主、密切联系职工群众、自觉接受批评监督与全国第八条（四）相同，另要求群众威信高'),
      'worker.integrity',
    ),

    // 二、（四）—（六） 红旗单位、标兵
    added({
      id: 'redFlagHome.membershipRate',
      kind: 'yearlyThreshold',
      titles: ['redFlagHome'],
      group: 'basic',
      fact: 'membershipRate',
      comparison: 'gte',
      threshold: 0.95,
      years: 1,
      citation: cite('二、（四）'),
      description: '职工（含农民工、劳务派遣工）入会率在95%以上',
    }),
    added({
      id: 'redFlagHome.satisfaction',
      kind: 'yearlyThreshold',
      titles: ['redFlagHome'],
      group: 'basic',
      fact: 'memberAppraisalSatisfaction',
      comparison: 'gte',
      threshold: 0.95,
      years: 1,
      citation: cite('二、（四）'),
      description: '会员评家满意度在95%以上',
    }),
    changed(
      manual('redFlagHome.merit', ['redFlagHome'], cite('二、（四）'), '工会各项工作成绩优异，在本地区社会影响大，示范带动效应突出'),
      '"贡献突出"写作"在本地区工会工作中社会影响大，示范带动效应突出"',
    ),
    added(manual('redFlagSmallHome.merit', ['redFlagSmallHome'], cite('二、（五）'), '在维护职工权益、互助互济、改善职工生产生活环境等方面做出优异成绩')),
    same('exemplarWorker.merit', cite('二、（六）'), '在工会工作中取得突出业绩、作出重大贡献'),
    // "以上三种荣誉称号候选单位和个人…应获得过市级（含）以上模范职工之家、职工小家或优秀工会工作者荣誉称号": the sentence
    // names four kinds of candidate and three titles, none of them 优秀工会之友. Read as binding the 之友标兵 candidates
    // too, with the titles as listed: an 优秀工会之友 title does not stand in for them. Shown with the result.
    paired(
      changed(
        {
          id: 'redFlag.titled',
          kind: 'titleHeld',
          titles: redFlagTitles,
          group: 'prerequisite',
          heldTitles: ['modelHome', 'modelSmallHome', 'outstandingWorker'],
          minLevel: 'city',
          citation: cite('一、（二）'),
          description: '应获得过市级（含）以上模范职工之家、职工小家或优秀工会工作者荣誉称号',
          reading: '本系统理解：通知所列称号（模范职工之家、职工小家、优秀工会工作者）同样约束优秀工会之友标兵候选人，须获得过其中之一（市级及以上）；优秀工会之友称号不在所列之内，不能代替。',
        },
        '全国：红旗单位、标兵分别从全国模范职工之家、全国优秀工会工作者（含本次评选确定的）中产生；焦作：四类候选均须获得过市级（含）以上模范职工之家、职工小家或优秀工会工作者称号之一',
      ),
      'redFlagHome.titled',
      'exemplarWorker.titled',
    ),
    added({
      id: 'redFlag.fromGrassroots',
      kind: 'manual',
      titles: redFlagTitles,
      group: 'scope',
      severity: 'advisory',
      citation: cite('一、（二）'),
      description: '候选单位和个人原则上均从基层工会产生',
    }),
    added({
      id: 'redFlag.narrative',
      kind: 'textLength',
      titles: redFlagTitles,
      group: 'procedure',
      fact: 'narrative',
      maxChars: 2000,
      citation: cite('四、（二）', '3.'),
      description: '候选单位和个人事迹材料2000字内',
    }),
    added({
      id: 'redFlag.summary',
      kind: 'textLength',
      titles: redFlagTitles,
      group: 'procedure',
      fact: 'summary',
      maxChars: 500,
      citation: cite('四、（二）', '3.'),
      description: '候选单位和个人简要事迹500字内',
    }),

    // 二、（七） 积极分子, 二、（八） 之友
    added(
      {
        id: 'activist.representative',
        kind: 'attribute',
        titles: ['activist'],
        group: 'scope',
        fact: 'isMemberRepresentative',
        anyOf: [true],
        citation: cite('二、（七）'),
        description: '推荐申报对象为基层工会会员代表',
      },
      '全国办法从骨干会员和兼职工会干部中命名，不要求是会员代表',
    ),
    paired(changed(manual('activist.backbone', ['activist'], cite('二、（七）'), '热心从事工会工作的骨干'), '只写"热心从事工会工作的骨干"，未提不脱离生产、工作岗位'), 'activist.scope'),
    stricter(
      {
        id: 'friend.cadreRank',
        kind: 'attribute',
        titles: ['friend'],
        group: 'scope',
        fact: 'cadreLevel',
        noneOf: ['bureau', 'provincialOrAbove'],
        citation: cite('二、（八）'),
        description: '县级及县级以下各级党政领导干部（含企业）',
      },
      '党政领导干部由厅局级以下收紧为县级及县级以下',
    ),
    same('friend.support', cite('二、（八）'), '高度重视支持工会工作'),

    added(manual('procedure.stampedForm', allTitles, cite('三、（五）'), '申报登记表由各级工会加盖公章', 'procedure')),
  ],
});

export default {
  id: 'jiaozuo-2018',
  name: '焦作市（2018）',
  document: '关于评选表彰焦作市模范职工之家、焦作市模范职工小家、焦作市优秀工会工作者和命名焦作市优秀工会积极分子、焦作市优秀工会之友的通知',
  citationDoc: doc,
  issuer: '焦作市总工会',
  issuedOn: '2018-10-09',
  level: 'city',
  cycle: {
    kind: 'singleCampaign',
    year: 2018,
    submissionDeadline: '2018-10-20',
    citation: cite('四、（二）'),
    description: '一次性评选：各地、各单位于2018年10月20日前将材料报送市总民主管理指导部',
  },

  titles: [
    {
      title: 'modelHome',
      nominee: 'org',
      awardKind: 'award',
      citation: cite('二、（一）'),
      description: '申报对象为基层工会委员会，区域性、行业性基层工会联合会以及乡镇（街道）工会委员会',
    },
    {
      title: 'modelSmallHome',
      nominee: 'subOrg',
      awardKind: 'award',
      citation: cite('二、（二）'),
      description: '申报对象为基层工会委员会下属的分厂、车间（科室）、班组工会分会（小组）',
    },
    {
      title: 'outstandingWorker',
      nominee: 'person',
      awardKind: 'award',
      citation: cite('二、（三）'),
      description: '申报对象为基层工会专兼职干部、各级工会领导机关处（含）以下干部以及社会化工会工作者',
    },
    { title: 'activist', nominee: 'person', awardKind: 'naming', citation: cite('二、（七）'), description: '推荐申报对象为基层工会会员代表，热心从事工会工作的骨干' },
    { title: 'friend', nominee: 'person', awardKind: 'naming', citation: cite('二、（八）'), description: '推荐申报对象为高度重视支持工会工作的县级及县级以下各级党政领导干部（含企业）' },
    { title: 'redFlagHome', nominee: 'org', awardKind: 'award', citation: cite('一、（二）'), description: '评选焦作市模范职工之家红旗单位10个，授予焦作市五一劳动奖状' },
    { title: 'redFlagSmallHome', nominee: 'subOrg', awardKind: 'award', citation: cite('一、（二）'), description: '评选焦作市模范职工小家红旗单位20个，授予焦作市工人先锋号' },
    { title: 'exemplarWorker', nominee: 'person', awardKind: 'award', citation: cite('一、（二）'), description: '评选焦作市优秀工会工作者标兵10名，授予焦作市五一劳动奖章' },
    { title: 'exemplarFriend', nominee: 'person', awardKind: 'award', citation: cite('一、（二）'), description: '评选焦作市优秀工会之友标兵10名，授予焦作市五一劳动奖章' },
  ],

  conditions: rules.conditions,

  negativeLists: [
    {
      id: 'generalBar',
      scope: 'unit',
      titles: allTitles,
      citation: cite('二、'),
      description: '出现严重违章、违纪和安全生产责任事故的基层工会和个人不能推荐授予荣誉称号',
      items: [
        { id: 'seriousViolation', citation: cite('二、'), description: '出现严重违章、违纪' },
        { id: 'safetyAccident', citation: cite('二、'), description: '出现安全生产责任事故' },
      ],
    },
  ],

  listRules: [
    {
      id: 'list.homeNonPublic',
      titles: ['modelHome'],
      subject: '非公有制企业工会',
      matches: [{ fact: 'ownership', anyOf: ['nonPublic'] }],
      comparison: 'gte',
      threshold: 0.5,
      denominator: 'allocatedQuota',
      citation: cite('二、（一）'),
      description: '申报焦作市模范职工之家的非公有制企业工会比例不低于分配名额的50%',
    },
    {
      id: 'list.smallHomeNonPublic',
      titles: ['modelSmallHome'],
      subject: '非公企业工会',
      matches: [{ fact: 'ownership', anyOf: ['nonPublic'] }],
      comparison: 'gte',
      threshold: 0.5,
      denominator: 'allocatedQuota',
      citation: cite('三、（四）'),
      description: '评选推荐的焦作市模范职工小家中非公企业工会的比例不低于分配名额的50%',
    },
    {
      id: 'list.workerLeadingBodyCadres',
      titles: ['outstandingWorker'],
      subject: '工会领导机关县级（含）以下干部',
      matches: [{ fact: 'isLeadingBodyCadre', anyOf: [true] }],
      comparison: 'lte',
      threshold: 0.1,
      citation: cite('三、（四）'),
      description: '焦作市优秀工会工作者中工会领导机关县级（含）以下干部的比例不超过10%',
    },
  ],

  quotas: [
    {
      kind: 'allocationBasis',
      citation: cite('一、'),
      description: '名额按照2017年基层工会组织数和会员数相应比例统筹协调分配',
    },
    {
      kind: 'fixedCounts',
      period: 'campaign',
      counts: { modelHome: 40, modelSmallHome: 80, outstandingWorker: 100, activist: 150, friend: 100 },
      citation: cite('一、（一）'),
      description: '模范职工之家40个、模范职工小家80个、优秀工会工作者100名、优秀工会积极分子150名、优秀工会之友100名',
    },
    {
      kind: 'fixedCounts',
      period: 'campaign',
      counts: { redFlagHome: 10, redFlagSmallHome: 20, exemplarWorker: 10, exemplarFriend: 10 },
      citation: cite('一、（二）'),
      description: '模范职工之家红旗单位10个、模范职工小家红旗单位20个、优秀工会工作者标兵和优秀工会之友标兵各10名',
    },
    { kind: 'table', table: jiaozuoQuotaTable, citation: cite('附件'), description: '表彰名额分配表：各推荐单位的名额' },
  ],

  // Advisory, per applying unit: the text contradicts the quota table (perApplicant above).
  recommenderCaps: [
    perApplicant('cap.redFlagHome', 'redFlagHome', '焦作市模范职工之家红旗单位'),
    perApplicant('cap.redFlagSmallHome', 'redFlagSmallHome', '焦作市模范职工小家红旗单位'),
    perApplicant('cap.exemplarWorker', 'exemplarWorker', '焦作市优秀工会工作者标兵'),
    perApplicant('cap.exemplarFriend', 'exemplarFriend', '焦作市优秀工会之友标兵'),
  ],

  publicity: [
    { level: 'final', where: '市总工会网站', citation: cite('四、（一）'), description: '表彰名单在市总网站上公示，接受社会监督（通知未规定公示天数）' },
  ],

  reviewChain: [
    { stage: 'apply', body: '各县市区总工会，市各产业工会，市属各基层工会', citation: cite('四、（一）'), description: '分别组织实施评选申报' },
    { stage: 'consult', body: '基层工会', citation: cite('三、（三）'), description: '自下而上、逐级审核；申报模范职工之家须经会员（代表）大会无记名投票决定' },
    { stage: 'review', body: '各级工会', citation: cite('三、（五）'), description: '申报登记表加盖公章；市总审核申报材料，不符合条件的取消评选资格' },
    { stage: 'review', body: '市总民主管理部', citation: cite('四、（一）'), description: '汇总评选申报情况，提交表彰评审工作组' },
    { stage: 'approve', body: '表彰评审工作组', citation: cite('四、（一）'), description: '审核确定表彰名单，对红旗单位和标兵候选择优评选' },
    { stage: 'publicise', body: '焦作市总工会', citation: cite('四、（一）'), description: '表彰名单在市总网站公示，接受社会监督' },
  ],
  disqualification: {
    noSubstitute: false,
    noReapplication: false,
    citation: cite('三、（五）'),
    description: '市总对申报材料进行审核，不符合条件的取消评选资格',
  },

  revocation: { grounds: [], procedure: [] },
  supervision: [],

  rewards: [
    { titles: ['redFlagHome'], recipient: 'collective', citation: cite('一、（二）'), description: '授予焦作市五一劳动奖状' },
    { titles: ['redFlagSmallHome'], recipient: 'collective', citation: cite('一、（二）'), description: '授予焦作市工人先锋号' },
    { titles: ['exemplarWorker', 'exemplarFriend'], recipient: 'individual', citation: cite('一、（二）'), description: '授予焦作市五一劳动奖章' },
  ],

  follows: rules.follows,
} satisfies RulesetInput;
