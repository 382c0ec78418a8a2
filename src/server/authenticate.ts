import type { MikroORM } from '@mikro-orm/postgresql';
import { InvalidApiKeyError, principalForKey } from '../modules/auth/auth.service.js';
import type { Principal } from '../modules/auth/principal.js';

/** Who is calling, as far as one API key (or none) says; the same for an HTTP request and a WebSocket connection. */
export interface Caller {
  /** The key's holder; null when no key was sent (anonymous) or the key was refused. */
  principal: Principal | null;
  /** What the rate limiter counts: "key:<id>" for a valid key, else "ip:<address>" (so guessing keys is limited too). */
  subject: string;
  keyed: boolean;
  /**
   * Why the caller may not go on: no key while ANONYMOUS_READ is off, or a malformed, unknown or revoked key (its
   * message). Each transport words its answer (HTTP 401 UNAUTHENTICATED, WebSocket close 4401).
   */
  refusal: { reason: 'anonymous' } | { reason: 'invalid-key'; message: string } | null;
}

/**
 * API key -> principal, the anonymous rule and the rate-limit subject. Only the key lookup touches the database;
 * its failures (outage, full pool) are thrown for the transport to answer.
 */
export async function authenticate(orm: MikroORM, key: string | null, address: string, anonymousRead: boolean): Promise<Caller> {
  const byAddress = (refusal: Caller['refusal']): Caller => ({ principal: null, subject: `ip:${address}`, keyed: false, refusal });
  if (!key) return byAddress(anonymousRead ? null : { reason: 'anonymous' });
  try {
    const principal = await principalForKey(orm.em.fork(), key);
    if (principal.keyId == null) return { principal, subject: `ip:${address}`, keyed: false, refusal: null };
    return { principal, subject: `key:${principal.keyId}`, keyed: true, refusal: null };
  } catch (error) {
    if (!(error instanceof InvalidApiKeyError)) throw error;
    return byAddress({ reason: 'invalid-key', message: error.message });
  }
}
