/**
 * Where the tab runs: inside Teams (teams-js answers) or in a plain browser. Decided in well under
 * teams-js's own 60-second timeout: a top-level page is never in Teams (unless a mobile host's
 * native bridge is present), and in a frame `app.initialize()` is raced against a short timeout
 * (teams.ts, loaded only then: a plain browser never loads teams-js).
 */
import type { app } from '@microsoft/teams-js';
import { useEffect, useState } from 'react';

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

/** Finds out where the tab runs. Never waits longer than `initializeTimeoutMs`. */
export async function detectHost(win: Window = window): Promise<Host> {
  if (surelyOutsideTeams(win)) return { inTeams: false };
  // The wait starts now, not once teams-js has loaded.
  const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), initializeTimeoutMs(win)));
  const { teamsHostWithin } = await import('./teams');
  return (await teamsHostWithin(deadline)) ?? { inTeams: false };
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
