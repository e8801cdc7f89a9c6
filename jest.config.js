/**
 * Two runs of the bot tests, with the same assertions: on botbuilder (the default adapter, with
 * every other test) and on the Teams SDK (POLKU_BOT_SDK=teams, set by tests/harness/teamsSdk.ts).
 * The bot tests are those that talk to /api/messages: the HTTP harness, faults, fuzz, the
 * Agents Playground end-to-end tests and the bot's token checks.
 */
const project = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: true }],
    // jose is ESM only: compiled to CommonJS for jest (Node runs it natively).
    '^.+/node_modules/jose/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs' }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: { '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js' },
};

const BOT_TESTS = [
  '<rootDir>/tests/bot/**/*.test.ts',
  '<rootDir>/tests/faults/**/*.test.ts',
  '<rootDir>/tests/fuzz/**/*.test.ts',
  '<rootDir>/tests/e2e/**/*.test.ts',
  '<rootDir>/tests/security/botAuth*.test.ts',
];

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/tests/harness/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/harness/globalTeardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  projects: [
    { ...project, displayName: 'botbuilder', testMatch: ['<rootDir>/tests/**/*.test.ts'] },
    {
      ...project,
      displayName: 'teams-sdk',
      testMatch: BOT_TESTS,
      setupFiles: ['<rootDir>/tests/harness/teamsSdk.ts'],
    },
  ],
};
