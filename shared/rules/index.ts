// The rules engine's public API: rulesets as data, eligibility, list checks, quota tables and revocation flags.
export * from './titles';
export * from './quota-table';
export * from './citation';
export * from './facts';
export * from './ruleset-schema';
export * from './compare';
export * from './eligibility';
export * from './fact-years';
export * from './list-check';
export * from './campaign-totals';
export * from './quota-csv';
export * from './revocation';
export * from './coverage';
export * from './recheck';
export * from './revocation-procedure';
