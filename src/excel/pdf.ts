/**
 * PDF export of the workbook through Office's common API: `Office.context.document.getFileAsync(Office.FileType.Pdf)`,
 * its slices read in order and joined, the file closed (always: Office keeps one file open per document, and a file
 * left open makes the next getFileAsync fail). Excel offers Pdf on the web, Windows and Mac; not on iPad / iPhone
 * (nor Android): there, and wherever Office or the Pdf type is missing, a clear message instead of bytes.
 * Excel on the web has returned empty PDFs (OfficeDev/office-js#5473, #5950): an empty file is reported as such.
 *
 * Never rejects: every outcome is { bytes?, messages }.
 */
import type { OpsMessage } from "../core/types";
import type { PdfExport } from "../core/workbook-port";

/** Slice size asked for: Office's maximum is 4 MB (64 KB on iPad, where Pdf is not offered anyway). */
export const PDF_SLICE_SIZE = 4 * 1024 * 1024;

/** Platforms where Excel's getFileAsync has no Pdf type. */
const NO_PDF_PLATFORMS = new Set(["iOS", "Android"]);

interface AsyncResult<T> {
  status: string;
  value: T;
  error?: { code?: number; name?: string; message?: string };
}
interface OfficeSlice {
  data: ArrayLike<number> | ArrayBuffer | string;
  index?: number;
  size?: number;
}
interface OfficeFile {
  size: number;
  sliceCount: number;
  getSliceAsync(index: number, cb: (r: AsyncResult<OfficeSlice>) => void): void;
  closeAsync(cb?: (r: AsyncResult<void>) => void): void;
}
/** The part of the Office global used here (tests pass a fake). */
export interface OfficeForPdf {
  FileType?: { Pdf?: string };
  AsyncResultStatus?: { Succeeded?: string };
  context?: {
    platform?: string;
    document?: { getFileAsync?(fileType: string, options: { sliceSize: number }, cb: (r: AsyncResult<OfficeFile>) => void): void };
  };
}

const msg = (code: string, params?: Record<string, string | number>): OpsMessage => ({ code, severity: "warning", ...(params ? { params } : {}) });

function succeeded(office: OfficeForPdf, r: AsyncResult<unknown>): boolean {
  return r.status === (office.AsyncResultStatus?.Succeeded ?? "succeeded");
}

function errorText(r: AsyncResult<unknown> | undefined, e?: unknown): string {
  const err = r?.error;
  if (err) return [err.code, err.message ?? err.name].filter((x) => x !== undefined && x !== "").join(" ") || "?";
  return e instanceof Error ? e.message : String(e ?? "?");
}

function sliceBytes(data: OfficeSlice["data"]): Uint8Array {
  if (typeof data === "string") {
    const bin = atob(data);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return Uint8Array.from(data as ArrayLike<number>);
}

/** The workbook as PDF bytes, or a message saying why not. */
export async function exportPdf(office: OfficeForPdf | undefined = (globalThis as unknown as { Office?: OfficeForPdf }).Office, sliceSize = PDF_SLICE_SIZE): Promise<PdfExport> {
  const platform = office?.context?.platform;
  if (platform && NO_PDF_PLATFORMS.has(String(platform))) return { messages: [msg("pdf.unsupported", { platform: String(platform) })] };
  const doc = office?.context?.document;
  const pdfType = office?.FileType?.Pdf;
  if (!office || !doc?.getFileAsync || !pdfType) return { messages: [msg("pdf.unavailable")] };

  let file: OfficeFile | undefined;
  try {
    const opened = await new Promise<AsyncResult<OfficeFile>>((resolve) => doc.getFileAsync!(pdfType, { sliceSize }, resolve));
    if (!succeeded(office, opened)) return { messages: [msg("pdf.failed", { error: errorText(opened) })] };
    file = opened.value;
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < file.sliceCount; i++) {
      const f = file;
      const r = await new Promise<AsyncResult<OfficeSlice>>((resolve) => f.getSliceAsync(i, resolve));
      if (!succeeded(office, r)) return { messages: [msg("pdf.failed", { error: errorText(r) })] };
      const bytes = sliceBytes(r.value.data);
      parts.push(bytes);
      total += bytes.length;
    }
    if (total === 0) return { messages: [msg("pdf.empty")] };
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return { bytes: out, messages: [{ code: "pdf.ready", severity: "info", params: { size: total } }] };
  } catch (e) {
    return { messages: [msg("pdf.failed", { error: errorText(undefined, e) })] };
  } finally {
    if (file) await closeQuietly(file);
  }
}

function closeQuietly(file: OfficeFile): Promise<void> {
  return new Promise<void>((resolve) => {
    try {
      file.closeAsync(() => resolve());
    } catch {
      resolve();
    }
  });
}
