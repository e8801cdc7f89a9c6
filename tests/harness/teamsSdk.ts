/**
 * The bot tests' second run (jest.config.js, project "teams-sdk"): every Polku a test starts, in
 * this process or spawned, uses the Teams SDK adapter. The assertions are the same as on botbuilder.
 */
process.env.POLKU_BOT_SDK = 'teams';

/**
 * The crash test (tests/faults/crash.test.ts) kills the embedded store, which both runs share: on
 * botbuilder it kills the child 10 times and the server 4 times; here 4 and 2 are enough to see
 * the Teams SDK adapter answer "saved" only for what was kept (npm test's time on 2 cores).
 */
process.env.POLKU_CRASH_KILLS ??= '4';
process.env.POLKU_CRASH_SERVER_KILLS ??= '2';
