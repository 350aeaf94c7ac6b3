import * as z from 'zod';

/** Where a list of nominees is published: the applicant's unit, the recommending level, the final level. */
export const publicityLevel = z.enum(['unit', 'recommending', 'final']);
export type PublicityLevel = z.infer<typeof publicityLevel>;
