/**
 * Where the tab runs: inside Teams (teams-js answers) or in a plain browser. Decided in well under
 * teams-js's own 60-second timeout: a top-level page is never in Teams (unless a mobile host's
 * native bridge is present), and in a frame `app.initialize()` is raced against a short timeout.
 */
import { app, pages } from '@microsoft/teams-js';
import { useEffect, useState } from 'react';
import { createTokenSource } from './signin';

export type ThemeName = 'default' | 'dark' | 'contrast';

export interface TeamsHost {
  inTeams: true;
  context: app.Context;
  theme: ThemeName;
  /** A token for the API (nested app authentication, or Teams' SSO), fresh enough for the next call. */
  token(): Promise<string>;
  onThemeChange(handler: (theme: ThemeName) => void): void;
  notifySuccess(): void;
}

export interface BrowserHost {
  inTeams: false;
}

export type Host = TeamsHost | BrowserHost;

/** Hosts whose frames may be Teams (or Outlook / Microsoft 365, which run Teams apps too). */
const MICROSOFT_HOSTS =
  /(^|\.)(teams\.microsoft\.com|teams\.cloud\.microsoft|teams\.live\.com|office\.com|office365\.com|microsoft365\.com|cloud\.microsoft|outlook\.com|live\.com)$/;

/**
 * How long a frame waits for teams-js: long when a Microsoft host frames it (Teams on a slow
 * machine), 3 s when the browser cannot say who frames it, else 1.5 s (a page that is not Teams).
 */
export function initializeTimeoutMs(win: Window = window): number {
  const ancestors = win.location.ancestorOrigins;
  const parentOrigin = ancestors && ancestors.length > 0 ? ancestors[0] : undefined;
  if (!parentOrigin) return 3000;
  try {
    return MICROSOFT_HOSTS.test(new URL(parentOrigin).hostname) ? 15000 : 1500;
  } catch {
    return 1500;
  }
}

/** True when nothing could host the page as a Teams app: a top-level window with no opener and no native bridge. */
export function surelyOutsideTeams(win: Window = window): boolean {
  const native = (win as Window & { nativeInterface?: unknown }).nativeInterface;
  return win.parent === win && !win.opener && native === undefined;
}

export function themeName(raw: string | undefined | null): ThemeName {
  return raw === 'dark' || raw === 'contrast' ? raw : 'default';
}

function timeout(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
}

/** Seconds since the epoch at which a JWT expires, or 0 when unreadable. */
function tokenExpiry(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : 0;
  } catch {
    return 0;
  }
}

function teamsHost(context: app.Context): TeamsHost {
  let cached: { token: string; exp: number } | undefined;
  let pending: Promise<string> | undefined;
  // Made once app.initialize() has finished, as MSAL's nestable client needs.
  const source = createTokenSource();
  return {
    inTeams: true,
    context,
    theme: themeName(context.app.theme),
    token() {
      // Teams and MSAL cache tokens too; this saves the round trip to the host for every API call.
      if (cached && cached.exp - 120 > Date.now() / 1000) return Promise.resolve(cached.token);
      pending ??= source
        .token()
        .then((token) => {
          cached = { token, exp: tokenExpiry(token) };
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    onThemeChange(handler) {
      app.registerOnThemeChangeHandler((theme) => handler(themeName(theme)));
    },
    notifySuccess() {
      void app.notifySuccess();
    },
  };
}

/** Finds out where the tab runs. Never waits longer than `initializeTimeoutMs`. */
export async function detectHost(win: Window = window): Promise<Host> {
  if (surelyOutsideTeams(win)) return { inTeams: false };
  const initialized = app.initialize().then(
    () => 'ready' as const,
    () => 'failed' as const,
  );
  const outcome = await Promise.race([initialized, timeout(initializeTimeoutMs(win))]);
  if (outcome !== 'ready') return { inTeams: false };
  const context = await app.getContext();
  return teamsHost(context);
}

/**
 * The host once it is known (null until then), and the theme to show: Teams' own, following its
 * changes, else `initial`. The tab's pages and the side panel start with it.
 */
export function useHost(initial: ThemeName): { host: Host | null; theme: ThemeName } {
  const [host, setHost] = useState<Host | null>(null);
  const [theme, setTheme] = useState<ThemeName>(initial);
  useEffect(() => {
    void detectHost().then((h) => {
      if (h.inTeams) {
        setTheme(h.theme);
        h.onThemeChange(setTheme);
      }
      setHost(h);
    });
  }, []);
  return { host, theme };
}

/** The configuration page's part of teams-js (a channel tab's settings frame). */
export const tabConfig = {
  setValid(valid: boolean): void {
    pages.config.setValidityState(valid);
  },
  onSave(save: () => Promise<{ contentUrl: string; entityId: string; suggestedDisplayName: string }>): void {
    pages.config.registerOnSaveHandler((event) => {
      save()
        .then((config) => pages.config.setConfig({ ...config, websiteUrl: config.contentUrl }))
        .then(
          () => event.notifySuccess(),
          (e: unknown) => event.notifyFailure(e instanceof Error ? e.message : String(e)),
        );
    });
  },
  async current(): Promise<string | undefined> {
    try {
      return (await pages.getConfig()).contentUrl;
    } catch {
      return undefined;
    }
  },
};
