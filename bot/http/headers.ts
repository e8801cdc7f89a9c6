/**
 * Security headers, in one place: what the tab's pages and script are sent with, what the JSON
 * API (and everything else that is not the tab) is sent with, and the middleware that sets them
 * on every response before a route answers — redirects, the gzipped script and refusals included.
 * A handler may still set its own value (the API's ETag answers keep `private, no-cache`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Next, Request, Response } from 'restify';

/**
 * The pages that may frame the tab: Teams and the other Microsoft 365 hosts that run Teams apps,
 * exactly the list Microsoft documents for a tab's `frame-ancestors` ("Set Content Security
 * Policy headers to allow Teams and any other host applications of your app", in "Prerequisites
 * for tabs": https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements):
 * all hosts *.cloud.microsoft (the domain Teams, Outlook and Microsoft 365 move to); Teams
 * teams.microsoft.com, *.teams.microsoft.com; Microsoft 365 app *.microsoft365.com, *.office.com;
 * Outlook outlook.office.com, outlook.office365.com, outlook-sdf.office.com, outlook-sdf.office365.com.
 * Only https: every one of them is served over TLS.
 */
export const TEAMS_FRAME_ANCESTORS = [
  'https://*.cloud.microsoft',
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
] as const;

/**
 * Where teams-js (2.19 and later) reads Microsoft's current list of host domains when it starts
 * (`validDomains.json`); without it teams-js falls back to the list it was built with.
 */
export const TEAMS_JS_VALID_DOMAINS_ORIGIN = 'https://res.cdn.office.net';

/** sha256 of the empty string: an empty <style> element, as Fluent UI creates them (see below). */
export const EMPTY_STYLE_HASH = `sha256-${createHash('sha256').update('').digest('base64')}`;

/** Frame ancestors a local server (see `loopbackAncestors`) accepts beside Teams: pages of the same machine. */
const LOOPBACK_ANCESTORS = ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'];

export interface TabPolicyOptions {
  /**
   * CSP hashes (`'sha256-…'`) of the inline <style> blocks of the tab's HTML files, which are
   * allowed by hash rather than by 'unsafe-inline'. See `inlineStyleHashes`.
   */
  styleHashes?: readonly string[];
  /**
   * True for a local server only: no bot identity configured (no Teams can use it) and listening
   * on loopback. Then pages of other loopback ports may frame the tab too (the browser tests frame
   * it from another port to check the tab's "open it in Teams" answer). Never true for a server
   * Teams uses: that one has a MicrosoftAppId.
   */
  loopbackAncestors?: boolean;
}

/**
 * The tab's Content-Security-Policy, one directive at a time:
 * - default-src 'none': anything not named below (fonts, media, objects, workers, frames) is refused.
 * - script-src 'self': the one bundle, /tab/main.js; no inline script, no eval (none is needed).
 * - style-src 'self' + hashes, no 'unsafe-inline': the inline <style> of index.html by its hash,
 *   and the hash of the empty string. Fluent UI v9 (Griffel, and FluentProvider's theme variables)
 *   adds EMPTY <style> elements at run time and fills them through CSSOM (`sheet.insertRule`),
 *   which CSP does not govern; but the browser checks each new <style> element's text against
 *   style-src, and without a match it refuses the element, leaves it without a sheet and Fluent
 *   renders unstyled. The empty-string hash lets exactly these empty elements in and no CSS text
 *   at all; React's `style` props are set through CSSOM too. (tests/security/tabPolicy.test.ts
 *   checks that the styles arrive and that the console has no violation.)
 * - img-src 'self' data:: the page's empty `data:,` favicon; the icons and charts are inline SVG.
 * - connect-src 'self' + res.cdn.office.net: the API (same origin) and teams-js's list of valid
 *   host domains. teams-js talks to Teams with postMessage, which CSP does not govern.
 * - frame-ancestors: 'self' (a host page on the tab's own origin, as the browser tests use) and
 *   Microsoft's documented Teams / Microsoft 365 hosts; no other site can frame (clickjack) it.
 * - base-uri 'none', form-action 'none', object-src 'none': no <base> hijack, no form posts
 *   anywhere (the tab posts no forms), no plug-ins.
 */
