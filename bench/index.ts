/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line) and prints their figures.
 * Each bench file exports `default async function run(): Promise<void>` that prints its own lines.
 */
import { readdirSync } from "fs";
import { join } from "path";

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  for (const f of files) {
    console.log(`\n== ${f.replace(".bench.ts", "")}`);
    const mod = (await import(join(__dirname, f))) as { default: () => Promise<void> };
    await mod.default();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
