import type { RequestContext } from '../../api/context.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { Basis } from '../observation/observation.enums.js';
import type { InformationSystem } from '../system/information-system.entity.js';
import type { ConnectionCount, ConnectionSummary } from './connection-summary.types.js';

const count = (connected: number, total: number): ConnectionCount => ({ connected, total, text: `${connected}/${total}` });

/**
 * Answers "how many of this system's counterparts are connected" on a date. The graph's edges win when they
 * cover at least as many systems as the latest reported figure counts; otherwise the reported figure is served
 * and the note says how much of it the graph enumerates.
 */
export async function connectionSummary(ctx: RequestContext, system: InformationSystem, asOf: string | null): Promise<ConnectionSummary> {
  const on = asOf ?? ctx.today;
  const [computed, reportedObservation] = await Promise.all([
    ctx.loaders.computedCountsBySystem.for({ asOf: on, current: on >= ctx.today }).load(system.dbId),
    ctx.loaders.reportedCountBySystem.for({ asOf: on }).load(system.dbId),
  ]);
  const computedCount = count(computed.connected, computed.total);
  const loadEvidence = async (ids: number[]) => (await ctx.loaders.evidenceById.loadMany(ids)).filter((e): e is Evidence => e instanceof Evidence);

  if (!reportedObservation) {
    return {
      ...computedCount,
      ratio: ratio(computed.connected, computed.total),
      basis: Basis.COMPUTED,
      asOf: on,
      evidence: await loadEvidence(computed.evidenceIds),
      computed: computedCount,
      reported: null,
      consistent: null,
      note: computed.total === 0 ? 'No connection of this system is recorded on this date, and no count has been reported.' : null,
    };
  }

  const reported = { ...count(reportedObservation.numerator ?? 0, reportedObservation.denominator ?? 0), observation: reportedObservation };
  const source = `reported ${reported.text} on ${reportedObservation.asOf}`;
  if (computed.total >= reported.total) {
    const consistent = computed.connected === reported.connected && computed.total === reported.total;
    return {
      ...computedCount,
      ratio: ratio(computed.connected, computed.total),
      basis: Basis.COMPUTED,
      asOf: on,
      evidence: await loadEvidence(computed.evidenceIds),
      computed: computedCount,
      reported,
      consistent,
      note: consistent
        ? `Computed from the graph; agrees with the figure ${source}.`
        : `Computed ${computedCount.text} from the graph disagrees with the figure ${source}.`,
    };
  }
  const contradicts = computed.connected > reported.connected;
  return {
    ...count(reported.connected, reported.total),
    ratio: ratio(reported.connected, reported.total),
    basis: Basis.REPORTED,
    asOf: reportedObservation.asOf,
    evidence: await loadEvidence([reportedObservation.evidence.dbId]),
    computed: computedCount,
    reported,
    consistent: contradicts ? false : null,
    note: contradicts
      ? `The graph holds ${computed.connected} connected systems, more than the ${reported.connected} reported: the reported figure is out of date or counts differently.`
      : `The graph enumerates ${computed.total} of the ${reported.total} systems in the reported figure, so the reported figure is served.`,
  };
}

function ratio(connected: number, total: number): number | null {
  return total > 0 ? connected / total : null;
}
