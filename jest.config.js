// One jest, four projects: unit (pure), integration (DynamoDB Local + WeChat stand-in), weapp (the WeChat build, read
// and evaluated in a sandbox of the oldest supported engine), e2e (H5 build in Chromium).
const tsJest = [
  'ts-jest',
  {
    tsconfig: { isolatedModules: true, module: 'commonjs', moduleResolution: 'node', allowJs: true, esModuleInterop: true, jsx: 'react-jsx' },
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|tsx|js|mjs)$': tsJest },
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  moduleNameMapper: {
    '^@shared/(.*)$': '<rootDir>/shared/$1',
    '^@config/(.*)$': '<rootDir>/config/$1',
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
};

module.exports = {
  // Real DynamoDB Local and Chromium on 2 cores: a test that seeds a table and drives a whole campaign takes seconds.
  // (A per-project testTimeout is not supported by jest 29.)
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // The product's clock starts at a fixed instant in every file (DESIGN.md invariant 12).
      setupFiles: [...common.setupFiles, '<rootDir>/test/integration/setup-clock.ts', '<rootDir>/test/integration/setup-secrets.ts'],
      // Each file on a DynamoDB Local of its own, stopped after the file's last hook.
      testEnvironment: '<rootDir>/test/integration/dynamodb-environment.ts',
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
    },
    {
      ...common,
      displayName: 'weapp',
      // The mini-program as WeChat runs it: the weapp build read and evaluated in a sandbox of the oldest engine.
      testMatch: ['<rootDir>/test/weapp/**/*.test.ts'],
      globalSetup: '<rootDir>/test/weapp/global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
  ],
};
