import * as z from 'zod';
import { gradeOption, voteOption } from '../appraisal/ballot-kinds';

/**
 * A member's ballot and its answer: all the vote path reads of the API (functions/handlers/vote.ts), apart from the
 * rest of the appraisal API (shared/api/appraisal.ts re-exports it) so the vote function builds only these schemas
 * when it starts. DESIGN.md invariants 1–3: nothing here links a member to a choice.
 */

/** An appraisal's id (derived on the server from the opener, the org and the request: see openAppraisalRequest). */
export const appraisalIdPattern = /^ap-[0-9a-f]{20}$/;

/** The {appraisalId} of a ballot's path. */
export const appraisalPathParameters = z.object({
  appraisalId: z.string({ error: '缺少评议编号（appraisalId）' }).regex(appraisalIdPattern, '评议编号（appraisalId）格式不正确'),
});

/** What a member casts. Which fields are required depends on the ballot's kind (checked against it). */
export const castRequest = z.object({
  /** 会员评家: the overall rating (gives the official satisfaction rate). */
  overall: gradeOption.optional(),
  /** 会员评家: one rating per dimension, in the ballot's order. */
  dimensions: z.array(gradeOption, { error: '维度评价（dimensions）应为列表' }).max(10).optional(),
  /** 主席测评: memberId → rating. */
  candidates: z.record(z.string(), gradeOption, { error: '测评（candidates）格式不正确' }).optional(),
  /** 大会表决. */
  vote: voteOption.optional(),
  /** 会员评家: an optional suggestion, stored apart from the ballot and shown to the chair in random order. */
  suggestion: z.string().trim().max(500, '意见建议（suggestion）不超过 500 字').optional(),
});
export type CastRequest = z.infer<typeof castRequest>;

export const receiptPattern = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}(-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}){3}$/;
export const castResponse = z.object({
  status: z.enum(['counted', 'alreadyVoted']),
  /** "您的选票已计入" / "您已投票" */
  message: z.string(),
  receipt: z.string(),
});
export type CastResponse = z.infer<typeof castResponse>;
