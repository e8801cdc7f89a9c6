/**
 * A stand-in for the Teams client: a page on the tab's own origin that frames the tab and answers
 * teams-js's postMessage calls (initialize, getContext, getAuthToken, the settings calls) the way
 * Teams does, recording every call in `window.__teams.calls` so a test can read what the tab asked.
 * With `naa`, it is a host that recommends nested app authentication: its runtime says so, teams-js
 * then sets up `window.nestedAppAuthBridge` in the tab, and the host answers the bridge's JSON
 * requests (`nestedAppAuth.execute`: GetInitContext, GetToken, GetTokenPopup) as MSAL expects.
 */
import type { Page } from 'playwright-core';
import { DEMO_TEAM, DEMO_TEAM_NAME } from '../../bot/demo/constants';

export interface TeamsHostOptions {
  /** The tab's address, relative to the host page. */
  src: string;
  frameContext: 'content' | 'settings' | 'sidePanel';
  theme: 'default' | 'dark' | 'contrast';
  locale: string;
  tenantId: string;
  teamId?: string;
  teamName?: string;
  token: string;
  /** In a meeting: its chat's id (context.chat.id) and the meeting's id (context.meeting.id). */
  chatId?: string;
  meetingId?: string;
  /** The signed-in person's Entra object id (context.user.id); the test user's by default. */
  userObjectId?: string;
  /** What settings.getSettings answers (a reconfigured tab's current settings). */
  settings?: { contentUrl: string };
  /** A host with nested app authentication: the tokens its broker gives, or a refusal of every request. */
  naa?: NaaHost;
}

export interface NaaHost {
  /** The access token GetToken answers. */
  accessToken: string;
  /** The ID token beside it (MSAL reads the account from it). */
  idToken: string;
  account: { oid: string; tid: string; username: string; name: string };
  /** Refuse every token request (the broker's error), as a host whose broker fails. */
  refuse?: boolean;
}

export interface TeamsCall {
  func: string;
  args: unknown[];
}

/** The host page's HTML. Its script is plain JavaScript run in the browser. */
export function teamsHostPage(o: TeamsHostOptions): string {
  const runtime = {
    apiVersion: 4,
    isLegacyTeams: false,
    ...(o.naa ? { isNAAChannelRecommended: true } : {}),
    supports: {
      app: {},
      appEntity: {},
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
      teams: { fullTrust: {} },
      ...(o.naa ? { nestedAppAuth: {} } : {}),
    },
  };
  const context = {
    locale: o.locale,
    theme: o.theme,
    frameContext: o.frameContext,
    tid: o.tenantId,
    userObjectId: o.userObjectId ?? '3c4f8a1e-2b6d-4e7f-9a0b-1c2d3e4f5a6b',
    chatId: o.chatId,
    meetingId: o.meetingId,
    teamId: o.teamId,
    teamName: o.teamName,
    channelId: o.teamId ? '19:channel@thread.tacv2' : undefined,
    hostClientType: 'web',
    entityId: 'polku-test',
  };
  const config = { runtime, context, token: o.token, settings: o.settings ?? {}, naa: o.naa ?? null };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams stand-in</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body>
<iframe id="app" title="Polku" src="${o.src}"></iframe>
<script>
  const config = ${JSON.stringify(config)};
  const frame = document.getElementById('app');
  window.__teams = { calls: [], sendToApp(func, args) { frame.contentWindow.postMessage({ func, args }, '*'); } };
  // The broker's side of nested app authentication: one JSON request in, one JSON response out.
  const naaAnswer = (request) => {
    const naa = config.naa;
    const base = { messageType: 'NestedAppAuthResponse', requestId: request.requestId };
    if (request.method === 'GetInitContext') {
      return { ...base, success: true, initContext: { sdkName: 'teams-stand-in', sdkVersion: '1.0.0', capabilities: { queryAccount: false } } };
    }
    if (request.method !== 'GetToken' && request.method !== 'GetTokenPopup') {
      return { ...base, success: false, error: { status: 'NESTED_APP_AUTH_UNAVAILABLE', code: 'unsupported', description: 'unsupported' } };
    }
    if (naa.refuse) {
      return { ...base, success: false, error: { status: 'PERSISTENT_ERROR', code: 'broker_failed', description: 'refused by the stand-in' } };
    }
    const a = naa.account;
    return {
      ...base,
      success: true,
      token: { access_token: naa.accessToken, id_token: naa.idToken, expires_in: 3600, properties: null, scope: request.tokenParams.scope },
      account: { homeAccountId: a.oid + '.' + a.tid, environment: 'login.microsoftonline.com', tenantId: a.tid, localAccountId: a.oid, username: a.username, name: a.name },
    };
  };
  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (event.source !== frame.contentWindow || !msg || typeof msg.func !== 'string') return;
    if (msg.func === 'nestedAppAuth.execute') {
      const request = JSON.parse(msg.data);
      window.__teams.calls.push({ func: msg.func, args: [{ method: request.method, tokenParams: request.tokenParams }] });
      if (!config.naa) return undefined;
      const response = JSON.stringify(naaAnswer(request));
      return frame.contentWindow.postMessage({ args: [null, response] }, '*');
    }
    window.__teams.calls.push({ func: msg.func, args: msg.args || [] });
    const reply = (args) => frame.contentWindow.postMessage({ id: msg.id, uuidAsString: msg.uuidAsString, args }, '*');
    switch (msg.func) {
      // A host with nested app authentication tells teams-js so in the fourth answer too (teams-js
      // reads its \`supports.nestedAppAuth\` there to set up window.nestedAppAuthBridge).
      case 'initialize': return reply([config.context.frameContext, 'web', JSON.stringify(config.runtime), config.naa ? JSON.stringify(config.runtime) : '2.58.0']);
      case 'getContext': return reply([config.context]);
      case 'authentication.getAuthToken': return reply([true, config.token]);
      case 'settings.getSettings': return reply([config.settings]);
      case 'settings.setSettings': return reply([true]);
      case 'appInitialization.success': return reply([]);
      default: return undefined;
    }
  });
</script>
</body></html>`;
}

/** An unsigned JWT with these claims (an ID token for MSAL, which reads it without checking). */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.c2ln`;
}

/** A JWT-shaped token (not signed: the local preview server does not read it) expiring in an hour. */
export function fakeToken(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 3600, aud: 'polku-test' })}.c2ln`;
}

/**
 * Opens the tab for the demo team's pilots in the stand-in host, served at <base>/teams-host.html
 * (the tab's own origin); `o` overrides any option.
 */
export async function openInTeamsHost(
  page: Page,
  base: string,
  o: Partial<TeamsHostOptions> & { token: string },
): Promise<void> {
  const options: TeamsHostOptions = {
    src: `/tab/?team=${encodeURIComponent(DEMO_TEAM.teamId)}&pilots=all`,
    frameContext: 'content',
    theme: 'default',
    locale: 'fi-FI',
    tenantId: DEMO_TEAM.tenantId,
    teamId: DEMO_TEAM.teamId,
    teamName: DEMO_TEAM_NAME,
    ...o,
  };
  await page.route(`${base}/teams-host.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: teamsHostPage(options) }),
  );
  await page.goto(`${base}/teams-host.html`);
}
