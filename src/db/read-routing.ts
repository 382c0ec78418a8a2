import { readRouteOf, routeReads, type ReadRoute } from './direct-reads.js';
import type { Replica, ReplicaSet } from './replicas.js';

/**
 * Where one HTTP request's statements outside transactions run. Until its operation is known to be read-only
 * (`readOnly()`, called once the operation is parsed) they run on the primary; a query then takes one replica for
 * all its statements: the next healthy one that has replayed the caller's own last mutation (read-your-writes),
 * else the primary. A replica that fails mid-request leaves the rotation and the primary answers the rest.
 */
export class RequestReads implements ReadRoute {
  private replica: Replica | null = null;

  constructor(
    readonly replicas: ReplicaSet,
    /** The caller (API key or client address, as the rate limiter counts it). */
    readonly subject: string | null,
  ) {}

  readOnly(): void {
    this.replica = this.replicas.pick(this.replicas.writtenBy(this.subject));
  }

  /** Where the request's statements go now. */
  get target(): 'primary' | 'replica' {
    return this.replica?.healthy ? 'replica' : 'primary';
  }

  run(text: string, params: readonly unknown[], onPrimary: () => Promise<Record<string, unknown>[]>): Promise<Record<string, unknown>[]> {
    const replica = this.replica;
    if (replica?.healthy) return this.replicas.runOn(replica, text, params, onPrimary);
    this.replicas.routed.primary++;
    return onPrimary();
  }
}

/** Gives `em` (a request's own EntityManager) a route through `replicas`. */
export function routeThroughReplicas(em: object, replicas: ReplicaSet, subject: string | null): RequestReads {
  const route = new RequestReads(replicas, subject);
  routeReads(em, route);
  return route;
}

/** The request route of `em`, if it has one. */
export function requestReadsOf(em: object): RequestReads | undefined {
  const route = readRouteOf(em);
  return route instanceof RequestReads ? route : undefined;
}
