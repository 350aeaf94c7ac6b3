import * as z from 'zod';

/**
 * The three secret ballots of the regulations (DESIGN.md glossary: Appraisal):
 * - memberAppraisal — 会员评家: members rate their union (满意 / 基本满意 / 不满意), overall and per dimension;
 * - chairEvaluation — 主席测评: the chair and vice-chairs are rated one by one on the same three options;
 * - congressBallot — 会员（代表）大会无记名投票: whether the union applies (同意 / 不同意 / 弃权).
 */
export const appraisalKinds = ['memberAppraisal', 'chairEvaluation', 'congressBallot'] as const;
export const appraisalKind = z.enum(appraisalKinds, { error: '评议类型（kind）应为会员评家、主席测评或大会表决' });
export type AppraisalKind = z.infer<typeof appraisalKind>;
export const appraisalKindLabels: Record<AppraisalKind, string> = {
  memberAppraisal: '会员评家',
  chairEvaluation: '主席测评',
  congressBallot: '会员（代表）大会无记名投票',
};

/** The rating options of 会员评家 and 主席测评. */
export const gradeOptions = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export const gradeOption = z.enum(gradeOptions, { error: '请选择满意、基本满意或不满意' });
export type GradeOption = z.infer<typeof gradeOption>;

/** The options of the congress ballot. */
export const voteOptions = ['yes', 'no', 'abstain'] as const;
export const voteOption = z.enum(voteOptions, { error: '请选择同意、不同意或弃权' });
export type VoteOption = z.infer<typeof voteOption>;

export type BallotOption = GradeOption | VoteOption;
export const optionLabels: Record<BallotOption, string> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  yes: '同意',
  no: '不同意',
  abstain: '弃权',
};

export const optionsOf = (kind: AppraisalKind): readonly BallotOption[] => (kind === 'congressBallot' ? voteOptions : gradeOptions);

/** The dimensions a 会员评家 questionnaire rates by default; the chair may edit the list when opening one. */
export const defaultAppraisalDimensions = ['民主管理', '维权服务', '职工关爱', '素质提升', '阵地建设'] as const;

/** Who may vote: the members on the roster (of the union or one sub-union) or the congress representatives. */
export const electorates = ['members', 'representatives'] as const;
export const electorate = z.enum(electorates, { error: '投票人范围（electorate）应为全体会员或会员代表' });
export type Electorate = z.infer<typeof electorate>;
export const electorateLabels: Record<Electorate, string> = { members: '全体会员', representatives: '会员代表' };

/** The question (subject) a counter or a result line belongs to: the union overall, a dimension, or a person. */
export const overallSubject = 'overall';
export const dimensionSubject = (index: number): string => `d${index}`;
export const candidateSubject = (memberId: string): string => `c:${memberId}`;
