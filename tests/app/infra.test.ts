/**
 * infra/ against the server and the requirements. No Bicep compiler can be installed
 * from the npm registry or Debian here, so the Bicep files are read by pattern; when a `bicep`
 * CLI is on the PATH, the last test also compiles them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVER_ENTRY } from '../../scripts/compiled';
import { START_COMMAND, serverPackages, stageWebApp, webAppPackageJson } from '../../scripts/package';
import { ROOT, bicep, configVariables, read } from './project';

const MAIN = 'infra/azure.bicep';
const main = bicep(MAIN);
const settings = new Map(main.appSettings.map((s) => [s.name, s.value]));

/** App Service's own settings, not read by the server. */
const PLATFORM_SETTINGS = ['WEBSITE_RUN_FROM_PACKAGE', 'SCM_DO_BUILD_DURING_DEPLOYMENT'];

/** Text without comments and string literals (keeping `${…}` interpolations), for bracket counting. */
function code(text: string): string {
  let out = '';
  let i = 0;
  const inString: number[] = []; // brace depth of each open interpolation, innermost last
  let depth = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i += 2;
      else if (c === "'") {
        quoted = false;
        i++;
      } else if (c === '$' && text[i + 1] === '{') {
        quoted = false;
        inString.push(depth);
        out += '{';
        depth++;
        i += 2;
      } else i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 2;
    } else if (c === "'") {
      quoted = true;
      i++;
    } else {
      if (c === '{') depth++;
      if (c === '}') {
        depth--;
        if (inString.length && inString[inString.length - 1] === depth) {
          inString.pop();
          quoted = true;
        }
      }
      out += c;
      i++;
    }
  }
  return out;
}

