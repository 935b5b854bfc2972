/*
 * Property tests: a new random seed on every local run (to keep finding new cases), a fixed one in CI (CI=true) so a
 * submission's result is reproducible; OPS_FC_SEED sets the seed anywhere. fast-check prints the seed and the
 * shrunk counterexample of any failure.
 */
import fc from "fast-check";

const seed = process.env.OPS_FC_SEED ?? (process.env.CI ? "20261126" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
