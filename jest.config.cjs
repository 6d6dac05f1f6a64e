// One jest run for the whole repo: unit tests beside each package, end-to-end tests in test/.
// Sources are TypeScript ESM; @swc/jest turns them into CommonJS for jest (see toolchain-notes.md).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // ESM-only dependencies must be transformed too under pnpm's layout.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(p-queue|p-timeout|eventemitter3)[@/])'],
  moduleNameMapper: {
    '^@crosspoint/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
