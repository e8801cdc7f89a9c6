// Preloaded into a server started by tests/app/startup.test.ts (`node -r <this> dist/bot/index.js`):
// when the process exits, writes the files it required (require.cache) to POLKU_LOADED_OUT.
const fs = require('node:fs');

process.on('exit', () => {
  fs.writeFileSync(process.env.POLKU_LOADED_OUT, JSON.stringify(Object.keys(require.cache)));
});
