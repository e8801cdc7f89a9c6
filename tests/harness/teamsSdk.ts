/**
 * The bot tests' second run (jest.config.js, project "teams-sdk"): every Polku a test starts, in
 * this process or spawned, uses the Teams SDK adapter. The assertions are the same as on botbuilder.
 */
process.env.POLKU_BOT_SDK = 'teams';
