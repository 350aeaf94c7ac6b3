/**
 * What each Lambda function may do on AWS (issue #15, least privilege) — written by hand from each handler's code,
 * not read off the template. test/integration/foundation/deploy-template.test.ts checks that the packaged template
 * grants exactly this per function; test/unit/foundation/function-permissions.test.ts checks it against a static
 * scan of each handler's import graph (test/support/handler-permissions.ts): every grant is something the code can
 * ask for, and everything the code can ask for is granted or listed below as reachable-but-never-called, with why.
 *
 * Main-table reads (GetItem, Query, BatchGetItem) follow the scan file by file (storage/dynamo.ts's helpers count
 * whole); writes, deletes, the ballot box, KMS and secrets are judged call by call.
 */
export type SecretName = 'SESSION_SECRET' | 'WECHAT_APP_SECRET' | 'PERSONAL_DATA_KEY' | 'REPORT_RATE_SECRET';
export type Index = 'byOpenid' | 'byParent' | 'byDueTime' | 'bySubtree';

export interface FunctionGrants {
  /** Actions on the main table's items. */
  table: string[];
  /** Indexes of the main table it queries (dynamodb:Query only). */
  indexes: Index[];
  /** Actions on the ballot box (DESIGN.md invariants 1–3). */
  ballotBox: string[];
  /** Object actions on the evidence bucket, and the key prefixes they are limited to. */
  s3: { actions: string[]; prefixes: string[] } | null;
  /** Actions on the audit anchor bucket (write-once, Object Lock): the bucket itself for ListBucket, its objects else. */
  auditAnchors: string[];
  /** Actions on the reporter key: the data keys of a reporter's contact, account and receipt (DESIGN.md invariant 7). */
  reporterKey: string[];
  /** Actions on the watcher key: the data keys that seal who asked for updates (functions/publicity/envelope-keys.ts). */
  watcherKey: string[];
  /** SSM SecureString parameters read at cold start (functions/config/secrets.ts). */
  secrets: SecretName[];
}

const read = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
const none: Omit<FunctionGrants, 'table' | 'secrets'> = { indexes: [], ballotBox: [], s3: null, auditAnchors: [], reporterKey: [], watcherKey: [] };
const allIndexes: Index[] = ['byDueTime', 'byOpenid', 'byParent', 'bySubtree'];
const s3Actions = ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'];

