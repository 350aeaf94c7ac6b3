import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionGrants, pendingGrants, reachableButUnused } from '../../support/function-permissions';
import { root, scanHandler, type UsedPermissions } from '../../support/handler-permissions';

/** serverless.yml's functions and their handler files, read as text (no template needed for this check). */
function declaredHandlers(): Record<string, string> {
  const yml = readFileSync(join(root, 'serverless.yml'), 'utf8');
  const section = yml.slice(yml.indexOf('\nfunctions:\n'), yml.indexOf('\nresources:\n'));
  const found: Record<string, string> = {};
  for (const match of section.matchAll(/^ {2}([A-Za-z0-9]+):\n(?: {4}#.*\n)* {4}handler: ([^\s]+)\.handler$/gm)) found[match[1] as string] = `${match[2]}.ts`;
  return found;
}

const handlers = declaredHandlers();
const scans = new Map<string, UsedPermissions>();
const scanOf = (fn: string): UsedPermissions => {
  if (!scans.has(fn)) scans.set(fn, scanHandler(handlers[fn] as string));
  return scans.get(fn) as UsedPermissions;
};

/** Everything a function's code can ask for, as `table:<action>`, `index:<name>`, `ballotBox:<action>`, … */
function usedKeys(used: UsedPermissions): string[] {
  return [
    ...[...used.table].map((a) => `table:${a}`),
    ...[...used.indexes].map((i) => `index:${i}`),
    ...[...used.ballotBox].map((a) => `ballotBox:${a}`),
    ...[...used.s3].map((a) => `s3:${a}`),
    ...[...used.anchors].map((a) => `anchors:${a}`),
    ...[...used.kms].map((a) => `kms:${a}`),
    ...[...used.secrets].map((s) => `secret:${s}`),
  ].sort();
}

function grantedKeys(fn: string): string[] {
  const g = functionGrants[fn];
  if (!g) return [];
  const keyActions = [...new Set([...g.reporterKey, ...g.watcherKey])];
  return [
    ...g.table.map((a) => `table:${a}`),
    ...g.indexes.map((i) => `index:${i}`),
    ...g.ballotBox.map((a) => `ballotBox:${a}`),
    ...(g.s3?.actions ?? []).map((a) => `s3:${a}`),
    ...g.auditAnchors.map((a) => `anchors:${a}`),
    ...keyActions.map((a) => `kms:${a}`),
    ...g.secrets.map((s) => `secret:${s}`),
  ].sort();
}

const unusedFor = (fn: string): string[] => [
  ...reachableButUnused.filter((u) => u.functions === 'all' || u.functions.includes(fn)).flatMap((u) => u.keys),
  ...pendingGrants.filter((p) => p.fn === fn).flatMap((p) => p.keys),
];

describe('each function is granted what its code asks AWS for, and nothing else (issue #15)', () => {
  it('has a grant table entry for every function serverless.yml declares, and none for a function it does not', () => {
    expect(Object.keys(handlers).length).toBeGreaterThan(10);
    expect(Object.keys(functionGrants).sort()).toEqual(Object.keys(handlers).sort());
  });

  it.each(Object.keys(functionGrants))('%s: every grant is something its code can send, everything else its code can send is listed as never called', (fn) => {
    const used = usedKeys(scanOf(fn));
    const granted = grantedKeys(fn);
    // No dead grant: each granted action appears in the handler's import graph.
    expect(granted.filter((k) => !used.includes(k))).toEqual([]);
    // Nothing the code can send is missing, except what the table lists as reachable but never called.
    const unused = unusedFor(fn).filter((k) => used.includes(k));
    expect(used.filter((k) => !granted.includes(k) && !unused.includes(k))).toEqual([]);
    // An exclusion is never also a grant.
    expect(granted.filter((k) => unusedFor(fn).includes(k))).toEqual([]);
  });

  it('lists no stale exclusion: each one is reachable in at least one function it names', () => {
    for (const p of pendingGrants) for (const key of p.keys) expect({ key, reachable: usedKeys(scanOf(p.fn)).includes(key) }).toEqual({ key, reachable: true });
    for (const u of reachableButUnused) {
      const fns = u.functions === 'all' ? Object.keys(functionGrants) : u.functions;
      for (const key of u.keys) expect({ key, reachable: fns.some((fn) => usedKeys(scanOf(fn)).includes(key)) }).toEqual({ key, reachable: true });
    }
  });

  it('checks the calls an exclusion relies on: none of them is made in the function\'s import graph outside where it is defined', () => {
    for (const u of reachableButUnused) {
      if (!u.notCalled) continue;
      const fns = u.functions === 'all' ? Object.keys(functionGrants) : u.functions;
      for (const fn of fns) {
        const callers = scanOf(fn).files.filter((file) => {
          if (u.notCalled?.definedIn.includes(file)) return false;
          const text = readFileSync(join(root, file), 'utf8');
          return u.notCalled?.names.some((name) => new RegExp(`(?<!function\\s+)(?<![\\w$])\\.?${name}\\s*\\(`).test(text));
        });
        expect({ fn, names: u.notCalled.names, callers }).toEqual({ fn, names: u.notCalled.names, callers: [] });
      }
    }
  });

  it('keeps the ballot box to the appraisal, vote and clock functions, and the box\'s code to one file that names no other table', () => {
    const touching = Object.keys(handlers).filter((fn) => scanOf(fn).ballotBox.size > 0);
    expect(touching.sort()).toEqual(['appraisal', 'clock', 'vote']);
    const box = readFileSync(join(root, 'functions/appraisal/ballot-box.ts'), 'utf8');
    expect([...box.matchAll(/TableName: ([\w.]+)/g)].map((m) => m[1])).toEqual(expect.arrayContaining(['box.table']));
    expect([...box.matchAll(/TableName: ([\w.]+)/g)].every((m) => m[1] === 'box.table')).toBe(true);
  });

  it('finds the command of a line that a function does not yet perform (the scan is not blind)', () => {
    // The orgs function deletes role items inside a transaction; the scan must see it (else the test above proves nothing).
    expect(scanOf('orgs').table.has('dynamodb:DeleteItem')).toBe(true);
    expect(scanOf('health').table.has('dynamodb:DeleteItem')).toBe(false);
    expect(scanOf('roster').s3.has('s3:PutObject')).toBe(true);
    expect(scanOf('publicity').kms.has('kms:GenerateDataKey')).toBe(true);
  });
});
