import { randomBytes } from 'node:crypto';

// The report rate limits are keyed by a dedicated secret (functions/publicity/rate-limit.ts): a fresh one per file.
process.env.REPORT_RATE_SECRET ||= randomBytes(32).toString('base64url');
