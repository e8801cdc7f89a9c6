/**
 * A stand-in for the Teams client: a page on the tab's own origin that frames the tab and answers
 * teams-js's postMessage calls (initialize, getContext, getAuthToken, the settings calls) the way
 * Teams does, recording every call in `window.__teams.calls` so a test can read what the tab asked.
 */

export interface TeamsHostOptions {
  /** The tab's address, relative to the host page. */
  src: string;
  frameContext: 'content' | 'settings';
  theme: 'default' | 'dark' | 'contrast';
  locale: string;
  tenantId: string;
  teamId?: string;
  teamName?: string;
  token: string;
  /** What settings.getSettings answers (a reconfigured tab's current settings). */
  settings?: { contentUrl: string };
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
    supports: {
      app: {},
      appEntity: {},
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
      teams: { fullTrust: {} },
    },
  };
  const context = {
    locale: o.locale,
    theme: o.theme,
    frameContext: o.frameContext,
    tid: o.tenantId,
    userObjectId: '3c4f8a1e-2b6d-4e7f-9a0b-1c2d3e4f5a6b',
    teamId: o.teamId,
    teamName: o.teamName,
    channelId: o.teamId ? '19:channel@thread.tacv2' : undefined,
    hostClientType: 'web',
    entityId: 'polku-test',
  };
  const config = { runtime, context, token: o.token, settings: o.settings ?? {} };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams stand-in</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body>
<iframe id="app" title="Polku" src="${o.src}"></iframe>
<script>
  const config = ${JSON.stringify(config)};
  const frame = document.getElementById('app');
  window.__teams = { calls: [], sendToApp(func, args) { frame.contentWindow.postMessage({ func, args }, '*'); } };
  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (event.source !== frame.contentWindow || !msg || typeof msg.func !== 'string') return;
    window.__teams.calls.push({ func: msg.func, args: msg.args || [] });
    const reply = (args) => frame.contentWindow.postMessage({ id: msg.id, uuidAsString: msg.uuidAsString, args }, '*');
    switch (msg.func) {
      case 'initialize': return reply([config.context.frameContext, 'web', JSON.stringify(config.runtime), '2.58.0']);
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

/** A JWT-shaped token (not signed: the local preview server does not read it) expiring in an hour. */
export function fakeToken(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 3600, aud: 'polku-test' })}.c2ln`;
}
