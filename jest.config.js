/** One jest run for shared, server and cross-workspace tests (see test/scripts/run-tests.mjs). */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared/src', '<rootDir>/server/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^@siyu/shared$': '<rootDir>/shared/src/index.ts' },
  globalSetup: '<rootDir>/server/src/testing/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
