// ESLint (flat config): TypeScript rules everywhere, and the dependency rule of DESIGN.md §2 for shared/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

const builtinMessage = 'shared/ must not import Node built-ins (DESIGN.md §2): it bundles into the mini-program.';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.serverless/**', '.esbuild/**', '.esbuild-*/**', '.data/**', 'coverage/**', 'test/artifacts/**', 'miniprogram/.swc/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'no-console': ['error', { allow: ['info', 'warn', 'error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts', 'shared/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Exact names (a pattern "domain" would also match our own ./domain folder).
          paths: builtinModules.map((name) => ({ name, message: builtinMessage })),
          patterns: [
            { group: ['@aws-sdk/*'], message: 'shared/ must not import the AWS SDK (DESIGN.md §2): put it behind a port in functions/.' },
            { group: ['@tarojs/*'], message: 'shared/ must not import Taro (DESIGN.md §2): it runs on the server too.' },
            { group: ['node:*'], message: builtinMessage },
          ],
        },
      ],
    },
  },
  {
    files: ['miniprogram/src/**/*.ts', 'miniprogram/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, 'no-console': 'error' },
  },
);
