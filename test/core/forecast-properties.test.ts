/**
 * Properties of the forecasting core (fast-check): the interval contains the forecast and widens with the horizon,
 * a constant is forecast as itself, a straight line is continued, fitted parameters stay in [0, 1], and no finite
 * input of valid length throws (RangeError only in the documented cases). Series are short to keep the file fast.
 */
import fc from "fast-check";
import { ForecastInputError, fitEts, forecastEts, minPointsFor } from "../../src/core/forecast";

const SEASONS = [undefined, 0, 1, 2, 3, 4, 6, 7, 12] as const;

/** A series of 3..48 moderate values with a season length option it is long enough for. */
const seriesWithSeason = fc
  .tuple(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 48 }), fc.constantFrom(...SEASONS))
  .map(([values, s]) => ({ values, seasonLength: s !== undefined && s >= 2 && values.length < minPointsFor(s) ? 0 : s }));

describe("forecast properties", () => {
  it("low <= forecast <= high and the interval widens (weakly) with the horizon", () => {
    fc.assert(
      fc.property(seriesWithSeason, fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.01, max: 0.999, noNaN: true }), (s, h, conf) => {
        const fit = fitEts(s.values, { seasonLength: s.seasonLength });
        const f = forecastEts(fit, h, conf);
        expect(f.forecast).toHaveLength(h);
        let prevHalf = 0;
        for (let i = 0; i < h; i++) {
          expect(f.low[i]).toBeLessThanOrEqual(f.forecast[i]);
          expect(f.forecast[i]).toBeLessThanOrEqual(f.high[i]);
          const half = (f.high[i] - f.low[i]) / 2;
          expect(half).toBeGreaterThanOrEqual(prevHalf * (1 - 1e-12) - 1e-9);
          prevHalf = half;
        }
      }),
      { numRuns: 80 },
    );
  });

  it("a higher confidence gives a wider interval", () => {
    fc.assert(
      fc.property(seriesWithSeason, (s) => {
        const fit = fitEts(s.values, { seasonLength: s.seasonLength });
        const a = forecastEts(fit, 5, 0.8);
        const b = forecastEts(fit, 5, 0.95);
        for (let i = 0; i < 5; i++) expect(b.high[i] - b.low[i]).toBeGreaterThanOrEqual(a.high[i] - a.low[i]);
      }),
      { numRuns: 40 },
    );
  });

  it("a constant series forecasts the constant, with a zero-width interval", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.integer({ min: 3, max: 40 }),
        fc.constantFrom(...SEASONS),
        (c, n, s) => {
          const seasonLength = s !== undefined && s >= 2 && n < minPointsFor(s) ? 0 : s;
          const fit = fitEts(new Array(n).fill(c), { seasonLength });
          const f = forecastEts(fit, 15);
          const tol = 1e-9 * Math.max(1, Math.abs(c));
          for (let i = 0; i < 15; i++) {
            expect(Math.abs(f.forecast[i] - c)).toBeLessThanOrEqual(tol);
            expect(Math.abs(f.high[i] - f.low[i])).toBeLessThanOrEqual(tol);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a perfect straight line is continued", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.integer({ min: 3, max: 40 }),
        fc.constantFrom(...SEASONS),
        (a, b, n, s) => {
          const seasonLength = s !== undefined && s >= 2 && n < minPointsFor(s) ? 0 : s;
          const y = Array.from({ length: n }, (_, t) => a + b * t);
          const fit = fitEts(y, { seasonLength });
          const f = forecastEts(fit, 12).forecast;
          const scale = Math.max(1, Math.abs(a), Math.abs(b) * (n + 12));
          for (let h = 1; h <= 12; h++) expect(Math.abs(f[h - 1] - (a + b * (n - 1 + h)))).toBeLessThanOrEqual(1e-8 * scale);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("fitted parameters are in [0, 1], fitted values align with the input, measures are not negative", () => {
    fc.assert(
      fc.property(seriesWithSeason, (s) => {
        const fit = fitEts(s.values, { seasonLength: s.seasonLength });
        for (const p of [fit.alpha, fit.beta, fit.gamma]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        expect(fit.fitted).toHaveLength(s.values.length);
        expect(fit.seasons).toHaveLength(fit.seasonLength);
        if (fit.seasonLength === 1) expect(fit.gamma).toBe(0);
        for (const v of [fit.mae, fit.rmse, fit.smape, fit.sigma]) expect(v).toBeGreaterThanOrEqual(0);
        expect(fit.smape).toBeLessThanOrEqual(2);
      }),
      { numRuns: 80 },
    );
  });

  it("no finite input of valid length throws, whatever its magnitude", () => {
    const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(anyFinite, { minLength: 3, maxLength: 30 }), fc.constantFrom(...SEASONS), (values, s) => {
        const seasonLength = s !== undefined && s >= 2 && values.length < minPointsFor(s) ? 0 : s;
        const fit = fitEts(values, { seasonLength });
        expect(() => forecastEts(fit, 10, 0.9)).not.toThrow();
      }),
      { numRuns: 80 },
    );
  });

  it("throws only the documented RangeErrors: too many missing points or too few points", () => {
    const cell = fc.oneof({ weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(NaN) });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 0, maxLength: 30 }), fc.constantFrom(...SEASONS), (values, s) => {
        const n = values.length;
        const missing = values.filter((v) => Number.isNaN(v)).length;
        const tooManyMissing = n > 0 && missing * 10 > n * 3;
        const need = s === undefined ? 3 : minPointsFor(s <= 1 ? 1 : s);
        try {
          fitEts(values, { seasonLength: s });
          expect(tooManyMissing).toBe(false);
          expect(n).toBeGreaterThanOrEqual(need);
        } catch (e) {
          expect(e).toBeInstanceOf(ForecastInputError);
          const code = (e as ForecastInputError).code;
          if (tooManyMissing) expect(code).toBe("forecast.tooManyMissing");
          else {
            expect(code).toBe("forecast.tooFewPoints");
            expect(n).toBeLessThan(need);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
