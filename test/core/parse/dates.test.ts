import fc from "fast-check";
import { isDateFormat, isoFromSerial, parseDateCell, parseDateText, serialFrom1904, serialFromYMD, ymdFromSerial } from "../../../src/core/parse/dates";

/** Serial of a date after 1 Mar 1900, computed the plain way (days since 30 Dec 1899). */
const plainSerial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;

describe("serial numbers", () => {
  it("follows Excel's 1900 system, phantom 29 Feb 1900 included", () => {
    expect(serialFromYMD(1900, 1, 1)).toBe(1);
    expect(serialFromYMD(1900, 2, 28)).toBe(59);
    expect(serialFromYMD(1900, 2, 29)).toBe(60);
    expect(serialFromYMD(1900, 3, 1)).toBe(61);
    expect(ymdFromSerial(60)).toEqual({ y: 1900, m: 2, d: 29 });
    expect(ymdFromSerial(61)).toEqual({ y: 1900, m: 3, d: 1 });
    expect(ymdFromSerial(1)).toEqual({ y: 1900, m: 1, d: 1 });
    expect(serialFromYMD(2024, 3, 15)).toBe(45366);
    expect(isoFromSerial(45366.75)).toBe("2024-03-15");
  });
  it("converts the 1904 system: serial 0 is 1 Jan 1904", () => {
    expect(serialFrom1904(0)).toBe(serialFromYMD(1904, 1, 1));
    expect(parseDateCell(43844, { date1904: true })).toMatchObject({ kind: "date", serial: plainSerial(2024, 1, 15) });
  });
  it("round-trips every day from 1900 to 2200 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: plainSerial(2200, 12, 31) }), (s) => {
        const { y, m, d } = ymdFromSerial(s);
        expect(serialFromYMD(y, m, d)).toBe(s);
        if (s > 60) expect(s).toBe(plainSerial(y, m, d));
      }),
      { numRuns: 500 },
    );
  });
});

describe("dates as text, French and English", () => {
  const day = (t: string, order?: "dmy" | "mdy") => parseDateText(t, order);
  it("reads ISO and dd/mm/yyyy in French order", () => {
    expect(day("2024-03-15")).toEqual({ serial: plainSerial(2024, 3, 15), granularity: "day" });
    expect(day("2024-03-15T10:30:00Z")?.serial).toBe(plainSerial(2024, 3, 15));
    expect(day("15/03/2024")?.serial).toBe(plainSerial(2024, 3, 15));
    expect(day("03/04/2024")?.serial).toBe(plainSerial(2024, 4, 3));
    expect(day("03/04/2024", "mdy")?.serial).toBe(plainSerial(2024, 3, 4));
    expect(day("15.03.24")?.serial).toBe(plainSerial(2024, 3, 15));
    expect(day("31/02/2024")).toBeNull();
    expect(day("15/03/2024", "mdy")).toBeNull();
  });
  it("reads day month-name year", () => {
    expect(day("15 mars 2024")?.serial).toBe(plainSerial(2024, 3, 15));
    expect(day("1er janvier 2024")?.serial).toBe(plainSerial(2024, 1, 1));
    expect(day("15-Mar-2024")?.serial).toBe(plainSerial(2024, 3, 15));
    expect(day("March 15, 2024")?.serial).toBe(plainSerial(2024, 3, 15));
    expect(day("lundi 15 avril 2024")?.serial).toBe(plainSerial(2024, 4, 15));
  });
  it("reads months, abbreviated or not, with statistics marks", () => {
    expect(day("déc. 2024")).toEqual({ serial: plainSerial(2024, 12, 1), granularity: "month" });
    expect(day("Déc 2024")?.serial).toBe(plainSerial(2024, 12, 1));
    expect(day("décembre 2024")?.serial).toBe(plainSerial(2024, 12, 1));
    expect(day("janv.-24")?.serial).toBe(plainSerial(2024, 1, 1));
    expect(day("Jan. 2021")?.serial).toBe(plainSerial(2021, 1, 1));
    expect(day("Sep. 2021(p)")?.serial).toBe(plainSerial(2021, 9, 1));
    expect(day("May 2021")?.serial).toBe(plainSerial(2021, 5, 1));
    expect(day("août 2023")?.serial).toBe(plainSerial(2023, 8, 1));
    expect(day("2024 Jan")?.serial).toBe(plainSerial(2024, 1, 1));
    expect(day("2024 Févr")?.serial).toBe(plainSerial(2024, 2, 1));
    expect(day("2024-07")?.serial).toBe(plainSerial(2024, 7, 1));
  });
  it("reads quarters T1/Q1 and years stored as text when asked", () => {
    expect(day("T1 2024")).toEqual({ serial: plainSerial(2024, 1, 1), granularity: "quarter" });
    expect(day("Q3 2024")?.serial).toBe(plainSerial(2024, 7, 1));
    expect(day("2024-Q4")?.serial).toBe(plainSerial(2024, 10, 1));
    expect(day("2e trimestre 2024")?.serial).toBe(plainSerial(2024, 4, 1));
    expect(parseDateText("2014")).toBeNull();
    expect(parseDateText("2014", "dmy", true)).toEqual({ serial: plainSerial(2014, 1, 1), granularity: "year" });
  });
  it("does not take plain words or numbers for dates", () => {
    for (const t of ["Total", "Marseille", "12", "1234,56", "Produit 2024", "NAICS Code", "mars"]) expect(day(t)).toBeNull();
  });
});

describe("parseDateCell", () => {
  it("reads serials, text, errors and empties, never throwing", () => {
    expect(parseDateCell(45366)).toMatchObject({ kind: "date", serial: 45366, fromText: false });
    expect(parseDateCell("15/03/2024")).toMatchObject({ kind: "date", serial: 45366, fromText: true });
    expect(parseDateCell(2014, { yearNumbers: true })).toMatchObject({ kind: "date", granularity: "year", serial: plainSerial(2014, 1, 1) });
    expect(parseDateCell("#N/A")).toEqual({ kind: "error", code: "#N/A" });
    expect(parseDateCell("")).toEqual({ kind: "empty" });
    expect(parseDateCell("bientôt")).toEqual({ kind: "text" });
    expect(parseDateCell(-5)).toEqual({ kind: "text" });
  });
  it("recognises date number formats", () => {
    for (const f of ["dd/mm/yyyy", "mm-dd-yy", "[$-40C]mmm-yy", "d-mmm", "yyyy-mm-dd hh:mm"]) expect(isDateFormat(f)).toBe(true);
    for (const f of ["General", "0.00", "#,##0 €", "h:mm", "@", '_("$"* #,##0.00_)', "0%"]) expect(isDateFormat(f)).toBe(false);
  });
});
