import * as z from 'zod';
import { orgKind, ownership } from '../domain/org';
import { titleCode } from './titles';

/**
 * What the eligibility engine reads about one application (申报). Every field is optional: a fact
 * the applicant has not supplied yields a `missing` result, never a silent pass.
 * Rates are fractions 0..1 (display them as percentages); yearly figures are keyed by year.
 */

/** Level of the body that awarded a title (称号级别), lowest first. */
export const honourLevels = ['county', 'city', 'provincial', 'national'] as const;
export const honourLevel = z.enum(honourLevels);
export type HonourLevel = z.infer<typeof honourLevel>;
export const honourLevelLabels: Record<HonourLevel, string> = {
  county: '县级',
  city: '市级',
  provincial: '省级',
  national: '全国',
};

/** Who a title is given to: a grassroots union, a union below it (小家), or a person. */
export const nomineeKinds = ['org', 'subOrg', 'person'] as const;
export const nomineeKind = z.enum(nomineeKinds);
export type NomineeKind = z.infer<typeof nomineeKind>;
export const nomineeKindLabels: Record<NomineeKind, string> = {
  org: '基层工会',
  subOrg: '基层工会下属工会或工会小组',
  person: '个人',
};

/** 干部级别. 处级 and 县级 are the same rank (县处级). */
export const cadreLevels = ['none', 'section', 'county', 'bureau', 'provincialOrAbove'] as const;
export const cadreLevel = z.enum(cadreLevels);
export type CadreLevel = z.infer<typeof cadreLevel>;
export const cadreLevelLabels: Record<CadreLevel, string> = {
  none: '无行政级别',
  section: '科级及以下',
  county: '县处级',
  bureau: '厅局级',
  provincialOrAbove: '省部级及以上',
};

/** 测评等次 of a chair or vice-chair at the member (representative) congress. */
export const evaluationGrades = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export const evaluationGrade = z.enum(evaluationGrades);
export type EvaluationGrade = z.infer<typeof evaluationGrade>;
export const evaluationGradeLabels: Record<EvaluationGrade, string> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
};

/** The nominee's role in its grassroots union; chairs and vice-chairs face extra conditions. */
export const unionRoles = ['chair', 'viceChair', 'other'] as const;
export const unionRole = z.enum(unionRoles);
export type UnionRole = z.infer<typeof unionRole>;

export const genders = ['female', 'male'] as const;
export const gender = z.enum(genders);
export type Gender = z.infer<typeof gender>;

/** Figures recorded once a year. */
export const yearlyRateKeys = [
  'membershipRate',
  'memberInfoCollectionRate',
  'onlineUnionEnrolmentRate',
  'memberAppraisalSatisfaction',
  'memberAppraisalDissatisfaction',
  'hotline12351OnTimeRate',
  'hotline12351SatisfactionRate',
] as const;
export const yearlyRateKey = z.enum(yearlyRateKeys);
export type YearlyRateKey = z.infer<typeof yearlyRateKey>;
export const yearlyRateLabels: Record<YearlyRateKey, string> = {
  membershipRate: '入会率',
  memberInfoCollectionRate: '会员信息采集率',
  onlineUnionEnrolmentRate: '网上工会会员入驻率',
  memberAppraisalSatisfaction: '会员评家满意率',
  memberAppraisalDissatisfaction: '会员评家不满意率',
  hotline12351OnTimeRate: '12351 工单按时接单办结率',
  hotline12351SatisfactionRate: '12351 工单职工满意率',
};

/** Single figures, not tied to a year. */
export const scalarFactKeys = ['congressYesShare', 'yearsOfUnionWork', 'titledSecondLevelUnitShare'] as const;
export const scalarFactKey = z.enum(scalarFactKeys);
export type ScalarFactKey = z.infer<typeof scalarFactKey>;
export const scalarFactLabels: Record<ScalarFactKey, string> = {
  congressYesShare: '会员（代表）大会无记名投票同意票率',
  yearsOfUnionWork: '从事工会工作年限',
  titledSecondLevelUnitShare: '获市级以上模范职工之家称号的二级单位占比',
};
/** How a scalar figure is shown: rates as percentages, years with 年. */
export const scalarFactUnits: Record<ScalarFactKey, 'rate' | 'years'> = {
  congressYesShare: 'rate',
  yearsOfUnionWork: 'years',
  titledSecondLevelUnitShare: 'rate',
};

/** Narratives whose length a ruleset may limit (事迹材料, 简要事迹). */
export const narrativeKeys = ['narrative', 'summary'] as const;
export const narrativeKey = z.enum(narrativeKeys);
export type NarrativeKey = z.infer<typeof narrativeKey>;
export const narrativeLabels: Record<NarrativeKey, string> = {
  narrative: '事迹材料',
  summary: '简要事迹',
};

/** Nominee attributes a condition may test or depend on. For a person, unit attributes describe their unit. */
export const nomineeAttributeKeys = [
  'kind',
  'orgKind',
  'ownership',
  'isOrganOrInstitution',
  'isVeryLargeGroup',
  'cadreLevel',
  'isLeadingBodyCadre',
  'isFrontLine',
  'gender',
  'role',
  'isMemberRepresentative',
  'isPartyLeaderOrOfficial',
] as const;
export const nomineeAttributeKey = z.enum(nomineeAttributeKeys);
export type NomineeAttributeKey = z.infer<typeof nomineeAttributeKey>;
export const nomineeAttributeLabels: Record<NomineeAttributeKey, string> = {
  kind: '被推荐对象类型',
  orgKind: '单位（组织）类型',
  ownership: '所有制性质',
  isOrganOrInstitution: '是否机关、事业单位',
  isVeryLargeGroup: '是否特大型企业集团',
  cadreLevel: '干部级别',
  isLeadingBodyCadre: '是否工会领导机关干部',
  isFrontLine: '是否一线职工',
  gender: '性别',
  role: '工会职务',
  isMemberRepresentative: '是否会员代表',
  isPartyLeaderOrOfficial: '是否党员领导干部或公职人员',
};

