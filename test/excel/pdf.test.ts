/**
 * PDF export through a small fake of Office's common API (getFileAsync / getSliceAsync / closeAsync): slices joined
 * in order, the file always closed, and a clear message where the platform has no PDF, where Office fails or returns
 * an empty file.
 */
import { formatMessage } from "../../src/core/i18n";
import { exportPdf, type OfficeForPdf } from "../../src/excel/pdf";
import { ExcelWorkbook } from "../../src/excel/workbook";
import { checkComplianceSync, defaultPolicy } from "../../src/core/compliance";
import { createSimHost } from "../../src/sim";
import { buildSampleWorkbook, sampleDataSet } from "./support/sample";

interface FakeOptions {
  platform?: string;
  slices?: (number[] | string)[];
  openError?: { code: number; message: string };
  sliceError?: number;
  /** Deliver slices asynchronously, the later ones first (order must still be by index). */
  reverseTiming?: boolean;
  noPdfType?: boolean;
}

function fakeOffice(o: FakeOptions) {
  const log: string[] = [];
  let open = 0;
  const slices = o.slices ?? [];
  const office: OfficeForPdf & { log: string[]; openFiles: () => number } = {
    log,
    openFiles: () => open,
    FileType: o.noPdfType ? {} : { Pdf: "pdf" },
    AsyncResultStatus: { Succeeded: "succeeded" },
    context: {
      platform: o.platform ?? "OfficeOnline",
      document: {
        getFileAsync(type, options, cb) {
          log.push(`open ${type} ${options.sliceSize}`);
          if (o.openError) return setTimeout(() => cb({ status: "failed", value: undefined as never, error: o.openError }), 0);
          open++;
          const file = {
            size: slices.reduce((n, s) => n + s.length, 0),
            sliceCount: slices.length,
            getSliceAsync(i: number, scb: (r: { status: string; value: { data: number[] | string; index: number }; error?: { code: number; message: string } }) => void) {
              log.push(`slice ${i}`);
              const delay = o.reverseTiming ? (slices.length - i) * 3 : 0;
              setTimeout(() => {
                if (o.sliceError === i) scb({ status: "failed", value: undefined as never, error: { code: 5001, message: "Internal error" } });
                else scb({ status: "succeeded", value: { data: slices[i], index: i } });
              }, delay);
            },
            closeAsync(ccb?: (r: { status: string; value: void }) => void) {
              log.push("close");
              open--;
              setTimeout(() => ccb?.({ status: "succeeded", value: undefined }), 0);
            },
          };
          setTimeout(() => cb({ status: "succeeded", value: file }), 0);
        },
      },
    },
  };
  return office;
}

describe("exportPdf", () => {
  it("joins the slices in order and closes the file", async () => {
    const office = fakeOffice({ slices: [[37, 80, 68, 70], [45, 49], [46, 55, 10]], reverseTiming: true });
    const out = await exportPdf(office, 1024);
    expect(Array.from(out.bytes!)).toEqual([37, 80, 68, 70, 45, 49, 46, 55, 10]);
    expect(new TextDecoder().decode(out.bytes!.slice(0, 5))).toBe("%PDF-");
    expect(office.log).toEqual(["open pdf 1024", "slice 0", "slice 1", "slice 2", "close"]);
    expect(office.openFiles()).toBe(0);
    expect(out.messages).toEqual([{ code: "pdf.ready", severity: "info", params: { size: 9 } }]);
  });

  it("reads base64 slices too", async () => {
    const office = fakeOffice({ slices: [btoa("%PDF-1.7\n"), btoa("%%EOF")] });
    const out = await exportPdf(office);
    expect(new TextDecoder().decode(out.bytes!)).toBe("%PDF-1.7\n%%EOF");
  });

  it("closes the file when a slice fails, and says what Excel answered", async () => {
    const office = fakeOffice({ slices: [[1, 2], [3], [4]], sliceError: 1 });
    const out = await exportPdf(office);
    expect(out.bytes).toBeUndefined();
    expect(office.log).toEqual(["open pdf 4194304", "slice 0", "slice 1", "close"]);
    expect(office.openFiles()).toBe(0);
    expect(out.messages[0]).toMatchObject({ code: "pdf.failed", params: { error: "5001 Internal error" } });
    expect(formatMessage(out.messages[0], "fr")).toBe("Excel n'a pas pu produire le PDF (5001 Internal error). Réessayez, ou utilisez Fichier › Exporter › PDF.");
  });

  it("reports an empty PDF (Excel on the web has returned 0 bytes) as such", async () => {
    const office = fakeOffice({ slices: [] });
    const out = await exportPdf(office);
    expect(out.bytes).toBeUndefined();
    expect(out.messages[0].code).toBe("pdf.empty");
    expect(office.log).toContain("close");
  });

  it("gives a message where getFileAsync fails to open (e.g. WOPI hosts, 11001)", async () => {
    const office = fakeOffice({ openError: { code: 11001, message: "Internal Error" } });
    const out = await exportPdf(office);
    expect(out.messages[0]).toMatchObject({ code: "pdf.failed", params: { error: "11001 Internal Error" } });
    expect(office.log).not.toContain("close");
  });

  it("says PDF export is not offered on iPad / iPhone, without calling Office", async () => {
    const office = fakeOffice({ platform: "iOS", slices: [[1]] });
    const out = await exportPdf(office);
    expect(out.bytes).toBeUndefined();
    expect(out.messages[0]).toMatchObject({ code: "pdf.unsupported", params: { platform: "iOS" } });
    expect(formatMessage(out.messages[0], "en")).toMatch(/not available on this platform \(iOS\)/);
    expect(office.log).toEqual([]);
  });

  it("says it is not available without Office or without the Pdf file type", async () => {
    expect((await exportPdf(undefined)).messages[0].code).toBe("pdf.unavailable");
    expect((await exportPdf(fakeOffice({ noPdfType: true }))).messages[0].code).toBe("pdf.unavailable");
  });

  it("is the port's exportPdf, which reads the Office global", async () => {
    const office = fakeOffice({ slices: [[9, 8, 7]] });
    (globalThis as { Office?: unknown }).Office = office;
    try {
      const out = await new ExcelWorkbook(async () => undefined as never).exportPdf();
      expect(Array.from(out.bytes!)).toEqual([9, 8, 7]);
    } finally {
      delete (globalThis as { Office?: unknown }).Office;
    }
  });

  it("on the simulated host (the preview): a well-formed PDF of the print areas, in slices", async () => {
    const host = createSimHost(buildSampleWorkbook());
    const g: { Office?: OfficeForPdf } = {};
    host.installGlobals(g);
    const data = sampleDataSet();
    const port = new ExcelWorkbook(host.run, { lang: "fr", now: () => new Date(2025, 2, 14) });
    await port.writeSummary({ data, result: checkComplianceSync(data, defaultPolicy()) });
    const out = await exportPdf(g.Office, 2000);
    expect(out.bytes!.length).toBeGreaterThan(4000); // several slices of 2,000 bytes
    const text = Array.from(out.bytes!, (b) => String.fromCharCode(b)).join("");
    expect(text.startsWith("%PDF-1.4\n")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
    // The cross-reference table points at each object; startxref at the table.
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe("xref");
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets.length).toBeGreaterThan(4);
    offsets.forEach((o, i) => expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    // The summary's title, in WinAnsi ("—" is 0x97), and a second file can be opened once this one was closed.
    expect(text).toContain("(OPS \x97 Synth\xe8se pour la direction)");
    expect((await exportPdf(g.Office)).bytes).toBeDefined();
  });
});
