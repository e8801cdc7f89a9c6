/**
 * Who is calling the tab's API. Fails closed: with an Entra app configured, a request needs a
 * valid Teams SSO token (verification arrives with the tab's sign-in); with none configured, the
 * explicit local preview mode lets in loopback requests only, as the demo user.
 */
import type { Request } from 'restify';
import type { TeamRef } from '../domain/pilots';
import { DEMO_TEAM, DEMO_USER_ID } from '../demo/constants';

export interface Principal {
  userId: string;
  tenantId: string;
  preview: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A request that came straight from this machine, not through a proxy or tunnel. */
export function isDirectLoopback(req: Request): boolean {
  const remote = req.socket?.remoteAddress ?? '';
  const proxied = req.headers['x-forwarded-for'] || req.headers['forwarded'] || req.headers['x-original-host'];
  return LOOPBACK.has(remote) && !proxied;
}

export interface AuthOptions {
  /** Entra app (client) id; when set, preview mode is off. */
  aadAppClientId?: string;
}

export async function authenticate(req: Request, opts: AuthOptions): Promise<Principal | undefined> {
  if (!opts.aadAppClientId) {
    return isDirectLoopback(req) ? { userId: DEMO_USER_ID, tenantId: DEMO_TEAM.tenantId, preview: true } : undefined;
  }
  // Token verification (jose, the tenant's published keys) comes with the tab's sign-in.
  return undefined;
}

/** The teams a principal may see. In preview mode: the demo team. */
export function previewTeams(p: Principal): TeamRef[] {
  return p.preview ? [DEMO_TEAM] : [];
}
