/**
 * Packaging for Teams and for Azure App Service.
 *
 *   npm run package [-- --env dev] [--strict] [--out DIR]
 *     Fills appPackage/manifest.json and its localisation files from env/.env.<env> (and
 *     env/.env.<env>.user, and the process environment, which wins) as Teams Toolkit's
 *     teamsApp/zipAppPackage does, checks them against the official schemas and writes
 *     appPackage/build/appPackage.<env>.zip (manifest.json, the localisation files and both icons
 *     at the zip's root) and appPackage/build/manifest.<env>.json.
 *     A variable that is not set yet (before `atk provision`) is filled with an obviously
 *     fake value and named in a warning: such a preview package passes the schemas but cannot
 *     be installed. With --strict a missing variable is an error instead.
 *
 *   npm run package -- --webapp [--out DIR]
 *     Stages what App Service runs into dist/webapp: the compiled server (dist/bot and
 *     dist/scripts, from `npm run build:bot`), tab/dist/ (`npm run build:tab`), package-lock.json
 *     and a package.json whose dependencies are the production packages the compiled server
 *     requires, and whose only script is the web app's start command (plain node). teamsapp.yml
 *     then installs those dependencies there for Linux and zip-deploys the folder.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { SERVER_ENTRY, staleBuild } from './compiled';

export const ROOT = path.resolve(__dirname, '..');

/** The web app's start command (as `npm start`'s last step); infra/azure.bicep sets it as appCommandLine. */
export const START_COMMAND = `node ${SERVER_ENTRY}`;

/** The compiled folders the web app holds: the server and the reminder runner. */
export const COMPILED_DIRS = ['dist/bot', 'dist/scripts'];

/** `${{NAME}}` as Teams Toolkit writes and expands it. */
export const PLACEHOLDER = /\$\{\{ *([A-Za-z_][A-Za-z0-9_]*) *\}\}/g;

/** Variables that may be empty (the Toolkit expands them to nothing). */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

/** Reads KEY=VALUE lines (dotenv style: `#` comments, optional quotes). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    out[m[1]] = value;
  }
  return out;
}

/** The values of env/.env.<env>, overlaid with env/.env.<env>.user when it exists. */
export function readEnvFiles(root: string, env: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of [`.env.${env}`, `.env.${env}.user`]) {
    const file = path.join(root, 'env', name);
    if (fs.existsSync(file)) Object.assign(values, parseEnvFile(fs.readFileSync(file, 'utf8')));
  }
  return values;
}

/** Every variable named by a `${{…}}` placeholder in a text, once each. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** A value that passes the schemas but shows plainly that the real one is missing. */
export function previewValue(name: string): string {
  if (/_ID$/.test(name)) return '00000000-0000-0000-0000-000000000000';
  if (/_DOMAIN$/.test(name)) return 'polku.invalid';
  if (/_(ENDPOINT|URL)$/.test(name)) return 'https://polku.invalid';
  return `unset-${name}`;
}

export class MissingVariablesError extends Error {
  constructor(
    readonly env: string,
    readonly missing: string[],
  ) {
    super(
      `not set for environment "${env}": ${missing.join(', ')} ` +
        `(run \`atk provision --env ${env}\` or set them in env/.env.${env})`,
    );
  }
}

function fillPlaceholders(text: string, values: Record<string, string>, missing: Set<string>): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    const v = values[name];
    if (v !== undefined && (v !== '' || MAY_BE_EMPTY.has(name))) return v;
    missing.add(name);
    return previewValue(name);
  });
}

const validators = new Map<string, ValidateFunction>();

/** A validator for one of the official schemas in tests/schemas (draft-04). */
export function schemaValidator(root: string, file: string): ValidateFunction {
  const key = path.join(root, file);
  let v = validators.get(key);
  if (!v) {
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    v = ajv.compile(JSON.parse(fs.readFileSync(key, 'utf8')) as object);
    validators.set(key, v);
  }
  return v;
}

