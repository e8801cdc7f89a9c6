/**
 * Reads the Teams Toolkit project files (teamsapp*.yml, env/, appPackage/, aad.manifest.json,
 * infra/) as text, and the variables bot/config.ts reads, for the consistency tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { CONFIG_VARIABLES } from '../../bot/config';
import { parseEnvFile, placeholdersIn } from '../../scripts/package';

export const ROOT = path.resolve(__dirname, '..', '..');

export const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');
export const exists = (rel: string): boolean => fs.existsSync(path.join(ROOT, rel));

export interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
}

export interface ToolkitYaml {
  version: string;
  environmentFolderPath?: string;
  provision?: Step[];
  deploy?: Step[];
  publish?: Step[];
}

export const LIFECYCLES = ['provision', 'deploy', 'publish'] as const;

export function loadToolkitYaml(file: string): { text: string; doc: ToolkitYaml } {
  const text = read(file);
  return { text, doc: YAML.parse(text) as ToolkitYaml };
}

/** Environments the Toolkit gives their own file (m365agents.playground.yml and the like). */
const OTHER_FILES_ENVIRONMENTS = ['playground', 'testtool', 'sandbox'];

/** The environments a Toolkit file serves: teamsapp.local.yml `local`, teamsapp.yml the remote ones. */
export function environmentsOf(file: string): string[] {
  const envs = fs
    .readdirSync(path.join(ROOT, 'env'))
    .filter((f) => /^\.env\.[A-Za-z0-9_-]+$/.test(f))
    .map((f) => f.slice('.env.'.length));
  return file === 'teamsapp.local.yml'
    ? envs.filter((e) => e === 'local')
    : envs.filter((e) => e !== 'local' && !OTHER_FILES_ENVIRONMENTS.includes(e));
}

/** Keys and values of env/.env.<env> (the committed file only, never the .user secrets). */
export function envFile(env: string): Record<string, string> {
  return parseEnvFile(read(`env/.env.${env}`));
}

/** The variable names bot/config.ts reads. */
export function configVariables(): string[] {
  return [...CONFIG_VARIABLES];
}

export interface BicepFile {
  text: string;
  params: { name: string; hasDefault: boolean }[];
  outputs: string[];
  modules: { path: string; params: string[] }[];
  appSettings: { name: string; value: string }[];
}

/** Reads the parts of a Bicep file the tests check, by pattern (no Bicep compiler here). */
export function bicep(rel: string): BicepFile {
  const text = read(rel);
  const params = [...text.matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm)].map((m) => ({ name: m[1], hasDefault: !!m[2] }));
  const outputs = [...text.matchAll(/^output\s+(\w+)\s+\w+\s*=/gm)].map((m) => m[1]);
  const modules = [...text.matchAll(/^module\s+\w+\s+'([^']+)'\s*=\s*\{([\s\S]*?)^\}/gm)].map((m) => {
    const paramsBlock = /params:\s*\{([\s\S]*?)\n {2}\}/.exec(m[2])?.[1] ?? '';
    return { path: m[1], params: [...paramsBlock.matchAll(/^\s+(\w+):/gm)].map((p) => p[1]) };
  });
  const settingsBlock = /appSettings:\s*\[([\s\S]*?)\n\s*\]/.exec(text)?.[1] ?? '';
  const appSettings = [...settingsBlock.matchAll(/name:\s*'([^']+)'\s*\n\s*value:\s*([^\n]+)/g)].map((m) => ({
    name: m[1],
    value: m[2].trim(),
  }));
  return { text, params, outputs, modules, appSettings };
}

/** Placeholders used by a file, and by the localisation files a Teams manifest names. */
export function placeholdersOfFile(rel: string): string[] {
  const text = read(rel);
  const names = new Set(placeholdersIn(text));
  if (path.basename(rel) === 'manifest.json') {
    const manifest = JSON.parse(text) as {
      localizationInfo?: { defaultLanguageFile?: string; additionalLanguages?: { file: string }[] };
    };
    const dir = path.dirname(rel);
    const files = [
      ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file),
      ...(manifest.localizationInfo?.defaultLanguageFile ? [manifest.localizationInfo.defaultLanguageFile] : []),
    ];
    for (const f of files) for (const n of placeholdersIn(read(path.join(dir, f)))) names.add(n);
  }
  return [...names];
}
