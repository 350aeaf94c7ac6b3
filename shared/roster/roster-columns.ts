import { normaliseText } from './text';

/**
 * The columns of a roster file (导入模板 and 导出名册), in template order. A file's header row is matched by
 * `header` or an alias, so files exported from HR systems import without renaming columns.
 */
export const rosterColumnKeys = ['name', 'employeeNo', 'gender', 'phone', 'idNumber', 'subOrg', 'isMigrantWorker', 'isDispatchedWorker', 'joinedOn'] as const;
export type RosterColumnKey = (typeof rosterColumnKeys)[number];

export interface RosterColumn {
  key: RosterColumnKey;
  header: string;
  aliases: readonly string[];
  required: boolean;
  /** The template's example row. */
  example: string;
  /** What the template's notes sheet says about the column. */
  note: string;
  /** Digits that Excel must keep as text (long numbers lose their last digits otherwise). */
  text: boolean;
}

export const rosterColumns: readonly RosterColumn[] = [
  { key: 'name', header: '姓名', aliases: ['会员姓名', '职工姓名', '名字'], required: true, example: '张伟', note: '必填。', text: false },
  { key: 'employeeNo', header: '工号', aliases: ['员工编号', '职工编号', '员工号', '工作证号'], required: false, example: 'YT0001', note: '与身份证号至少填写一项。再次导入时，按工号或身份证号找到已有会员并更新，不会重复添加。', text: true },
  { key: 'gender', header: '性别', aliases: [], required: false, example: '男', note: '填“男”或“女”，可不填。', text: false },
  { key: 'phone', header: '手机号', aliases: ['手机', '手机号码', '联系电话', '联系方式', '电话'], required: false, example: '13800138000', note: '11 位手机号码。会员在小程序中网上入会时，核验姓名和手机号后四位。', text: true },
  { key: 'idNumber', header: '身份证号', aliases: ['身份证', '身份证号码', '公民身份号码', '证件号码'], required: false, example: '11010519491231002X', note: '18 位居民身份证号，末位 X 大小写均可，系统按国家标准（GB 11643）核对校验位。', text: true },
  { key: 'subOrg', header: '所属分工会/小组', aliases: ['所属分工会', '所属小组', '分工会', '工会小组', '分工会/小组', '所属分会'], required: false, example: '', note: '填写本工会已设立的分工会或工会小组的全称；不属于任何分工会的可不填。', text: false },
  { key: 'isMigrantWorker', header: '是否农民工', aliases: ['农民工'], required: false, example: '否', note: '填“是”或“否”，不填视为“否”。农民工会员计入入会率。', text: false },
  { key: 'isDispatchedWorker', header: '是否劳务派遣', aliases: ['是否劳务派遣工', '劳务派遣', '劳务派遣工'], required: false, example: '否', note: '填“是”或“否”，不填视为“否”。劳务派遣会员计入入会率。', text: false },
  { key: 'joinedOn', header: '入会日期', aliases: ['入会时间'], required: true, example: '2020-03-01', note: '必填，如 2020-03-01，不能晚于今天。历年入会率按各年 12 月 31 日在册的会员计算。', text: false },
];

export const rosterColumnOf = Object.fromEntries(rosterColumns.map((c) => [c.key, c])) as Record<RosterColumnKey, RosterColumn>;

/** Header text without marks people add: 「*姓名」「姓名（必填）」「 手机号 」. */
export function normaliseHeader(raw: string): string {
  return normaliseText(raw)
    .replace(/[（(][^）)]*[）)]$/, '')
    .replace(/[*＊\s:：]/g, '');
}

/** The column a header names, if any. */
export function columnOfHeader(raw: string): RosterColumnKey | undefined {
  const header = normaliseHeader(raw);
  if (header === '') return undefined;
  return rosterColumns.find((c) => c.header === header || c.aliases.includes(header))?.key;
}
