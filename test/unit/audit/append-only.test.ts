import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as auditTrail from '../../../functions/audit/audit-trail';

/**
 * DESIGN.md invariant 6: the audit trail has no update or delete path. A text check over the server code: no file
 * that deals with audit items (AUDIT# keys or the audit key builders) may update or delete items at all, and the
 * audit module exports only ways to append.
 */
const root = resolve(__dirname, '..', '..', '..');
const writesThatChange = /\b(UpdateCommand|UpdateItemCommand|DeleteCommand|DeleteItemCommand|UpdateItem|DeleteItem|DeleteRequest|BatchWriteItem|PartiQL|ExecuteStatement|BatchExecuteStatement)\b|\b(Update|Delete)\s*:/;
const touchesAudit = /AUDIT#|AUDITSCOPE#|auditKeys|audit-items|auditPrefix/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Lines of a file that could change an audit item, when the file touches audit items at all. */
function violations(source: string): string[] {
  if (!touchesAudit.test(source)) return [];
  return source.split('\n').filter((line) => writesThatChange.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line));
}

describe('the audit trail is append-only', () => {
  it('flags a sample that updates or deletes an audit event (the check itself works)', () => {
    const sample = [
      "import { DeleteCommand, UpdateCommand } from '../../../functions/storage/document-client';",
      "await db.send(new UpdateCommand({ TableName, Key: { pk: 'AUDIT#application#a1', sk: 'EVENT#0000000001' }, UpdateExpression: 'SET reason = :r' }));",
      "items.push({ Delete: { TableName, Key: auditKeys.event('application', 'a1', 1) } });",
    ].join('\n');
    expect(violations(sample)).toHaveLength(3);
    expect(violations("await db.send(new UpdateCommand({ Key: { pk: 'APPLICATION#a1' } }));")).toEqual([]);
  });

  it('holds for every file under functions/ and scripts/', () => {
    const files = [...sourceFiles(join(root, 'functions')), ...sourceFiles(join(root, 'scripts'))];
    expect(files.some((file) => file.endsWith(join('audit', 'audit-trail.ts')))).toBe(true);
    const found = files.flatMap((file) => violations(readFileSync(file, 'utf8')).map((line) => `${relative(root, file)}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it('exports no function that updates, deletes, replaces or rewrites an event', () => {
    const functions = Object.entries(auditTrail).filter(([, value]) => typeof value === 'function').map(([name]) => name);
    expect(functions.sort()).toEqual(['appendAuditEvents', 'isAuditChainRace', 'prepareAuditWrites']);
    for (const name of functions) expect(name).not.toMatch(/update|delete|remove|replace|rewrite|edit|purge/i);
  });

  it('guards every event it writes with attribute_not_exists, so an event is never overwritten', () => {
    const source = readFileSync(join(root, 'functions', 'audit', 'audit-trail.ts'), 'utf8');
    expect(source).toMatch(/Item: eventItem\(event\), ConditionExpression: 'attribute_not_exists\(pk\)'/);
  });
});
