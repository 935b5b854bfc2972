/** scripts/start.js: what `npm start` chooses, on each kind of machine (the Excel lookup is injected). */
const { decide } = require("../scripts/start.js") as {
  decide(
    argv: string[],
    env: Record<string, string | undefined>,
    platform: string,
    lookup: (platform: string) => string | null,
  ): { target: "excel" | "preview"; reason: string; port: number | null; excelArgs: string[]; dryRun: boolean };
};

const noExcel = () => null;
const excelAt = (p: string) => () => p;

describe("npm start chooses", () => {
  it("the browser preview on Linux", () => {
    const plan = decide([], {}, "linux", excelAt("/should/not/be/asked"));
    expect(plan.target).toBe("preview");
    expect(plan.reason).toMatch(/linux/);
  });

  it("the browser preview in CI, even on Windows with Excel", () => {
    expect(decide([], { CI: "true" }, "win32", excelAt("C:\\Office\\EXCEL.EXE")).target).toBe("preview");
  });

  it("Excel on Windows and macOS when desktop Excel is found", () => {
    expect(decide([], {}, "win32", excelAt("C:\\Office\\EXCEL.EXE"))).toMatchObject({
      target: "excel",
      reason: expect.stringMatching(/EXCEL\.EXE/),
    });
    expect(decide([], {}, "darwin", excelAt("/Applications/Microsoft Excel.app")).target).toBe("excel");
  });

  it("the preview on Windows or macOS without Excel", () => {
    expect(decide([], {}, "win32", noExcel).target).toBe("preview");
    expect(decide([], {}, "darwin", noExcel).reason).toMatch(/not found/);
  });

  it("what the flags or OPS_START say", () => {
    expect(decide(["--preview"], {}, "win32", excelAt("x")).target).toBe("preview");
    expect(decide(["--excel"], {}, "linux", noExcel).target).toBe("excel");
    expect(decide([], { OPS_START: "preview" }, "darwin", excelAt("x")).target).toBe("preview");
    expect(decide([], { OPS_START: "excel" }, "linux", noExcel).target).toBe("excel");
  });

  it("passes the arguments after --excel on to office-addin-debugging", () => {
    const plan = decide(
      ["--excel", "web", "--document", "https://contoso.sharepoint.com/book.xlsx", "--dry-run"],
      {},
      "win32",
      noExcel,
    );
    expect(plan.excelArgs).toEqual(["web", "--document", "https://contoso.sharepoint.com/book.xlsx"]);
    expect(plan.dryRun).toBe(true);
  });

  it("reads the preview port and refuses a bad one", () => {
    expect(decide(["--port", "4000"], {}, "linux", noExcel).port).toBe(4000);
    expect(decide([], { OPS_PREVIEW_PORT: "4100" }, "linux", noExcel).port).toBe(4100);
    expect(decide([], {}, "linux", noExcel).port).toBeNull();
    expect(() => decide(["--port", "http"], {}, "linux", noExcel)).toThrow(/port/);
  });
});
