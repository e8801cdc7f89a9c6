/**
 * A scanner for secrets in text: the kinds that would hurt Polku if committed (Azure Storage keys
 * and SAS signatures, Entra client secrets, private keys, tokens, bot passwords in env files) and a
 * few common others. Findings name the file, the line and the kind, and never the secret itself.
 */

export interface Finding {
  file: string;
  line: number;
  kind: string;
  /** The first characters and the length: enough to find it, too little to use it. */
  hint: string;
}

/**
 * Azurite's account key: published in Microsoft's documentation for the local emulator
 * (devstoreaccount1), the same on every machine, and it opens nothing but a local Azurite. Polku's
 * tests and the embedded storage (bot/storage/azurite.ts) use it on purpose, so it is allowed.
 */
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

interface Rule {
  kind: string;
  pattern: RegExp;
  /** Files the rule applies to (all when absent). */
  files?: RegExp;
  /** True when a match is not a secret after all (a placeholder, the Azurite key). */
  allowed?: (secret: string) => boolean;
}

/** `${{NAME}}`, `$NAME`, `<your secret>`, `***`, `changeme` and the like: placeholders, not values. */
const PLACEHOLDER = /^(\$\{?\{?[A-Z0-9_]+\}?\}?|<[^>]*>|\*+|x+|changeme|placeholder|\.\.\.|not-a-real-secret)$/i;

const ENV_FILE =
  /(^|\/)(\.env(\.[\w.-]+)?|[\w.-]+\.env|\.localConfigs|local\.settings\.json|appsettings(\.[\w-]+)?\.json)$/;

const RULES: Rule[] = [
  {
    kind: 'Azure Storage account key (AccountKey=)',
    pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/g,
    allowed: (s) => s === AZURITE_ACCOUNT_KEY,
  },
  {
    kind: 'Azure Storage account key (a *_KEY setting)',
    pattern:
      /(?:ACCOUNT|STORAGE|PRIMARY|SECONDARY)_KEY["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9+/]{86}==)|(?:account|storage|primary|secondary)Key["']?[ \t]*:[ \t]*["']([A-Za-z0-9+/]{86}==)/g,
    allowed: (s) => s === AZURITE_ACCOUNT_KEY,
  },
  { kind: 'Shared access key (Service Bus, Event Hubs, IoT)', pattern: /SharedAccessKey=([A-Za-z0-9+/]{42,44}=)/g },
  // A SAS token's signature: base64 of an HMAC-SHA256, URL-encoded (%2B %2F %3D) or not.
  { kind: 'SAS signature (sig=)', pattern: /[?&;]sig=((?:[A-Za-z0-9+/]|%2[BbFf]){40,}(?:=|%3[Dd]){0,2})/g },
  {
    kind: 'private key block',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
  },
  // Entra ID client secrets since 2021: three characters, a digit and "Q~", then 31–34 more.
  {
    kind: 'Entra ID client secret',
    pattern: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
  },
  // A JWT: a JSON header and payload, base64url ("eyJ" is `{"`); signed or not, it may still be accepted somewhere.
  { kind: 'JSON Web Token', pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  {
    kind: 'password or secret in an env file',
    // NAME=value, one line; the value up to a comment, without quotes.
    pattern:
      /^[ \t]*(?:export[ \t]+)?[A-Za-z0-9_]*(?:PASSWORD|Password|SECRET|Secret|TOKEN|Token|CONNECTION_STRING|ACCOUNT_KEY)[A-Za-z0-9_]*[ \t]*=[ \t]*["']?([^"'\r\n#]*)/gm,
    files: ENV_FILE,
    allowed: (s) => PLACEHOLDER.test(s),
  },
  { kind: 'npm access token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  {
    kind: 'npm auth token in an .npmrc',
    pattern: /_auth(?:Token)?[ \t]*=[ \t]*([^\s$][^\s]*)/g,
    files: /(^|\/)\.npmrc$/,
    allowed: (s) => PLACEHOLDER.test(s),
  },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/g },
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  // Anyone holding a Teams / Office 365 incoming webhook address can post into the channel.
  { kind: 'Teams incoming webhook', pattern: /https:\/\/[\w.-]+\.webhook\.office\.com\/webhookb2\/[\w@/-]{20,}/g },
];

function hint(secret: string): string {
  return `${secret.slice(0, 4)}… (${secret.length} characters)`;
}

/** Every secret the rules find in one file's text. */
export function scanText(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const rule of RULES) {
    if (rule.files && !rule.files.test(file)) continue;
    for (const m of text.matchAll(rule.pattern)) {
      // The secret is the first capture group that matched, or the whole match.
      const secret = (m.slice(1).find((g) => g !== undefined) ?? m[0]).trim();
      if (!secret || rule.allowed?.(secret)) continue;
      findings.push({ file, line: lineOf(m.index ?? 0), kind: rule.kind, hint: hint(secret) });
    }
  }
  return findings;
}

/** Text, not binary: no NUL byte in the first 8 KB. */
export function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 8192).includes(0);
}
