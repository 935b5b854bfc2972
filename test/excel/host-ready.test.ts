import { whenHostReady } from "../../src/excel/host";

describe("whenHostReady", () => {
  const g = globalThis as { Office?: unknown };
  afterEach(() => {
    delete g.Office;
  });
  it("resolves at once when Office is absent", async () => {
    delete g.Office;
    await expect(whenHostReady()).resolves.toBeUndefined();
  });
  it("waits for Office.onReady", async () => {
    let release: () => void = () => undefined;
    let ready = false;
    g.Office = { onReady: () => new Promise<void>((r) => (release = r)) };
    const p = whenHostReady().then(() => (ready = true));
    await Promise.resolve();
    expect(ready).toBe(false);
    release();
    await p;
    expect(ready).toBe(true);
  });
  it("never rejects, even when onReady fails or throws", async () => {
    g.Office = { onReady: () => Promise.reject(new Error("boom")) };
    await expect(whenHostReady()).resolves.toBeUndefined();
    g.Office = {
      onReady: () => {
        throw new Error("boom");
      },
    };
    await expect(whenHostReady()).resolves.toBeUndefined();
  });
});
