/**
 * No secret in the repository: every tracked text file is scanned (secretScan.ts). The scanner
 * is shown to work first, on samples made here at run time (random keys, a real RSA private
 * key, a signed JWT…: nothing secret-shaped is written in this file itself), each of which it
 * must find, and on the look-alikes it must let pass (Azurite's public key, placeholders).
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AZURITE_ACCOUNT_KEY, type Finding, isText, scanText } from './secretScan';

const ROOT = path.resolve(__dirname, '..', '..');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function random(n: number, alphabet = ALNUM): string {
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** One sample of each kind, as it would appear in a committed file. */
function planted(): { kind: string; file: string; text: string }[] {
  const storageKey = randomBytes(64).toString('base64');
  const entra = `${random(3)}8Q~${random(34, `${ALNUM}_~.-`)}`;
  const sig = encodeURIComponent(randomBytes(32).toString('base64'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const jwt = `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ aud: 'x', exp: 2000000000, oid: 'y' })}.${randomBytes(32).toString('base64url')}`;
  return [
    {
      kind: 'Azure Storage account key (AccountKey=)',
      file: 'infra/notes.md',
      text: `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=polkuprod;AccountKey=${storageKey};EndpointSuffix=core.windows.net"`,
    },
    {
      kind: 'Azure Storage account key (a *_KEY setting)',
      file: 'scripts/deploy.sh',
      text: `export AZURE_STORAGE_KEY=${storageKey}`,
    },
    {
      kind: 'SAS signature (sig=)',
      file: 'README.md',
      text: `https://polkuprod.table.core.windows.net/pilots?sv=2022-11-02&ss=t&srt=sco&sp=rwdlacu&se=2027-01-01T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=${sig}`,
    },
    { kind: 'private key block', file: 'infra/key.pem', text: pem },
    { kind: 'private key block', file: 'tests/fixtures/rsa.pem', text: pkcs1 },
    { kind: 'Entra ID client secret', file: 'teamsapp.yml', text: `clientSecret: ${entra}` },
    { kind: 'JSON Web Token', file: 'tests/api/fixture.ts', text: `const token = '${jwt}';` },
    {
      kind: 'password or secret in an env file',
      file: 'env/.env.dev.user',
      text: `SECRET_BOT_PASSWORD=${entra}\n`,
    },
    {
      kind: 'password or secret in an env file',
      file: '.localConfigs',
      text: `MicrosoftAppId=00000000-1111-2222-3333-444444444444\nMicrosoftAppPassword=${random(40)}\n`,
    },
    { kind: 'npm access token', file: 'scripts/publish.sh', text: `NPM_TOKEN=npm_${random(36)}` },
    {
      kind: 'npm auth token in an .npmrc',
      file: '.npmrc',
      text: `//registry.npmjs.org/:_authToken=${random(36)}`,
    },
    { kind: 'GitHub token', file: '.github/workflows/ci.yml', text: `token: ghp_${random(36)}` },
    {
      kind: 'AWS access key id',
      file: 'x.json',
      text: `{"key": "AKIA${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}"}`,
    },
    {
      kind: 'Shared access key (Service Bus, Event Hubs, IoT)',
      file: 'x.txt',
      text: `Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${randomBytes(32).toString('base64')}`,
    },
    {
      kind: 'Teams incoming webhook',
      file: 'x.md',
      text: `https://contoso.webhook.office.com/webhookb2/${random(8)}-${random(4)}@${random(8)}/IncomingWebhook/${random(32)}/${random(8)}`,
    },
  ];
}

describe('the secret scanner', () => {
  it('finds each kind of planted secret, and says where without repeating it', () => {
    for (const sample of planted()) {
      const found = scanText(sample.file, `line one\n${sample.text}\nline three\n`);
      expect({ sample: sample.kind, kinds: found.map((f) => f.kind) }).toEqual({
        sample: sample.kind,
        kinds: expect.arrayContaining([sample.kind]),
      });
      const f = found.find((x) => x.kind === sample.kind)!;
      // The sample starts on line 2 of the text.
      expect(f.line).toBeGreaterThanOrEqual(2);
      expect(f.line).toBeLessThanOrEqual(1 + sample.text.trimEnd().split('\n').length);
      expect(f.file).toBe(sample.file);
      // The hint is 4 characters and a length: never the secret.
      expect(f.hint).toMatch(/^.{0,4}… \(\d+ characters\)$/);
    }
  });

  it("lets Azurite's published devstore key, placeholders and empty settings pass", () => {
    const azurite = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;`;
    expect(scanText('bot/storage/azurite.ts', azurite)).toEqual([]);
    const env = [
      'SECRET_BOT_PASSWORD=',
      'MicrosoftAppPassword=${{SECRET_BOT_PASSWORD}}',
      'AZURE_STORAGE_CONNECTION_STRING=<your connection string>',
      'BOT_ID=',
      '# SECRET_X=comment',
    ].join('\n');
    expect(scanText('env/.env.dev', env)).toEqual([]);
    // A password in a test's code is not an env file's (the tests' "not-a-real-secret").
    expect(scanText('tests/bot/http.test.ts', "MicrosoftAppPassword: 'not-a-real-secret'")).toEqual([]);
  });

  it('a different storage key in a connection string is not excused by looking like Azurite', () => {
    const other = `${AZURITE_ACCOUNT_KEY.slice(0, 40)}${'A'.repeat(46)}==`;
    expect(scanText('x.ts', `AccountKey=${other};`).map((f) => f.kind)).toEqual([
      'Azure Storage account key (AccountKey=)',
    ]);
  });
});

describe('the repository', () => {
  it('has no secret in any tracked text file', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0')
      .filter(Boolean);
    // Sanity: the listing is the repository's (a broken git call must not pass as "nothing found").
    expect(files).toEqual(expect.arrayContaining(['package.json', 'bot/server.ts']));
    const findings: Finding[] = [];
    let scanned = 0;
    for (const file of files) {
      const full = path.join(ROOT, file);
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) continue; // deleted in the work tree
      const bytes = fs.readFileSync(full);
      if (!isText(bytes)) continue;
      scanned++;
      findings.push(...scanText(file, bytes.toString('utf8')));
    }
    expect(scanned).toBeGreaterThan(50);
    expect(findings).toEqual([]);
  });
});