export const MANIFEST_SCHEMA = 'tests/schemas/teams-manifest-1.29.json';
export const LOCALIZATION_SCHEMA = 'tests/schemas/teams-localization-1.29.json';

function check(v: ValidateFunction, doc: unknown, what: string): void {
  if (!v(doc)) {
    const errors = (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new Error(`${what} does not match its schema:\n  ${errors.join('\n  ')}`);
  }
}

export interface PackageOptions {
  root?: string;
  env?: string;
  /** Where the zip and the filled manifest go; default appPackage/build. */
  outDir?: string;
  /** Refuse to fill a missing variable with a preview value. */
  strict?: boolean;
  /** Values that win over the env files (the CLI passes the process environment). */
  overrides?: Record<string, string | undefined>;
}

export interface PackageResult {
  zipPath: string;
  manifestPath: string;
  manifest: Record<string, unknown>;
  /** Names of the files at the zip's root. */
  files: string[];
  /** Variables filled with preview values. */
  missing: string[];
}

/** Builds appPackage/build/appPackage.<env>.zip as Teams Toolkit's zipAppPackage does. */
export async function buildAppPackage(opts: PackageOptions = {}): Promise<PackageResult> {
  const root = opts.root ?? ROOT;
  const env = opts.env ?? 'dev';
  const appDir = path.join(root, 'appPackage');
  const outDir = opts.outDir ?? path.join(appDir, 'build');
  const values: Record<string, string> = { TEAMSFX_ENV: env, ...readEnvFiles(root, env) };
  for (const [k, v] of Object.entries(opts.overrides ?? {})) if (v !== undefined && v !== '') values[k] = v;

  const missing = new Set<string>();
  const manifestText = fillPlaceholders(fs.readFileSync(path.join(appDir, 'manifest.json'), 'utf8'), values, missing);
  const manifest = JSON.parse(manifestText) as Record<string, unknown> & {
    icons: { color: string; outline: string };
    localizationInfo?: { defaultLanguageFile?: string; additionalLanguages?: { file: string }[] };
  };
  const localeFiles = [
    ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file),
    ...(manifest.localizationInfo?.defaultLanguageFile ? [manifest.localizationInfo.defaultLanguageFile] : []),
  ];
  const locales = localeFiles.map((file) => {
    const text = fillPlaceholders(fs.readFileSync(path.join(appDir, file), 'utf8'), values, missing);
    return { file, json: JSON.parse(text) as unknown };
  });
  if (opts.strict && missing.size > 0) throw new MissingVariablesError(env, [...missing].sort());

  check(schemaValidator(root, MANIFEST_SCHEMA), manifest, 'manifest.json');
  for (const l of locales) check(schemaValidator(root, LOCALIZATION_SCHEMA), l.json, l.file);

  // A fixed date makes the zip the same from one run to the next.
  const date = new Date(Date.UTC(2020, 0, 1));
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2), { date });
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    zip.file(path.basename(icon), fs.readFileSync(path.join(appDir, icon)), { date });
  }
  for (const l of locales) zip.file(path.basename(l.file), JSON.stringify(l.json, null, 2), { date });
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });

  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${env}.zip`);
  const manifestPath = path.join(outDir, `manifest.${env}.json`);
  fs.writeFileSync(zipPath, buffer);
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return { zipPath, manifestPath, manifest, files: Object.keys(zip.files), missing: [...missing].sort() };
}

export interface StageOptions {
  root?: string;
  /** Default dist/webapp. */
  outDir?: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  private?: boolean;
  description?: string;
  license?: string;
  engines?: Record<string, string>;
  overrides?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

const IMPORT_PATTERNS = [
  /^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

/** The npm packages the files under some folders (the compiled server's) import or require. */
export function serverPackages(root: string, dirs: string[] = COMPILED_DIRS): string[] {
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.(c|m)?(t|j)s$/.test(entry.name)) {
        const text = fs.readFileSync(file, 'utf8');
        for (const re of IMPORT_PATTERNS) {
          for (const m of text.matchAll(re)) {
            const spec = m[1];
            if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
            if (PACKAGE_NAME.test(name)) found.add(name);
          }
        }
      }
    }
  };
  for (const dir of dirs) visit(path.join(root, dir));
  return [...found].sort();
}

/**
 * The package.json App Service gets: only the production dependencies the compiled server
 * requires (the tab's libraries are already bundled into tab/dist), and only `start`. A package
 * the server requires that package.json lists under devDependencies is refused: App Service
 * installs production dependencies only.
 */
export function webAppPackageJson(pkg: PackageJson, needed: string[]): PackageJson {
  const dependencies: Record<string, string> = {};
  for (const name of [...new Set(needed)].sort()) {
    const version = pkg.dependencies?.[name];
    if (version) dependencies[name] = version;
    else if (pkg.devDependencies?.[name])
      throw new Error(`the server requires ${name}, which package.json lists under devDependencies: move it`);
    else throw new Error(`the server requires ${name}, which package.json does not list`);
  }
  return {
    name: pkg.name,
    version: pkg.version,
    private: true,
    description: pkg.description,
    license: pkg.license,
    engines: pkg.engines,
    ...(pkg.overrides ? { overrides: pkg.overrides } : {}),
    scripts: { start: START_COMMAND },
    dependencies,
  };
}

export interface StageResult {
  outDir: string;
  /** Top-level entries of the staged folder. */
  entries: string[];
  dependencies: string[];
}

/** Copies what the web app runs into dist/webapp; the tab and the server must be built and current. */
export function stageWebApp(opts: StageOptions = {}): StageResult {
  const root = opts.root ?? ROOT;
  const outDir = opts.outDir ?? path.join(root, 'dist', 'webapp');
  const tabDist = path.join(root, 'tab', 'dist');
  if (!fs.existsSync(path.join(tabDist, 'index.html'))) {
    throw new Error('tab/dist/index.html is missing: run `npm run build` first');
  }
  const stale = staleBuild(root);
  if (stale) throw new Error(`${stale}: run \`npm run build\` first`);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  const staged = webAppPackageJson(pkg, serverPackages(root));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, 'tab'), { recursive: true });
  for (const dir of COMPILED_DIRS) {
    fs.cpSync(path.join(root, dir), path.join(outDir, dir), { recursive: true });
  }
  fs.cpSync(tabDist, path.join(outDir, 'tab', 'dist'), { recursive: true });
  if (fs.existsSync(path.join(root, 'package-lock.json'))) {
    fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(outDir, 'package-lock.json'));
  }
  fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify(staged, null, 2) + '\n');
  return { outDir, entries: fs.readdirSync(outDir).sort(), dependencies: Object.keys(staged.dependencies ?? {}) };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const out = argValue(args, '--out');
  if (args.includes('--webapp')) {
    const staged = stageWebApp({ outDir: out ? path.resolve(out) : undefined });
    console.log(`web app staged in ${path.relative(process.cwd(), staged.outDir)}: ${staged.entries.join(', ')}`);
    console.log(`dependencies: ${staged.dependencies.join(', ')}`);
    return;
  }
  const env = argValue(args, '--env') ?? 'dev';
  const result = await buildAppPackage({
    env,
    outDir: out ? path.resolve(out) : undefined,
    strict: args.includes('--strict'),
    overrides: process.env,
  });
  if (result.missing.length > 0) {
    console.warn(
      `warning: preview package, not installable: ${result.missing.join(', ')} not set for "${env}" ` +
        `(run \`atk provision --env ${env}\` or set them in env/.env.${env})`,
    );
  }
  console.log(`${path.relative(process.cwd(), result.zipPath)}: ${result.files.join(', ')}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