describe('infra/azure.bicep app settings', () => {
  it('are each a variable bot/config.ts reads (or App Service’s own)', () => {
    const config = configVariables();
    expect(config.length).toBeGreaterThan(10);
    const unknown = [...settings.keys()].filter((n) => !config.includes(n) && !PLATFORM_SETTINGS.includes(n));
    expect(unknown).toEqual([]);
    expect(new Set(settings.keys()).size).toBe(main.appSettings.length);
  });

  it('run the bot and the tables on the managed identity, with no secret and no demo data', () => {
    expect(settings.get('MicrosoftAppType')).toBe("'UserAssignedMSI'");
    expect(settings.get('MicrosoftAppId')).toBe('identity.properties.clientId');
    expect(settings.get('MicrosoftAppTenantId')).toBe('identity.properties.tenantId');
    expect(settings.get('AZURE_CLIENT_ID')).toBe('identity.properties.clientId');
    expect(settings.get('AZURE_TABLES_ACCOUNT_URL')).toMatch(/^'https:\/\/\$\{storage\.name\}\.table\./);
    expect(settings.get('POLKU_DEMO')).toBe("'off'");
    expect(settings.get('AAD_APP_CLIENT_ID')).toBe('aadAppClientId');
    expect(settings.has('POLKU_TABLE_PREFIX')).toBe(true);
    expect(settings.has('LOG_LEVEL')).toBe(true);
    for (const secret of ['MicrosoftAppPassword', 'AZURE_STORAGE_CONNECTION_STRING'])
      expect(settings.has(secret)).toBe(false);
    expect(main.text).not.toMatch(/listKeys\(|connectionString/i);
    expect(settings.get('WEBSITE_RUN_FROM_PACKAGE')).toBe("'1'");
  });
});

describe('infra/azure.bicep resources', () => {
  it('has a tables-only, TLS 1.2, keyless storage account', () => {
    const storage = /resource storage 'Microsoft\.Storage\/storageAccounts@[\d-]+' = \{([\s\S]*?)\n\}/.exec(
      main.text,
    )?.[1];
    expect(storage).toBeDefined();
    expect(storage).toMatch(/minimumTlsVersion: 'TLS1_2'/);
    expect(storage).toMatch(/allowBlobPublicAccess: false/);
    expect(storage).toMatch(/allowSharedKeyAccess: false/);
    expect(storage).toMatch(/supportsHttpsTrafficOnly: true/);
    // No blob containers, queues or file shares.
    expect(main.text).not.toMatch(/blobServices|queueServices|fileServices/);
  });

  it('gives the user-assigned identity "Storage Table Data Contributor" on the account', () => {
    expect(main.text).toMatch(/Microsoft\.ManagedIdentity\/userAssignedIdentities@/);
    expect(main.text).toMatch(/tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'/);
    const role = /resource \w+ 'Microsoft\.Authorization\/roleAssignments@[\d-]+' = \{([\s\S]*?)\n\}/.exec(
      main.text,
    )?.[1];
    expect(role).toMatch(/scope: storage/);
    expect(role).toMatch(/principalId: identity\.properties\.principalId/);
    expect(role).toMatch(
      /roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', tableDataContributorRoleId\)/,
    );
  });

  it('runs a Linux Node 20 web app from its package, with the identity, health check and start command', () => {
    expect(main.text).toMatch(/param linuxFxVersion string = 'NODE\|20-lts'/);
    expect(main.text).toMatch(/kind: 'app,linux'/);
    expect(main.text).toMatch(/reserved: true/);
    expect(main.text).toMatch(/httpsOnly: true/);
    expect(main.text).toMatch(/healthCheckPath: '\/healthz'/);
    expect(main.text).toMatch(/type: 'UserAssigned'/);
    expect(main.text).toContain(`appCommandLine: '${START_COMMAND}'`);
  });

  it('registers the Azure Bot on the managed identity, at /api/messages, with the Teams channel', () => {
    const module = main.modules.find((m) => m.path === './botRegistration/azurebot.bicep');
    expect(module).toBeDefined();
    const bot = bicep(path.posix.join('infra', module!.path));
    expect(bot.text).toMatch(/endpoint: 'https:\/\/\$\{botAppDomain\}\/api\/messages'/);
    expect(bot.text).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(bot.text).toMatch(/channelName: 'MsTeamsChannel'/);
    const declared = bot.params.map((p) => p.name);
    expect(module!.params.filter((p) => !declared.includes(p))).toEqual([]);
    const required = bot.params.filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required.filter((p) => !module!.params.includes(p))).toEqual([]);
  });

  it('takes exactly the parameters azure.parameters.json gives, or has defaults', () => {
    const file = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, unknown> };
    const given = Object.keys(file.parameters);
    const declared = main.params.map((p) => p.name);
    expect(given.filter((p) => !declared.includes(p))).toEqual([]);
    expect(main.params.filter((p) => !p.hasDefault && !given.includes(p.name)).map((p) => p.name)).toEqual([]);
  });

  it.each(['infra/azure.bicep', 'infra/botRegistration/azurebot.bicep'])('%s has balanced brackets', (file) => {
    const text = code(read(file));
    for (const [open, close] of [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]) {
      expect(text.split(open).length).toBe(text.split(close).length);
    }
  });

  const bicepCli = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((d) => path.join(d, 'bicep'))
    .find((f) => fs.existsSync(f));
  (bicepCli ? it : it.skip)('compiles with the Bicep CLI on the PATH', () => {
    for (const file of ['infra/azure.bicep', 'infra/botRegistration/azurebot.bicep']) {
      const r = spawnSync(bicepCli!, ['build', '--stdout', path.join(ROOT, file)], { encoding: 'utf8' });
      expect(r.stderr).not.toMatch(/Error BCP/);
      expect(r.status).toBe(0);
    }
  });
});

describe('the staged web app (npm run package -- --webapp)', () => {
  const pkg = JSON.parse(read('package.json')) as Parameters<typeof webAppPackageJson>[0];

  it('runs the compiled server with plain node, as npm start does', () => {
    expect(START_COMMAND).toBe(`node ${SERVER_ENTRY}`);
    expect(pkg.scripts?.start).toMatch(new RegExp(`&& exec ${START_COMMAND}$`));
    expect(pkg.scripts?.start).toContain('build-bot.mjs');
  });

  it('depends on what the compiled server requires, not on the tab’s bundled libraries', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-needed-'));
    try {
      fs.mkdirSync(path.join(root, 'dist', 'bot'), { recursive: true });
      // esbuild's output: type-only imports are gone, the rest are require calls.
      fs.writeFileSync(
        path.join(root, 'dist', 'bot', 'index.js'),
        'var import_restify = __toESM(require("restify"));\nvar import_x = require("./x");\n' +
          'const { Workbook } = await Promise.resolve().then(() => __toESM(require("exceljs")));\n',
      );
      fs.mkdirSync(path.join(root, 'dist', 'scripts'), { recursive: true });
      fs.writeFileSync(path.join(root, 'dist', 'scripts', 'reminders.js'), 'var import_app = require("../bot/app");\n');
      expect(serverPackages(root)).toEqual(['exceljs', 'restify']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('lists production dependencies only, each at the version package.json gives, and only start', () => {
    const staged = webAppPackageJson(pkg, ['azurite', 'botbuilder', 'restify']);
    expect(staged.scripts).toEqual({ start: START_COMMAND });
    expect(staged.devDependencies).toBeUndefined();
    expect(staged.dependencies).toEqual({
      azurite: pkg.dependencies?.azurite,
      botbuilder: pkg.dependencies?.botbuilder,
      restify: pkg.dependencies?.restify,
    });
    expect(() => webAppPackageJson(pkg, ['tsx'])).toThrow(/tsx, which package.json lists under devDependencies/);
    expect(() => webAppPackageJson(pkg, ['no-such-package'])).toThrow(/no-such-package/);
  });

  it('holds the compiled server, the built tab and the package files, and nothing else', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-stage-'));
    try {
      const write = (rel: string, text = '') => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      };
      write('bot/index.ts', "import restify from 'restify';\n");
      write('tab/dist/index.html');
      write('tests/x.test.ts', "import 'jest';\n");
      write('package-lock.json', '{}');
      write('tsconfig.json', '{}');
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
      const out = path.join(root, 'dist', 'webapp');
      expect(() => stageWebApp({ root, outDir: out })).toThrow(/dist\/bot\/index.js is missing: run `npm run build`/);

      write('dist/bot/index.js', 'var import_restify = __toESM(require("restify"));\n');
      write('dist/bot/storage/azurite-child.js', "const T = require('azurite/dist/src/table/TableServer').default;\n");
      write('dist/bot/cards/templates/help.json', '{}');
      write('dist/scripts/reminders.js', 'var import_app = require("../bot/app");\n');
      const staged = stageWebApp({ root, outDir: out });
      expect(staged.entries).toEqual(['dist', 'package-lock.json', 'package.json', 'tab']);
      expect(staged.dependencies).toEqual(['azurite', 'restify']);
      expect(fs.readdirSync(path.join(out, 'dist')).sort()).toEqual(['bot', 'scripts']);
      expect(fs.existsSync(path.join(out, 'dist', 'bot', 'storage', 'azurite-child.js'))).toBe(true);
      expect(fs.existsSync(path.join(out, 'dist', 'bot', 'cards', 'templates', 'help.json'))).toBe(true);
      expect(fs.readdirSync(path.join(out, 'tab'))).toEqual(['dist']);

      // A source edited after the build would deploy old code.
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(path.join(root, 'bot', 'index.ts'), later, later);
      expect(() => stageWebApp({ root, outDir: out })).toThrow(/bot\/ has changed since dist\/bot\/index.js was built/);
      fs.rmSync(path.join(root, 'tab', 'dist', 'index.html'));
      expect(() => stageWebApp({ root, outDir: out })).toThrow(/npm run build/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
