/** The committed fixtures are exactly what the seeded generator writes: regenerate into a temporary folder and compare. */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { writeFixtures } from "../../../scripts/make-fixtures";
import { OWN_FIXTURES } from "../../support/fixtures";

describe("scripts/make-fixtures.ts", () => {
  it("is seeded: a new run writes the same bytes as the committed fixtures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-fixtures-"));
    try {
      const files = await writeFixtures(dir);
      expect(files.length).toBeGreaterThanOrEqual(5);
      for (const f of files) expect(`${f}: ${readFileSync(join(dir, f)).equals(readFileSync(join(OWN_FIXTURES, f)))}`).toBe(`${f}: true`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
