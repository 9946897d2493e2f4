/**
 * One jest run for every workspace (see test/scripts/run-tests.mjs):
 * - node:    shared, server and cross-workspace tests (start-up, concurrency, browser end-to-end)
 * - admin:   admin console component tests (jsdom)
 * - miniapp: mini-program component tests (jsdom, Taro's H5 runtime; babel as toolchain-notes.md says)
 */
const swc = (tsx) => [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx }, target: 'es2022', transform: { react: { runtime: 'automatic' } } },
    module: { type: 'commonjs' },
  },
];
const sharedMapper = { '^@siyu/shared$': '<rootDir>/shared/src/index.ts' };

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/server/src/testing/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  projects: [
    {
      displayName: 'node',
      rootDir: __dirname,
      testEnvironment: 'node',
      roots: ['<rootDir>/shared/src', '<rootDir>/server/src', '<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc(false) },
      moduleNameMapper: sharedMapper,
    },
    {
      displayName: 'admin',
      rootDir: __dirname,
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/admin/src'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.(t|j)sx?$': swc(true) },
      moduleNameMapper: { ...sharedMapper, '\\.(css|less)$': '<rootDir>/test/support/style-stub.js' },
    },
    {
      // Taro ships nested ES modules, so everything goes through babel (transformIgnorePatterns: []).
      displayName: 'miniapp',
      rootDir: __dirname,
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/miniapp/src'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      setupFiles: ['<rootDir>/miniapp/jest.setup.js'],
      transform: {
        '^.+\\.(m?js|jsx|ts|tsx)$': [
          'babel-jest',
          {
            babelrc: false,
            configFile: false,
            presets: [['@babel/preset-env', { targets: { node: 'current' } }], ['@babel/preset-react', { runtime: 'automatic' }], '@babel/preset-typescript'],
          },
        ],
      },
      transformIgnorePatterns: [],
      moduleNameMapper: {
        ...sharedMapper,
        '^@tarojs/components$': '@tarojs/components/lib/react',
        '^@tarojs/taro$': '@tarojs/taro-h5',
        '^@/(.*)$': '<rootDir>/miniapp/src/$1',
        '\\.(css|less)$': '<rootDir>/test/support/style-stub.js',
        '\\.(png|jpg|svg)$': '<rootDir>/test/support/style-stub.js',
      },
    },
  ],
};
