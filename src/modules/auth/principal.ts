import type { Role } from './api-key.js';

/** Who is calling: an API key's holder, or anonymous (null in the request context). */
export interface Principal {
  keyId: number;
  name: string;
  role: Role;
  /** Agency codes an editor may change (with their communes, bodies and predecessor units). */
  agencyCodes: string[];
}

/** Name recorded in the audit log. */
export function actorName(principal: Principal | null): string {
  return principal ? `${principal.name} (key ${principal.keyId}, ${principal.role})` : 'anonymous';
}
