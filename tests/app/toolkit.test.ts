/**
 * teamsapp.yml, teamsapp.local.yml, env/, appPackage/, aad.manifest.json and infra/ agree:
 * - both files match the Toolkit's own schema for the version they declare;
 * - walking each lifecycle in order, as the Toolkit runs it, every `${{VAR}}` a step uses (in
 *   the step itself and in the files it reads: the Teams manifest and its localisation files,
 *   aad.manifest.json, the ARM parameters) is set in env/.env.<env> or written by an earlier step;
 * - every key of env/.env.<env> is used or written by something, and every file named exists;
 * - with the values provision writes, `npm run package -- --strict` builds a valid package.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { buildAppPackage, placeholdersIn, previewValue } from '../../scripts/package';
import {
  LIFECYCLES,
  type Step,
  bicep,
  configVariables,
  envFile,
  environmentsOf,
  exists,
  loadToolkitYaml,
  placeholdersOfFile,
  read,
} from './project';

const FILES = ['teamsapp.yml', 'teamsapp.local.yml'];

/** The Toolkit's schema versions kept in tests/app/schemas (from the npm package @microsoft/teamsfx-core). */
const SCHEMAS: Record<string, string> = { 'v1.11': 'schemas/teamsapp-yaml-v1.11.schema.json' };

/**
 * Set before provision by whoever deploys (the env files say so beside each): the publisher's
 * addresses, and for `local` the tunnel's address.
 */
const FILLED_BY_HAND: Record<string, string[]> = {
  dev: ['PUBLISHER_WEBSITE_URL', 'PUBLISHER_PRIVACY_URL', 'PUBLISHER_TERMS_URL'],
  local: ['PUBLISHER_WEBSITE_URL', 'PUBLISHER_PRIVACY_URL', 'PUBLISHER_TERMS_URL', 'BOT_ENDPOINT', 'BOT_DOMAIN'],
};

/**
 * Set by the Toolkit itself: TEAMSFX_ENV always; for files with Azure actions, the subscription
 * and resource group (asked for when empty) and RESOURCE_SUFFIX (generated when empty).
 */