/** Chinese labels of attribute values, for explanations. */
export const attributeValueLabels: Record<string, string> = {
  ...nomineeKindLabels,
  ...cadreLevelLabels,
  enterprise: '企业',
  institution: '事业单位',
  governmentOrgan: '机关',
  socialOrg: '社会组织',
  regionalFederation: '区域性、行业性工会联合会',
  industryUnion: '产业工会',
  township: '乡镇（街道）工会',
  federation: '地方总工会',
  public: '公有制',
  nonPublic: '非公有制',
  female: '女',
  male: '男',
  chair: '工会主席',
  viceChair: '工会副主席',
  other: '其他',
};

export function attributeValueLabel(value: string | boolean): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  return attributeValueLabels[value] ?? value;
}

const year = z.string().regex(/^\d{4}$/, '年份须为四位数字');
// Issue 15: DynamoDB stores no number below 1e-130 (5e-324 was a 500); no real share needs more than six places.
const rate = z.number().min(0).max(1).refine((v) => v === 0 || v >= 1e-6, { error: '比例应在 0 到 1 之间，不为 0 时不小于 0.000001' });
/** `{ 2024: 0.93 }`: one figure per year. */
export const rateSeries = z.record(year, rate);
export type RateSeries = z.infer<typeof rateSeries>;
export const gradeSeries = z.record(year, evaluationGrade);
export type GradeSeries = z.infer<typeof gradeSeries>;

export const nomineeFacts = z.object({
  kind: nomineeKind.optional(),
  orgKind: orgKind.optional(),
  ownership: ownership.optional(),
  isOrganOrInstitution: z.boolean().optional(),
  isVeryLargeGroup: z.boolean().optional(),
  cadreLevel: cadreLevel.optional(),
  isLeadingBodyCadre: z.boolean().optional(),
  isFrontLine: z.boolean().optional(),
  gender: gender.optional(),
  role: unionRole.optional(),
  isMemberRepresentative: z.boolean().optional(),
  /** 党员领导干部或公职人员: their nomination needs the 纪检监察 and 组织人事 opinion (总工办发〔2020〕15号 第十六条第二款). */
  isPartyLeaderOrOfficial: z.boolean().optional(),
  // Issue 15: bounded both ways — 5e-324 or 1e300 cannot be stored in DynamoDB (a 500 before).
  yearsOfUnionWork: z
    .number()
    .min(0, '工会工作年限（yearsOfUnionWork）不能为负')
    .max(100, '工会工作年限（yearsOfUnionWork）不超过 100 年')
    .refine((v) => v === 0 || v >= 0.01, { error: '工会工作年限（yearsOfUnionWork）精确到 0.01 年即可' })
    .optional(),
});
export type NomineeFacts = z.infer<typeof nomineeFacts>;

/** A title the nominee already holds. Awards decided in the current campaign count once decided. */
export const heldTitle = z.object({ title: titleCode, level: honourLevel, year: z.number().int() });
export type HeldTitle = z.infer<typeof heldTitle>;

export const facts = z.object({
  nominee: nomineeFacts,
  membershipRate: rateSeries.optional(),
  memberInfoCollectionRate: rateSeries.optional(),
  onlineUnionEnrolmentRate: rateSeries.optional(),
  memberAppraisalSatisfaction: rateSeries.optional(),
  memberAppraisalDissatisfaction: rateSeries.optional(),
  /** The turnout (ballots / eligible) each year's 会员评家 rates were measured at: it stands beside them. */
  memberAppraisalTurnout: rateSeries.optional(),
  hotline12351OnTimeRate: rateSeries.optional(),
  hotline12351SatisfactionRate: rateSeries.optional(),
  chairEvaluationGrade: gradeSeries.optional(),
  congressYesShare: rate.optional(),
  /** The turnout of the congress ballot that gave congressYesShare. */
  congressTurnout: rate.optional(),
  titledSecondLevelUnitShare: rate.optional(),
  /** Undefined = not declared (conditions on titles are then `missing`); [] = declared none. */
  titlesHeld: z.array(heldTitle).optional(),
  /** Negative-list answers keyed by item id: true = the circumstance exists (bars the application). */
  barringCircumstances: z.record(z.string(), z.boolean()).optional(),
  /** The applicant's own statement on a manual condition, keyed by condition id; a reviewer still confirms. */
  attestations: z.record(z.string(), z.boolean()).optional(),
  narrative: z.string().optional(),
  summary: z.string().optional(),
});
export type Facts = z.infer<typeof facts>;

/** Reads a scalar figure wherever it lives (years of union work is a nominee attribute). */
export function scalarFact(f: Facts, key: ScalarFactKey): number | undefined {
  if (key === 'yearsOfUnionWork') return f.nominee.yearsOfUnionWork;
  return f[key];
}

/** The latest year that appears in any yearly series: the default reference year of an evaluation. */
export function latestYearIn(f: Facts): number | undefined {
  let latest: number | undefined;
  const series: (Record<string, unknown> | undefined)[] = [
    ...yearlyRateKeys.map((k) => f[k]),
    f.chairEvaluationGrade,
  ];
  for (const s of series) {
    for (const key of Object.keys(s ?? {})) {
      const y = Number(key);
      if (Number.isInteger(y) && (latest === undefined || y > latest)) latest = y;
    }
  }
  return latest;
}
