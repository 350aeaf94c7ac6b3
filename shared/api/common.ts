import * as z from 'zod';

/** The body of every error response (DESIGN.md §5). */
export const errorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
});
export type ErrorBody = z.infer<typeof errorBody>;
