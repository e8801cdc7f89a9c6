/**
 * The tab's side of teams-js: `app.initialize()` raced against a timeout, the host's context, its
 * token source and theme, and the configuration page's calls. Loaded only where the page may be in
 * Teams (host.ts detectHost), so a plain browser never loads teams-js.
 */
import { app, pages } from '@microsoft/teams-js';
import { type TeamsHost, themeName } from './host';
import { createTokenSource } from './signin';

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

/** Teams, once `app.initialize()` has answered before `deadline`; undefined when it did not. */
export async function teamsHostWithin(deadline: Promise<'timeout'>): Promise<TeamsHost | undefined> {
  const initialized = app.initialize().then(
    () => 'ready' as const,
    () => 'failed' as const,
  );
  const outcome = await Promise.race([initialized, deadline]);
  if (outcome !== 'ready') return undefined;
  return teamsHost(await app.getContext());
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
