import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';

/**
 * DESIGN.md §2: shared/ bundles into the mini-program, so it imports no AWS SDK, no Taro and no Node built-in.
 * (ESLint enforces the same with no-restricted-imports; this test keeps it true even where lint is not run.)
 */
const root = resolve(__dirname, '..', '..', '..');
const forbidden = (specifier: string): boolean =>
  specifier.startsWith('@aws-sdk/') ||
  specifier.startsWith('@tarojs/') ||
  specifier.startsWith('node:') ||
  builtinModules.includes(specifier.split('/')[0] ?? specifier);

function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(pattern)) found.push((match[1] ?? match[2] ?? match[3] ?? match[4]) as string);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js)$/.test(name) ? [path] : [];
  });
}

describe('the dependency rule of shared/', () => {
  it('finds forbidden imports in a sample that breaks the rule (the checker itself works)', () => {
    const sample = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport Taro from '@tarojs/taro';\nimport { readFileSync } from 'fs';\nimport * as path from 'node:path';\nconst c = require('crypto');\nimport * as z from 'zod';`;
    expect(importsOf(sample).filter(forbidden)).toEqual(['@aws-sdk/client-dynamodb', '@tarojs/taro', 'fs', 'node:path', 'crypto']);
  });

  it('holds for every file under shared/', () => {
    const files = sourceFiles(join(root, 'shared'));
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter(forbidden)
        .map((specifier) => `${relative(root, file)} imports ${specifier}`),
    );
    expect(violations).toEqual([]);
  });
});
