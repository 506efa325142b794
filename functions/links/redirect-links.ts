/**
 * Links to the stack's link function: each carries a signed token naming one report object and its expiry, so it
 * works for exactly the configured days, whatever the Report function's credentials do afterwards.
 */
import { floorToMinute, type LinkIssuer } from './issuer.js';
import { type LinkMac, linkUrl, signLinkToken } from './link-token.js';

export function redirectLinks(baseUrl: string, mac: LinkMac): LinkIssuer {
  return async (now, requestedDays) => {
    const end = floorToMinute(now.getTime() + requestedDays * 86_400_000);
    const expiresAt = new Date(end);
    return {
      expiresAt,
      limit: 'redirect',
      url: async (key) => linkUrl(baseUrl, await signLinkToken({ key, expiresAt: end / 1000 }, mac)),
    };
  };
}