const AZURE_ACTIONS = new Set(['arm/deploy', 'azureAppService/zipDeploy']);
const TOOLKIT_BUILT_INS = ['TEAMSFX_ENV'];
const AZURE_BUILT_INS = ['AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'RESOURCE_SUFFIX'];

/**
 * Outputs an action writes without being named in writeToEnvironmentFile; aadApp/update
 * generates its permission id (when empty) before it fills the Entra manifest that uses it.
 */
const IMPLICIT_OUTPUTS: Record<string, string[]> = {
  // teamsApp/create's internal output (driver/teamsApp/create.js: internalOutputNames).
  'teamsApp/create': ['TEAMS_APP_TENANT_ID'],
  // driver/aad/utility/buildAadManifest.js: a new id when the manifest uses the placeholder.
  'aadApp/update': ['AAD_APP_ACCESS_AS_USER_PERMISSION_ID'],
};
const GENERATED_BEFORE_USE = new Set(['aadApp/update']);

function withOf(step: Step): Record<string, unknown> {
  return step.with ?? {};
}

/** Variables a step needs: in its own text and in the files it reads. */
function inputsOf(step: Step): string[] {
  const names = new Set(placeholdersIn(JSON.stringify(step.with ?? {})));
  const w = withOf(step);
  if (typeof w.manifestPath === 'string') for (const n of placeholdersOfFile(w.manifestPath)) names.add(n);
  if (step.uses === 'arm/deploy') {
    for (const t of w.templates as { parameters?: string }[]) {
      if (t.parameters) for (const n of placeholdersIn(read(t.parameters))) names.add(n);
    }
  }
  return [...names];
}

/** Variables a step writes to the environment. */
function outputsOf(step: Step): string[] {
  const names = [...Object.values(step.writeToEnvironmentFile ?? {}), ...(IMPLICIT_OUTPUTS[step.uses] ?? [])];
  const w = withOf(step);
  if (step.uses === 'arm/deploy') {
    for (const t of w.templates as { path: string }[]) names.push(...bicep(t.path).outputs.map((o) => o.toUpperCase()));
  }
  if (step.uses === 'script') {
    names.push(...[...String(w.run).matchAll(/::set-teamsfx-env\s+(\w+)=/g)].map((m) => m[1]));
  }
  return names;
}

function steps(file: string): { lifecycle: string; step: Step }[] {
  const { doc } = loadToolkitYaml(file);
  return LIFECYCLES.flatMap((lifecycle) => (doc[lifecycle] ?? []).map((step) => ({ lifecycle, step })));
}

/** Walks the lifecycles in order; returns what was missing where, and everything written. */
function walk(file: string, env: string) {
  const values = envFile(env);
  const all = steps(file);
  const available = new Set<string>([...TOOLKIT_BUILT_INS, ...(FILLED_BY_HAND[env] ?? [])]);
  for (const [k, v] of Object.entries(values)) if (v !== '' || k === 'APP_NAME_SUFFIX') available.add(k);
  if (all.some(({ step }) => AZURE_ACTIONS.has(step.uses))) AZURE_BUILT_INS.forEach((n) => available.add(n));
  const problems: string[] = [];
  const written = new Set<string>();
  const availableAt = new Map<Step, Set<string>>();
  for (const { lifecycle, step } of all) {
    availableAt.set(step, new Set(available));
    if (GENERATED_BEFORE_USE.has(step.uses)) IMPLICIT_OUTPUTS[step.uses].forEach((n) => available.add(n));
    for (const name of inputsOf(step)) {
      if (!available.has(name)) problems.push(`${lifecycle} ${step.uses}: ${name} is neither set nor written before`);
    }
    for (const name of outputsOf(step)) {
      available.add(name);
      written.add(name);
    }
  }
  return { problems, written, availableAt, all };
}

describe.each(FILES)('%s', (file) => {
  const { text, doc } = loadToolkitYaml(file);

  it('matches the Toolkit schema its yaml-language-server comment names', () => {
    const m =
      /^# yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/(v[\d.]+)\/yaml\.schema\.json$/m.exec(
        text,
      );
    expect(m?.[1]).toBe(doc.version);
    const schemaFile = SCHEMAS[doc.version];
    expect(schemaFile).toBeDefined();
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, schemaFile), 'utf8')) as {
      definitions: Record<string, { properties?: { uses?: { const?: string } } }>;
    };
    const ajv = new Ajv({ allowUnionTypes: true, strict: false, allErrors: true });
    ajv.addKeyword('deprecationMessage');
    ajv.addSchema({ ...schema, $id: 'teamsapp' });
    const whole = ajv.getSchema('teamsapp')!;
    expect(whole(doc) ? [] : whole.errors?.slice(0, 5)).toEqual([]);
    // The schema's anyOf over actions hides which step failed: check each step against its action.
    const definitionOf = new Map<string, string>();
    for (const [name, def] of Object.entries(schema.definitions)) {
      const uses = def.properties?.uses?.const;
      if (uses) definitionOf.set(uses, name.replace(/Base$/, ''));
    }
    const problems: string[] = [];
    for (const lifecycle of LIFECYCLES) {
      for (const step of doc[lifecycle] ?? []) {
        const def = definitionOf.get(step.uses);
        if (!def) {
          problems.push(`${lifecycle}: unknown action ${step.uses}`);
          continue;
        }
        const v = ajv.compile<unknown>({ $ref: `teamsapp#/definitions/${def}` });
        const uses = step.uses;
        if (!v(step)) problems.push(`${lifecycle} ${uses}: ${ajv.errorsText(v.errors)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has provision, deploy and the environment folder', () => {
    expect(doc.environmentFolderPath).toBe('./env');
    expect(doc.provision?.length).toBeGreaterThan(0);
    expect(doc.deploy?.length).toBeGreaterThan(0);
    const uses = (doc.provision ?? []).map((s) => s.uses);
    for (const a of [
      'teamsApp/create',
      'aadApp/create',
      'aadApp/update',
      'teamsApp/zipAppPackage',
      'teamsApp/update',
    ]) {
      expect(uses).toContain(a);
    }
    expect(uses.indexOf('teamsApp/zipAppPackage')).toBeLessThan(uses.indexOf('teamsApp/update'));
    // The files whose placeholders the next tests follow are the ones provision applies.
    const manifestOf = (action: string) => (doc.provision ?? []).find((s) => s.uses === action)?.with?.manifestPath;
    expect(manifestOf('aadApp/update')).toBe('./aad.manifest.json');
    expect(manifestOf('teamsApp/zipAppPackage')).toBe('./appPackage/manifest.json');
  });

  it('names only files that exist, or that an earlier step makes', () => {
    const made = new Set<string>();
    const problems: string[] = [];
    const norm = (p: string) => path.posix.normalize(p.replace(/^\.\//, ''));
    const need = (what: string, ok: boolean) => {
      if (!ok) problems.push(what);
    };
    for (const { lifecycle, step } of steps(file)) {
      const w = withOf(step);
      for (const key of ['manifestPath', 'ignoreFile']) {
        if (typeof w[key] === 'string') need(`${step.uses} ${key} ${String(w[key])}`, exists(String(w[key])));
      }
      for (const t of (w.templates as { path: string; parameters?: string }[] | undefined) ?? []) {
        need(`arm/deploy ${t.path}`, exists(t.path));
        if (t.parameters) need(`arm/deploy ${t.parameters}`, exists(t.parameters));
        for (const m of bicep(t.path).modules) {
          need(`module ${m.path}`, exists(path.join(path.dirname(t.path), m.path)));
        }
      }
      if (typeof w.outputZipPath === 'string') made.add(`${lifecycle}:${norm(w.outputZipPath)}`);
      if (typeof w.appPackagePath === 'string') {
        need(`${step.uses} ${w.appPackagePath} (zipped before)`, made.has(`${lifecycle}:${norm(w.appPackagePath)}`));
      }
      if (step.uses === 'cli/runNpmCommand' && /\brun package -- --webapp\b/.test(String(w.args))) {
        made.add(`${lifecycle}:dist/webapp`);
      }
      for (const key of ['workingDirectory', 'artifactFolder']) {
        if (typeof w[key] === 'string' && norm(String(w[key])) !== '.') {
          const dir = norm(String(w[key]));
          need(`${step.uses} ${key} ${dir}`, exists(dir) || made.has(`${lifecycle}:${dir}`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(environmentsOf(file))('every ${{VAR}} is set in env/.env.%s or written by an earlier step', (env) => {
    expect(exists(`env/.env.${env}`)).toBe(true);
    const keys = Object.keys(envFile(env));
    for (const name of FILLED_BY_HAND[env] ?? []) expect(keys).toContain(name);
    expect(walk(file, env).problems).toEqual([]);
  });

  it.each(environmentsOf(file))('every key of env/.env.%s is used or written', (env) => {
    const { written, all } = walk(file, env);
    const used = new Set(all.flatMap(({ step }) => inputsOf(step)));
    const orphans = Object.keys(envFile(env)).filter((k) => !used.has(k) && !written.has(k));
    expect(orphans).toEqual([]);
  });

  it.each(environmentsOf(file))('with what provision writes for %s, the package builds in strict mode', async (env) => {
    const { availableAt, all } = walk(file, env);
    const zip = all.find(({ lifecycle, step }) => lifecycle === 'provision' && step.uses === 'teamsApp/zipAppPackage');
    expect(zip).toBeDefined();
    const overrides: Record<string, string> = {};
    for (const name of availableAt.get(zip!.step) ?? []) overrides[name] = envFile(env)[name] || previewValue(name);
    overrides.TEAMSFX_ENV = env;
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-toolkit-'));
    try {
      const result = await buildAppPackage({ env, strict: true, overrides, outDir });
      expect(result.missing).toEqual([]);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe('the local server settings (.localConfigs)', () => {
  it('are variables bot/config.ts reads, with a bot identity and the tab SSO app', () => {
    const { doc } = loadToolkitYaml('teamsapp.local.yml');
    const step = (doc.deploy ?? []).find((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
    const envs = (step?.with?.envs ?? {}) as Record<string, unknown>;
    const config = configVariables();
    expect(config).toEqual(expect.arrayContaining(['PORT', 'MicrosoftAppId', 'AAD_APP_CLIENT_ID', 'LOG_LEVEL']));
    expect(Object.keys(envs).filter((k) => !config.includes(k))).toEqual([]);
    expect(envs).toMatchObject({ MicrosoftAppId: '${{BOT_ID}}', MicrosoftAppPassword: '${{SECRET_BOT_PASSWORD}}' });
    expect(['MultiTenant', 'SingleTenant']).toContain(envs.MicrosoftAppType);
    expect(step?.with?.target).toBe('./.localConfigs');
  });

  it('keep secrets out of git', () => {
    const ignore = read('.gitignore').split(/\r?\n/);
    expect(ignore).toEqual(expect.arrayContaining(['env/.env.*.user', '.localConfigs', '!env/.env.local']));
  });
});
