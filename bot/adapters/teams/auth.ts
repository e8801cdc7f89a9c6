/**
 * The Bot Connector's token on /api/messages, checked with the Teams SDK's JwtValidator
 * (@microsoft/teams.apps: jsonwebtoken over jwks-rsa, RS256, 5 minutes of clock tolerance), set
 * up as the SDK's ServiceTokenValidator sets it up for the Bot Framework: issuer
 * https://api.botframework.com, the keys of the Bot Framework's OpenID metadata, and the token's
 * `serviceurl` claim against the activity's serviceUrl.
 *
 * Around it, the rules botbuilder keeps and the SDK's validator does not: junk is refused before
 * any key is fetched (the header must be "Bearer <JWT>", its header and claims JSON, alg RS256
 * with a key id, issued by the Bot Framework for this bot, with an expiry); the audience must be
 * the app id itself (the SDK also takes api://… forms of it); and the service URL must be the
 * activity's exactly (the SDK ignores case and a trailing slash).
 *
 * The keys are fetched with node's https.request (jwks-rsa's client), cached by jwks-rsa.
 *
 * The validator (jsonwebtoken, jwks-rsa and theirs, some 8 MB once loaded) is required when a
 * check is built, that is at start with a bot identity; without one (local mode) never.
 */
import type { JwtValidator } from '@microsoft/teams.apps/dist/middleware/auth/jwt-validator';
import { isObject } from '../activity';
import { silentLogger } from './connector';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const OPENID_METADATA = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** The metadata's jwks_uri, derived as the SDK's ServiceTokenValidator derives it. */
const KEYS_URI = OPENID_METADATA.replace(/\/openidconfiguration$/, '/keys');

/** Why a token was refused: the name goes to the log, never the token or its claims. */
export class TokenRefused extends Error {
  constructor(reason: string) {
    super('token refused');
    this.name = reason;
  }
}

function json(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export class BotTokenCheck {
  private readonly validator: JwtValidator;

  constructor(private readonly appId: string) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { JwtValidator: Validator } = require('@microsoft/teams.apps/dist/middleware/auth/jwt-validator') as {
      JwtValidator: typeof JwtValidator;
    };
    this.validator = new Validator(
      {
        clientId: appId,
        validateIssuer: { allowedIssuer: BOT_FRAMEWORK_ISSUER },
        jwksUriOptions: { type: 'uri', uri: KEYS_URI },
        clockTolerance: 300,
      },
      silentLogger,
    );
  }

  /** Resolves when the header carries a valid Bot Connector token for this activity; else throws TokenRefused. */
  async check(authorization: string, serviceUrl: string): Promise<void> {
    const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization);
    if (!m) throw new TokenRefused('MalformedHeader');
    const token = m[1];
    const [h, p] = token.split('.');
    const header = json(h);
    const claims = json(p);
    if (!header || !claims) throw new TokenRefused('MalformedToken');
    if (header.alg !== 'RS256' || typeof header.kid !== 'string' || !header.kid)
      throw new TokenRefused('UnsupportedKey');
    if (claims.iss !== BOT_FRAMEWORK_ISSUER) throw new TokenRefused('OtherIssuer');
    if (claims.aud !== this.appId) throw new TokenRefused('OtherAudience');
    if (typeof claims.exp !== 'number') throw new TokenRefused('NoExpiry');
    if (claims.serviceurl !== serviceUrl) throw new TokenRefused('OtherServiceUrl');
    // The signature, expiry and not-before, issuer and audience, and the service URL, by the SDK.
    const verified = await this.validator.validateAccessToken(token, {
      validateServiceUrl: { expectedServiceUrl: serviceUrl },
    });
    if (!verified) throw new TokenRefused('InvalidToken');
    // The verified claims, held to botbuilder's exact rules.
    if (verified.iss !== BOT_FRAMEWORK_ISSUER || verified.aud !== this.appId || verified.serviceurl !== serviceUrl) {
      throw new TokenRefused('InvalidToken');
    }
  }
}
