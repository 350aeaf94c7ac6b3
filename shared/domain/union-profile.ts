import * as z from 'zod';

/**
 * A grassroots union's facts for one year, kept per year with who changed what (the rulesets ask about the union
 * itself: 入会率 needs the year's employee count including migrant and dispatched workers).
 */
export const unionYearProfile = z.object({
  year: z.number({ error: '年度（year）应为数字' }).int('年度（year）应为整数').min(2000, '年度（year）不早于 2000 年').max(2100, '年度（year）不晚于 2100 年'),
  /** 职工总数 at year end, including migrant and dispatched workers. */
  employees: z.number({ error: '职工总数（employees）应为数字' }).int('职工总数（employees）应为整数').min(0, '职工总数（employees）不能为负数'),
  migrantWorkers: z.number({ error: '农民工人数（migrantWorkers）应为数字' }).int().min(0, '农民工人数（migrantWorkers）不能为负数').optional(),
  dispatchedWorkers: z.number({ error: '劳务派遣人数（dispatchedWorkers）应为数字' }).int().min(0, '劳务派遣人数（dispatchedWorkers）不能为负数').optional(),
  /** 依法取得法人资格 */
  legalPersonRegistered: z.boolean().optional(),
  /** 独立的经费账户 */
  separateDuesAccount: z.boolean().optional(),
  /** 职工（会员）代表大会按期召开 */
  congressHeld: z.boolean().optional(),
  /** 按期换届 */
  reElectedOnTime: z.boolean().optional(),
  /** 集体合同 */
  collectiveContract: z.boolean().optional(),
  /** 厂务公开 */
  openAffairs: z.boolean().optional(),
});
export type UnionYearProfile = z.infer<typeof unionYearProfile>;
