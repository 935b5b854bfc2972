/**
 * Season length detection (detectSeasonLength in src/core/forecast.ts, screening in src/core/forecast/detect.ts) on
 * synthetic series drawn from a seeded generator, so every run sees the same numbers. Each kind of series is tried
 * on consecutive seeds 1..N, not on hand-picked ones.
 */
import { detectSeasonLength, fitEts } from "../../src/core/forecast";
import { seasonCandidates } from "../../src/core/forecast/detect";
import { rng } from "../../scripts/seeded";


/** Standard normal draws (Box–Muller) from the seeded generator. */
function normal(seed: number): () => number {
  const u = rng(seed);
  return () => {
    let a = 0;
    while (a === 0) a = u();
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

/** Season shapes a Director of Operations meets: quarters, days of the week (weekend dip), months (summer, December). */
const PATTERNS: Record<number, number[]> = {
  4: [-6, -2, 1, 7],
  7: [3, 4, 4, 5, 6, -10, -12],
  12: [-8, -6, -2, 0, 2, 5, 8, 6, 1, -1, -3, -2],
};

function seasonalSeries(m: number, n: number, slope: number, noiseSd: number, seed: number): number[] {
  const z = normal(seed);
  return Array.from({ length: n }, (_, t) => 200 + slope * t + PATTERNS[m][t % m] + noiseSd * z());
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe("detectSeasonLength finds the season of noisy, trending series", () => {
  it.each([
    // m, points, trend per period, noise standard deviation
    [4, 40, 0.5, 2],
    [4, 120, -0.3, 3],
    [7, 70, 0.3, 2],
    [7, 140, 0.3, 3],
    [12, 72, 0.4, 2],
    [12, 144, 1.5, 3],
  ])("season %i on %i points (trend %p, noise sd %p), seeds 1–8", (m, n, slope, sd) => {
    for (const seed of SEEDS) expect(detectSeasonLength(seasonalSeries(m, n, slope, sd, seed + 100 * m))).toBe(m);
  });

  it("finds a sine season and its multiple's fundamental (a season of 12 also repeats every 24)", () => {
    for (const seed of SEEDS) {
      const z = normal(seed);
      const y = Array.from({ length: 120 }, (_, t) => 50 + 0.2 * t + 6 * Math.sin((2 * Math.PI * t) / 12) + z());
      expect(detectSeasonLength(y)).toBe(12);
    }
  });

  it("honours maxLength", () => {
    const y = seasonalSeries(12, 96, 0.4, 1, 3);
    expect(detectSeasonLength(y)).toBe(12);
    expect(detectSeasonLength(y, 11)).toBeLessThanOrEqual(11);
    expect(detectSeasonLength(y, 24)).toBe(12);
  });

  it("sees a small season on a large level (amplitude 1e-10 of the level)", () => {
    const y = seasonalSeries(4, 60, 0, 0.2, 9).map((v) => 1e9 + (v - 200) * 0.02);
    expect(detectSeasonLength(y)).toBe(4);
  });

  it("works through missing points", () => {
    const y = seasonalSeries(7, 98, 0.3, 1.5, 11).map((v, t) => (t % 9 === 4 ? NaN : v));
    expect(detectSeasonLength(y)).toBe(7);
  });

  it("is what fitEts uses when no season length is given", () => {
    const y = seasonalSeries(12, 72, 0.4, 2, 5);
    const fit = fitEts(y);
    expect(fit.seasonLength).toBe(12);
    expect(fit.seasonDetected).toBe(true);
  });
});

describe("detectSeasonLength says 1 when there is no season", () => {
  it("on white noise", () => {
    for (const seed of SEEDS) {
      const z = normal(seed);
      expect(detectSeasonLength(Array.from({ length: 96 }, () => 100 + 10 * z()))).toBe(1);
    }
  });
  it("on a pure straight line, a constant and a noisy trend", () => {
    expect(detectSeasonLength(Array.from({ length: 60 }, (_, t) => 3 + 2.5 * t))).toBe(1);
    expect(detectSeasonLength(Array.from({ length: 60 }, (_, t) => 1e9 - 0.1 * t))).toBe(1);
    expect(detectSeasonLength(new Array(48).fill(7))).toBe(1);
    for (const seed of SEEDS) {
      const z = normal(seed);
      expect(detectSeasonLength(Array.from({ length: 80 }, (_, t) => 10 + 2 * t + 3 * z()))).toBe(1);
    }
  });
  it("on a random walk (the screen alone is fooled at long lengths on some seeds; the AICc comparison is not)", () => {
    let fooled = 0;
    for (const seed of SEEDS) {
      const z = normal(seed);
      let x = 100;
      const walk = Array.from({ length: 200 }, () => (x += z()));
      if (seasonCandidates(Float64Array.from(walk)).length > 0) fooled++;
      expect(detectSeasonLength(walk)).toBe(1);
    }
    expect(fooled).toBeGreaterThan(0);
  });
  it("on series too short to show two seasons", () => {
    expect(detectSeasonLength([])).toBe(1);
    expect(detectSeasonLength([5, 1, 5])).toBe(1);
  });
});

describe("seasonCandidates (the screening step)", () => {
  it("lists the true length (perhaps behind one of its multiples), at most 10 lengths, and nothing on white noise", () => {
    const c = seasonCandidates(Float64Array.from(seasonalSeries(12, 96, 0.4, 1, 2)));
    expect(c).toContain(12);
    expect(c.length).toBeLessThanOrEqual(10);
    const z = normal(77);
    expect(seasonCandidates(Float64Array.from({ length: 120 }, () => z()))).toEqual([]);
  });
});