export function tabContentSecurityPolicy(opts: TabPolicyOptions = {}): string {
  const ancestors = ["'self'", ...TEAMS_FRAME_ANCESTORS, ...(opts.loopbackAncestors ? LOOPBACK_ANCESTORS : [])];
  return [
    "default-src 'none'",
    "script-src 'self'",
    ["style-src 'self'", ...[EMPTY_STYLE_HASH, ...(opts.styleHashes ?? [])].map((h) => `'${h}'`)].join(' '),
    "img-src 'self' data:",
    `connect-src 'self' ${TEAMS_JS_VALID_DOMAINS_ORIGIN}`,
    `frame-ancestors ${ancestors.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Sent with everything: the browser must not guess a type (a JSON answer or an export read as
 * HTML or script); HTTPS only for a year once the site has been seen over HTTPS (ignored on plain
 * http, so local preview is unaffected; no `preload`, which is not ours to decide for the domain).
 */
const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
} as const;

/**
 * The tab's own headers beside its CSP:
 * - Referrer-Policy no-referrer: the tab's addresses carry team ids in their query; no request
 *   it makes needs a Referer (the API is same-origin and authenticated by token).
 * - Permissions-Policy: the tab uses none of these powerful features, so neither it nor anything
 *   that ever got into it may ask for them. Only features Chromium knows (an unknown one is a
 *   console error in every page load).
 * - No X-Frame-Options: it has no way to name Teams' hosts (ALLOW-FROM is gone from browsers) and
 *   DENY / SAMEORIGIN would keep Teams from framing the tab; frame-ancestors above decides instead.
 */
export function tabHeaders(opts: TabPolicyOptions = {}): Record<string, string> {
  return {
    ...COMMON_HEADERS,
    'Content-Security-Policy': tabContentSecurityPolicy(opts),
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': PERMISSIONS_POLICY,
  };
}

const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

/**
 * The JSON API, the bot endpoint, /healthz and anything else that is not the tab:
 * - Cache-Control no-store: answers carry a team's pilots and are for one signed-in person; no
 *   shared or browser cache keeps them (the API's ETag answers override this with
 *   `private, no-cache` so that a reload can be a 304; see bot/api/http.ts).
 * - CSP default-src 'none'; frame-ancestors 'none': a JSON answer opened as a page runs nothing,
 *   loads nothing and cannot be framed.
 * - Referrer-Policy no-referrer, for the same reason as the tab's.
 */
export const API_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON_HEADERS,
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};

/** The CSP hash (`sha256-…`, without quotes) of every inline <style> block in the tab's HTML files. */
export function inlineStyleHashes(tabDir: string): string[] {
  const hashes = new Set<string>();
  const visit = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.html')) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)) {
          hashes.add(`sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}`);
        }
      }
    }
  };
  visit(tabDir);
  return [...hashes].sort();
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** The tab's address space: /tab itself (a redirect) and everything under /tab/. */
export const isTabPath = (p: string): boolean => p === '/tab' || p.startsWith('/tab/');

/**
 * The middleware (for `server.pre`): sets the tab's headers on /tab and /tab/…, the API's on every
 * other path. The tab's HTML is read for the hashes of its inline styles, again only after a rebuild.
 */
export function securityHeaders(opts: { tabDir: string; host: string; localMode: boolean }) {
  const loopbackAncestors = opts.localMode && LOOPBACK_HOSTS.has(opts.host);
  const index = path.join(opts.tabDir, 'index.html');
  let built: { at: number; headers: Record<string, string> } | undefined;
  /** Read again only when the tab has been rebuilt since (its index.html is newer). */
  const forTab = () => {
    const at = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
    if (built?.at !== at)
      built = { at, headers: tabHeaders({ styleHashes: inlineStyleHashes(opts.tabDir), loopbackAncestors }) };
    return built.headers;
  };
  return (req: Request, res: Response, next: Next): void => {
    const headers = isTabPath(req.path()) ? forTab() : API_HEADERS;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  };
}
