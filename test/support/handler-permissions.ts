import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * A static reading of what a Lambda handler's code can ask AWS for: the import graph from the handler file
 * (relative imports and the @shared/@config aliases), and in every file of it the SDK commands it constructs,
 * turned into IAM actions. Over-approximates by design (a file in the graph counts whole): a command that some
 * imported file can send is reported even if this function never reaches that line; the test names such cases.
 *
 * DynamoDB: a transaction is authorised item by item (IAM has no TransactWriteItems action: a Put needs PutItem, a
 * Delete DeleteItem, a ConditionCheck ConditionCheckItem), so every transaction item literal of a file in the
 * graph counts. A file that names `box.table` writes the ballot box (functions/appraisal/ballot-box.ts); every
 * other file, the main table. Queries on an index are reported with the index's literal name.
 */
export const root = resolve(__dirname, '..', '..');

export interface UsedPermissions {
  /** Files of the import graph, relative to the repo root. */
  files: string[];
  table: Set<string>;
  /** Index names queried on the main table. */
  indexes: Set<string>;
  ballotBox: Set<string>;
  /** Object actions on the evidence bucket (functions/evidence/s3-evidence-store.ts). */
  s3: Set<string>;
  /** Actions on the audit anchor bucket (a file whose path names `anchor`: functions/audit/s3-anchor-store.ts). */
  anchors: Set<string>;
  kms: Set<string>;
  /** Secret names read through functions/config/secrets.ts `secret('NAME')`. */
  secrets: Set<string>;
  /** `<file>: <Command>` for every command found, for messages. */
  where: string[];
}

const dynamoCommands: Record<string, string[]> = {
  GetCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  QueryCommand: ['dynamodb:Query'],
  ScanCommand: ['dynamodb:Scan'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  TransactGetCommand: ['dynamodb:GetItem'],
  // The items of the transaction carry the actions (below).
  TransactWriteCommand: [],
};
const transactItemActions: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};
const s3Commands: Record<string, string> = {
  PutObjectCommand: 's3:PutObject',
  GetObjectCommand: 's3:GetObject',
  HeadObjectCommand: 's3:GetObject',
  DeleteObjectCommand: 's3:DeleteObject',
  ListObjectsV2Command: 's3:ListBucket',
  PutObjectRetentionCommand: 's3:PutObjectRetention',
  // A presigned POST is signed with the role's credentials: S3 checks PutObject when the phone posts.
  createPresignedPost: 's3:PutObject',
};
const kmsCommands: Record<string, string> = {
  GenerateDataKeyCommand: 'kms:GenerateDataKey',
  EncryptCommand: 'kms:Encrypt',
  DecryptCommand: 'kms:Decrypt',
  ReEncryptCommand: 'kms:ReEncrypt',
};

function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  else if (specifier.startsWith('@shared/')) base = join(root, 'shared', specifier.slice('@shared/'.length));
  else if (specifier.startsWith('@config/')) base = join(root, 'config', specifier.slice('@config/'.length));
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')]) {
    if (existsSync(candidate) && !candidate.endsWith('/') && /\.(ts|tsx|js|json)$/.test(candidate)) return candidate;
  }
  throw new Error(`${relative(root, from)}: cannot resolve '${specifier}'`);
}

/** Scans the import graph of one handler file (repo-relative path, e.g. functions/handlers/me.ts). */
export function scanHandler(handlerFile: string): UsedPermissions {
  const used: UsedPermissions = { files: [], table: new Set(), indexes: new Set(), ballotBox: new Set(), s3: new Set(), anchors: new Set(), kms: new Set(), secrets: new Set(), where: [] };
  const seen = new Set<string>();
  const queue = [join(root, handlerFile)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    used.files.push(relative(root, file));
    if (file.endsWith('.json')) continue;
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    scanFile(relative(root, file), source, text, used, (specifier, typeOnly) => {
      if (typeOnly) return;
      const target = resolveImport(file, specifier);
      if (target) queue.push(target);
    });
  }
  used.files.sort();
  return used;
}

function scanFile(name: string, source: ts.SourceFile, text: string, used: UsedPermissions, follow: (specifier: string, typeOnly: boolean) => void): void {
  // Identifiers imported from the AWS SDK in this file: local name → exported name.
  const sdk = new Map<string, string>();
  const box = /\bbox\.table\b/.test(text);
  const dynamo = box ? used.ballotBox : used.table;
  const anchors = name.includes('anchor');
  const note = (what: string) => used.where.push(`${name}: ${what}`);
  let transactions = false;
  const transactItems: string[] = [];

  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const specifier = node.moduleSpecifier.text;
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
      const typeOnly = ts.isImportDeclaration(node) ? Boolean(clause?.isTypeOnly) : node.isTypeOnly;
      // The AWS SDK's clients, and the project's own DynamoDB client (functions/storage/document-client.ts), whose
      // commands carry the SDK's names.
      const commandModule = specifier.startsWith('@aws-sdk/') || /(^|\/)storage\/document-client$|^\.\/document-client$/.test(specifier);
      if (commandModule && clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) sdk.set(element.name.text, (element.propertyName ?? element.name).text);
      }
      follow(specifier, typeOnly);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) follow(arg.text, false);
    }
    // A client loaded on first use: `const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3')`.
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer) {
      const call = ts.isAwaitExpression(node.initializer) ? node.initializer.expression : node.initializer;
      const [arg] = ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.ImportKeyword ? call.arguments : [];
      if (arg && ts.isStringLiteral(arg) && arg.text.startsWith('@aws-sdk/')) {
        for (const element of node.name.elements) {
          if (ts.isIdentifier(element.name)) sdk.set(element.name.text, element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text);
        }
      }
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) follow(arg.text, false);
    }
    const callee = ts.isNewExpression(node) || ts.isCallExpression(node) ? node.expression : undefined;
    if (callee && ts.isIdentifier(callee) && sdk.has(callee.text)) {
      const command = sdk.get(callee.text) as string;
      if (command in dynamoCommands) {
        for (const action of dynamoCommands[command] as string[]) dynamo.add(action);
        if (command === 'TransactWriteCommand') transactions = true;
        note(command);
      } else if (command in s3Commands) {
        (anchors ? used.anchors : used.s3).add(s3Commands[command] as string);
        note(command);
      } else if (command in kmsCommands) {
        used.kms.add(kmsCommands[command] as string);
        note(command);
      }
    }
    // secret('SESSION_SECRET') (functions/config/secrets.ts)
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'secret') {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) used.secrets.add(arg.text);
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text in transactItemActions && ts.isObjectLiteralExpression(node.parent)) {
      transactItems.push(node.name.text);
    }
    // A put that sets an Object Lock retention needs s3:PutObjectRetention besides s3:PutObject.
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'ObjectLockRetainUntilDate') {
      (anchors ? used.anchors : used.s3).add('s3:PutObjectRetention');
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'IndexName' && ts.isStringLiteral(node.initializer)) {
      used.indexes.add(node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // A transaction item built in this file counts wherever the transaction is sent (often another file).
  for (const item of transactItems) {
    dynamo.add(transactItemActions[item] as string);
    note(`${item} (transaction item)`);
  }
  if (transactions) note('TransactWriteCommand');
}