export const functionGrants: Record<string, FunctionGrants> = {
  // Reads one item to prove the table answers.
  health: { ...none, table: read, secrets: [] },
  // jscode2session, then the member bound to the openid (byOpenid); signs a session.
  auth: { ...none, table: read, indexes: ['byOpenid'], secrets: ['SESSION_SECRET', 'WECHAT_APP_SECRET'] },
  me: { ...none, table: read, indexes: ['byOpenid'], secrets: ['SESSION_SECRET'] },
  // Marks notices read, stores subscription grants; dead letters by byDueTime.
  inbox: { ...none, table: [...read, ...write], indexes: ['byDueTime', 'byOpenid'], secrets: ['SESSION_SECRET'] },
  // Reads the trail (bySubtree); never writes, never scans (the chain check is an operator script).
  audit: { ...none, table: read, indexes: ['byOpenid', 'bySubtree'], secrets: ['SESSION_SECRET'] },
  // Sends outbox notices through WeChat, marks them sent; no session (a stream consumer, not an HTTP route).
  dispatcher: { ...none, table: [...read, ...write], indexes: ['byDueTime', 'byOpenid'], secrets: ['WECHAT_APP_SECRET'] },
  // The org tree: moves check paths (ConditionCheck) and remove move markers, revoking a role deletes it.
  orgs: { ...none, table: [...read, ...write, 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem'], indexes: ['byOpenid', 'byParent', 'bySubtree'], secrets: ['SESSION_SECRET'] },
  // Replacing an invitation deletes the current one; binding signs a session; demo log-in via WeChat's stand-in.
  joining: { ...none, table: [...read, ...write, 'dynamodb:DeleteItem'], indexes: ['byOpenid', 'byParent'], secrets: ['PERSONAL_DATA_KEY', 'SESSION_SECRET', 'WECHAT_APP_SECRET'] },
  // Removing a member deletes their roles; an import batch-writes its preview and deletes roster markers; roster
  // files under imports/ are posted, read once and deleted.
  roster: {
    ...none,
    table: [...read, ...write, 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
    indexes: allIndexes,
    s3: { actions: s3Actions, prefixes: ['imports/'] },
    secrets: ['PERSONAL_DATA_KEY', 'SESSION_SECRET'],
  },
  // Opening batch-writes the members' ballot index; an audited annulment deletes the official-ballot items. The
  // box: markers placed (Put) and flipped with a counter (Update), receipts checked (Get), suggestions read (Query).
  appraisal: {
    ...none,
    table: [...read, ...write, 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
    indexes: ['byOpenid', 'byParent', 'bySubtree'],
    ballotBox: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    secrets: ['PERSONAL_DATA_KEY', 'SESSION_SECRET'],
  },
  // The vote alone (handlers/vote.ts → appraisal/cast.ts): the ballot's definition and the voter's session read from
  // the table; in the box, the voter's marker flipped with a counter in one transaction (Update), a suggestion put.
  vote: {
    ...none,
    table: ['dynamodb:GetItem'],
    ballotBox: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    secrets: ['PERSONAL_DATA_KEY', 'SESSION_SECRET'],
  },
  // Files reports (a new data key per report under each key: GenerateDataKey). kms:Decrypt is not granted: opening
  // a reporter's identity belongs to the four-eyes identity-access path alone.
  publicity: {
    ...none,
    table: [...read, ...write],
    indexes: allIndexes,
    reporterKey: ['kms:GenerateDataKey'],
    watcherKey: ['kms:GenerateDataKey'],
    secrets: ['PERSONAL_DATA_KEY', 'REPORT_RATE_SECRET', 'SESSION_SECRET'],
  },
  // Four-eyes access to a reporter's identity (functions/publicity/identity-access.ts): requests, decisions, and the
  // one opening of an approved request — the only function that may unwrap a report's data key (kms:Decrypt).
  // Spending a request deletes its pending marker.
  identityAccess: {
    ...none,
    table: [...read, ...write, 'dynamodb:DeleteItem'],
    indexes: ['byOpenid', 'byParent', 'bySubtree'],
    reporterKey: ['kms:Decrypt'],
    secrets: ['SESSION_SECRET'],
  },
  calendar: { ...none, table: [...read, ...write], indexes: allIndexes, secrets: ['SESSION_SECRET'] },
  campaign: { ...none, table: [...read, ...write], indexes: allIndexes, secrets: ['PERSONAL_DATA_KEY', 'SESSION_SECRET'] },
  // Draws certificates and the honours list (issue 17 point 5): reads only — the honour, its campaign and application, the
  // campaign's honours (byParent), the caller's roles.
  certificates: { ...none, table: read, indexes: ['byOpenid', 'byParent'], secrets: ['SESSION_SECRET'] },
  // 收回证书和奖牌 (issue 17 point 4): marks a unit closed, opens and records recovery tasks (transactions of puts and
  // updates); reads the register and the tasks by subtree, role holders by parent.
  recovery: { ...none, table: [...read, ...write], indexes: ['byOpenid', 'byParent', 'bySubtree'], secrets: ['SESSION_SECRET'] },
  // Removing a file deletes its item (with a ConditionCheck on the application) and the object under applications/.
  evidence: {
    ...none,
    table: [...read, ...write, 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem'],
    indexes: ['byOpenid', 'byParent', 'bySubtree'],
    s3: { actions: s3Actions, prefixes: ['applications/'] },
    secrets: ['PERSONAL_DATA_KEY', 'SESSION_SECRET'],
  },
  // Seals due ballots (the box's 64 shards: UpdateItem only), drives roster previews (batch-writes their staged
  // batches, deletes their sealed rows) and imports (deletes roster markers),
  // closes publicities, sends due notices through WeChat, takes due reporter notices (deletes them), and seals the
  // audit chains' heads into the anchor bucket: finds the newest (ListBucket, GetObject), puts a new one under its
  // own retention (PutObject, PutObjectRetention); nothing that deletes an anchor.
  clock: {
    ...none,
    table: [...read, ...write, 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
    indexes: allIndexes,
    ballotBox: ['dynamodb:UpdateItem'],
    auditAnchors: ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutObjectRetention'],
    // deliverReporterNotices unwraps the watcher's data key to learn whom to send an update; the reporter key (the
    // contact and account) is not the clock's to open.
    watcherKey: ['kms:Decrypt'],
    secrets: ['PERSONAL_DATA_KEY', 'WECHAT_APP_SECRET'],
  },
};

/**
 * Actions the static scan finds in a function's import graph that the function never performs, so they are not
 * granted. `notCalled`, where given, is checked by the unit test: none of these names is called in any file of the
 * function's graph except `definedIn`. Keys: `table:<action>`, `ballotBox:<action>`, `kms:<action>`, `secret:<NAME>`.
 */
export interface Unused {
  functions: string[] | 'all';
  keys: string[];
  reason: string;
  notCalled?: { names: string[]; definedIn: string[] };
}

const orgTreeWrites = { names: ['addOrg', 'changeOrg', 'startMove', 'rewritePaths', 'finishMove', 'grant', 'revoke'], definedIn: ['functions/orgs/dynamo-org-store.ts', 'functions/orgs/org-tree.ts', 'functions/orgs/org-move.ts', 'functions/orgs/roles.ts', 'functions/handlers/orgs.ts'] };

export const reachableButUnused: Unused[] = [
  {
    functions: 'all',
    keys: ['table:dynamodb:Scan'],
    reason: 'verifyAuditChains (functions/audit/verify-chain.ts) runs only from scripts/audit-verify.ts with operator credentials; functions import checkChain from that file',
    notCalled: { names: ['verifyAuditChains'], definedIn: ['functions/audit/verify-chain.ts'] },
  },
  {
    functions: ['me', 'inbox', 'audit', 'orgs', 'roster', 'appraisal', 'vote', 'publicity', 'calendar', 'campaign', 'evidence', 'certificates', 'recovery'],
    keys: ['secret:WECHAT_APP_SECRET'],
    reason: 'functions/handlers/context.ts holds wechatConfig beside sessionOf; only log-in, joining, the dispatcher and the clock call WeChat',
    notCalled: { names: ['wechatConfig', 'dispatchDeps'], definedIn: ['functions/handlers/context.ts', 'functions/handlers/notify-context.ts'] },
  },
  {
    functions: ['dispatcher'],
    keys: ['secret:SESSION_SECRET'],
    reason: 'a stream consumer: no HTTP request, hence no session to sign or verify',
    notCalled: { names: ['sessionOf', 'optionalSessionOf', 'authContext'], definedIn: ['functions/handlers/context.ts'] },
  },
  {
    functions: ['clock'],
    keys: ['secret:SESSION_SECRET'],
    reason: 'a schedule: no HTTP request, hence no session; it imports appraisalDeps and publicityDeps from the handler files, whose routes verify sessions',
  },
  {
    functions: ['identityAccess'],
    keys: ['secret:WECHAT_APP_SECRET'],
    reason: 'functions/handlers/context.ts holds wechatConfig beside sessionOf; identity access calls no WeChat API',
    notCalled: { names: ['wechatConfig', 'dispatchDeps'], definedIn: ['functions/handlers/context.ts', 'functions/handlers/notify-context.ts'] },
  },
  {
    // outbox.ts routes a reporter's notice to reporter-notices.ts (reporterNoticePut), whose delivery — a
    // DeleteCommand taking the due item, a Query on byDueTime, the envelope unwrapped — runs only in the clock.
    functions: ['inbox', 'dispatcher', 'orgs', 'joining', 'roster', 'appraisal', 'calendar', 'campaign', 'evidence', 'recovery'],
    keys: ['kms:kms:GenerateDataKey', 'kms:kms:Decrypt'],
    reason: 'commitWithNotices (notify/outbox.ts) imports reporter-notices.ts, which imports the reporter envelope; these functions neither file reports nor deliver reporter notices',
    notCalled: {
      names: ['deliverReporterNotices', 'unwrap', 'newDataKey', 'openReporterIdentity', 'fileReport'],
      definedIn: ['functions/publicity/reporter-notices.ts', 'functions/publicity/reporter-envelope.ts', 'functions/publicity/reports.ts'],
    },
  },
  {
    functions: ['inbox', 'dispatcher'],
    keys: ['table:dynamodb:DeleteItem'],
    reason: 'the only delete in their graph is the delivery of a reporter notice (reporter-notices.ts), which only the clock runs',
    notCalled: { names: ['deliverReporterNotices'], definedIn: ['functions/publicity/reporter-notices.ts'] },
  },
  {
    functions: ['orgs', 'joining', 'appraisal', 'evidence', 'identityAccess', 'recovery'],
    keys: ['index:byDueTime'],
    reason: 'the only byDueTime query in their graph finds due reporter notices (reporter-notices.ts), which only the clock delivers',
    notCalled: { names: ['deliverReporterNotices'], definedIn: ['functions/publicity/reporter-notices.ts'] },
  },
  {
    functions: ['identityAccess'],
    keys: ['kms:kms:GenerateDataKey', 'secret:REPORT_RATE_SECRET'],
    reason: 'it imports getReport from reports.ts; filing a report (a new data key, the rate limits) is the publicity function\'s',
    notCalled: { names: ['fileReport', 'newDataKey', 'takeAll'], definedIn: ['functions/publicity/reports.ts', 'functions/publicity/reporter-envelope.ts', 'functions/publicity/rate-limit.ts'] },
  },
  {
    // The vote reads one appraisal (getAppraisal) and the voter's member item (the session check) and casts
    // (castIntoBox); the rest of the files it shares with the appraisal function opens, lists and seals ballots.
    functions: ['vote'],
    keys: [
      'table:dynamodb:PutItem',
      'table:dynamodb:UpdateItem',
      'table:dynamodb:DeleteItem',
      'table:dynamodb:BatchWriteItem',
      'table:dynamodb:BatchGetItem',
      'table:dynamodb:Query',
      'index:byOpenid',
      'index:byParent',
      'ballotBox:dynamodb:Query',
    ],
    reason: 'appraisal-store.ts and ballot-box.ts also open, list and seal ballots, and the directory (storage/dynamo-directory.ts) also finds members by openid and reads orgs by parent and in batches: the appraisal function\'s and log-in\'s work, never the vote\'s (it only reads the member by id)',
    notCalled: {
      names: ['putPreparingAppraisal', 'putElectorate', 'ballotIdsOfMember', 'appraisalsOfUnion', 'electorateOf', 'readSuggestions', 'placeMarkers', 'sealBox'],
      definedIn: ['functions/appraisal/appraisal-store.ts', 'functions/appraisal/ballot-box.ts'],
    },
  },
  // (Functions that delete or check conditions elsewhere hold those actions for their own writes: see the table.)
  {
    functions: ['appraisal', 'publicity', 'calendar', 'campaign', 'clock', 'identityAccess', 'recovery'],
    keys: ['table:dynamodb:ConditionCheckItem'],
    reason: 'they read orgs through dynamoOrgTree; its writes (add, change, move, grant, revoke) are called only by the orgs function',
    notCalled: orgTreeWrites,
  },
  {
    functions: ['publicity', 'calendar', 'campaign', 'recovery'],
    keys: ['table:dynamodb:DeleteItem'],
    reason: 'they read orgs through dynamoOrgTree (whose moves and revocations delete, called only by the orgs function) and commit through the outbox (whose reporter-notice delivery deletes, run only by the clock)',
    notCalled: { names: [...orgTreeWrites.names, 'deliverReporterNotices'], definedIn: [...orgTreeWrites.definedIn, 'functions/publicity/reporter-notices.ts'] },
  },
  {
    functions: ['publicity'],
    keys: ['kms:kms:Decrypt'],
    reason:
      'issue #15: kms:Decrypt on the reporter key only for the four-eyes identity-access path. publicity still reaches KmsKeyWrapper.unwrap (identity read, re-sent report) until that path lives in its own function',
  },
  {
    functions: ['clock'],
    keys: ['ballotBox:dynamodb:GetItem', 'ballotBox:dynamodb:PutItem', 'ballotBox:dynamodb:Query'],
    reason: 'the clock imports appraisalDeps from handlers/appraisal.ts, which drags casting and reading into its graph; it only calls sealDueAppraisals → sealBox (UpdateItem)',
  },
  {
    functions: ['clock'],
    keys: ['kms:kms:GenerateDataKey', 'secret:REPORT_RATE_SECRET'],
    reason: 'the clock imports publicityDeps from handlers/publicity.ts; it files no report',
  },
];

/**
 * Grants a function's code needs whose resource is not in serverless.yml yet (so nothing can be granted): each
 * names the missing piece. The unit test accepts these as used-but-ungranted; delete the entry when it lands.
 */
export const pendingGrants: { fn: string; keys: string[]; waitingFor: string }[] = [];
