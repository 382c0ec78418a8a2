import type { Role } from './api-key.js';

/** Who is calling: an API key's holder, or anonymous (null in the request context). */
export interface Principal {
  /** The API key's id; null for the command-line tools, which act as admin from the server itself. */
  keyId: number | null;
  name: string;
  role: Role;
  /** Agency codes an editor may change (with their communes, bodies and predecessor units). */
  agencyCodes: string[];
}

/** Name recorded in the audit log. */
export function actorName(principal: Principal | null): string {
  if (!principal) return 'anonymous';
  return principal.keyId === null
    ? `${principal.name} (command line, ${principal.role})`
    : `${principal.name} (key ${principal.keyId}, ${principal.role})`;
}

/** The principal of the command-line tools (import, seed): an admin named after the operating-system user. */
export function commandLinePrincipal(user: string): Principal {
  return { keyId: null, name: `cli:${user}`, role: 'admin', agencyCodes: [] };
}
