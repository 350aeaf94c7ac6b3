import type { SeedArticle } from '../../../shared/rules/coverage';

/** The sections of Jiaozuo's 2018 campaign notice (seed 004), numbered 二、（一） as in the text. */
export const articles: SeedArticle[] = [
  { article: '一、', checkable: true, gist: '名额按2017年基层工会组织数和会员数比例分配' },
  { article: '一、（一）', checkable: true, gist: '之家40、小家80、工作者100、积极分子150、之友100' },
  { article: '一、（二）', checkable: true, gist: '红旗单位、标兵数量和奖励；候选须获市级以上称号' },
  { article: '二、', checkable: true, gist: '严重违章违纪、安全事故不能推荐；不重复参加同一档次评选' },
  { article: '二、（一）', checkable: true, gist: '模范职工之家：县级称号、特大型集团60%、非公≥50%分配名额、入会率≥90%' },
  { article: '二、（二）', checkable: true, gist: '模范职工小家：须具有县市区级称号' },
  { article: '二、（三）', checkable: true, gist: '优秀工会工作者的对象和条件' },
  { article: '二、（四）', checkable: true, gist: '之家红旗单位：入会率、评家满意度≥95%' },
  { article: '二、（五）', checkable: true, gist: '小家红旗单位条件' },
  { article: '二、（六）', checkable: true, gist: '工作者标兵条件' },
  { article: '二、（七）', checkable: true, gist: '积极分子：基层工会会员代表' },
  { article: '二、（八）', checkable: true, gist: '之友：县级及以下党政领导干部' },
  { article: '三、（一）', checkable: false, gist: '高度重视，贯彻“三个着力”' },
  { article: '三、（二）', checkable: false, gist: '加大宣传力度' },
  { article: '三、（三）', checkable: true, gist: '逐级审核；会员（代表）大会同意票率达不到85%不能申报' },
  { article: '三、（四）', checkable: true, gist: '小家非公≥50%分配名额；领导机关干部≤10%；县级以上干部不推荐' },
  { article: '三、（五）', checkable: true, gist: '登记表盖章；不符合条件的取消资格' },
  { article: '四、（一）', checkable: true, gist: '组织实施与审核；每个申报单位限报红旗、标兵候选各1；网站公示' },
  { article: '四、（二）', checkable: true, gist: '2018年10月20日前报送；事迹2000字内、简要事迹500字内' },
  { article: '附件', checkable: true, gist: '表彰名额分配表' },
];
