/** The bounds of the traversals (traversal.service.ts), named in the schema's descriptions. */

/** Deepest `neighbourhood(depth)`. */
export const MAX_DEPTH = 4;
/** Longest `connectionPaths(maxDepth)`. */
export const MAX_PATH_DEPTH = 6;
/** Most systems a neighbourhood returns per distance (`perHopLimit`, and its default). */
export const MAX_PER_HOP = 500;

/**
 * How many systems a neighbourhood walk reaches at most, the starting one included. On the x10 benchmark graph a
 * depth-3 walk from a provincial system would otherwise reach nearly all of its 50,000 systems (BENCHMARKS.md).
 */
export const NEIGHBOURHOOD_BUDGET = 10_000;
