/**
 * Access to ../shared/fixtures (real public workbooks). Tests that use them run whenever the folder is there
 * (CI always has it) and say so plainly when it is not; the project's own fixtures live in test/fixtures.
 */
import { existsSync } from "fs";
import { join, resolve } from "path";

export const SHARED_FIXTURES = resolve(__dirname, "../../../shared/fixtures");
export const OWN_FIXTURES = resolve(__dirname, "../fixtures");

/** Path of a shared fixture, or null (with one plain console line) when ../shared/fixtures is absent. */
export function sharedFixture(name: string): string | null {
  const p = join(SHARED_FIXTURES, name);
  if (existsSync(p)) return p;
  console.warn(`../shared/fixtures/${name} is not there: the tests on it are not run in this checkout.`);
  return null;
}

/** `describe` that runs only when the shared fixture exists; otherwise one test records the fact. */
export function describeWithShared(name: string, title: string, body: (path: string) => void): void {
  const p = existsSync(join(SHARED_FIXTURES, name)) ? join(SHARED_FIXTURES, name) : null;
  if (p) {
    describe(title, () => body(p));
  } else {
    describe(title, () => {
      it(`needs ../shared/fixtures/${name}, which is absent here`, () => {
        console.warn(`../shared/fixtures/${name} is not there: "${title}" not run.`);
        expect(existsSync(join(SHARED_FIXTURES, name))).toBe(false);
      });
    });
  }
}
