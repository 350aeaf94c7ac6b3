import * as z from 'zod';

/** GET /v1/health */
export const healthResponse = z.object({
  status: z.literal('ok'),
  stage: z.string(),
  version: z.string(),
  time: z.string(),
  /** When the clock job last ran, if ever. */
  clockLastRunAt: z.string().nullable(),
});
export type HealthResponse = z.infer<typeof healthResponse>;
