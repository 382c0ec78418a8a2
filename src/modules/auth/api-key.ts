import crypto from 'node:crypto';

export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * API keys look like `lt_<prefix>_<secret>`: the prefix finds the row, the secret is checked against its SHA-256
 * hash (keys are 256-bit random, so a fast hash is enough; the plain key is shown once and never stored).
 */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(32).toString('base64url');
  return { key: `lt_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = /^lt_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$/.exec(key.trim());
  return match ? { prefix: match[1], secret: match[2] } : null;
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
