/**
 * What the task pane's entry point needs from Office besides the workbook: the display language and the theme.
 * Tolerates Office being absent (tests, the browser preview before office.js loads): English and the light theme.
 */
import type { Lang } from "../core/types";

export type ThemeKind = "light" | "dark";

export interface HostInfo {
  lang: Lang;
  theme: ThemeKind;
  /** Office's theme colours when Office gives them (Microsoft 365), for the pane's own surfaces. */
  colors?: { bodyBackground: string; bodyForeground: string; controlBackground: string; controlForeground: string };
}

interface OfficeLike {
  context?: {
    displayLanguage?: string;
    officeTheme?: { bodyBackgroundColor?: string; bodyForegroundColor?: string; controlBackgroundColor?: string; controlForegroundColor?: string };
  };
}

function officeGlobal(): OfficeLike | undefined {
  const g = globalThis as { Office?: OfficeLike };
  return typeof g.Office === "object" && g.Office !== null ? g.Office : undefined;
}

/** "fr-FR", "fr-CA", "FR" -> fr; anything else (or nothing) -> en. */
export function langFromTag(tag: string | undefined | null): Lang {
  return typeof tag === "string" && /^fr\b/i.test(tag.trim()) ? "fr" : "en";
}

/** Relative luminance of "#RRGGBB" (or "#RGB"), 0..1; NaN when unreadable. */
export function luminance(color: string | undefined): number {
  if (!color) return NaN;
  let hex = color.trim().replace(/^#/, "");
  if (/^[0-9a-f]{3}$/i.test(hex)) hex = hex.replace(/./g, (c) => c + c);
  if (!/^[0-9a-f]{6}$/i.test(hex)) return NaN;
  const ch = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

/** Dark when Office's body background is dark (Black and Dark Gray themes), light otherwise or when unknown. */
export function themeFromBackground(bodyBackground: string | undefined): ThemeKind {
  const l = luminance(bodyBackground);
  return Number.isFinite(l) && l < 0.2 ? "dark" : "light";
}

/** Office's display language as fr / en (English when Office is absent or speaks another language). */
export function displayLanguage(office: OfficeLike | undefined = officeGlobal()): Lang {
  try {
    return langFromTag(office?.context?.displayLanguage);
  } catch {
    return "en";
  }
}

export function hostInfo(office: OfficeLike | undefined = officeGlobal()): HostInfo {
  try {
    const theme = office?.context?.officeTheme;
    const info: HostInfo = { lang: displayLanguage(office), theme: themeFromBackground(theme?.bodyBackgroundColor) };
    if (theme?.bodyBackgroundColor && theme.bodyForegroundColor) {
      info.colors = {
        bodyBackground: theme.bodyBackgroundColor,
        bodyForeground: theme.bodyForegroundColor,
        controlBackground: theme.controlBackgroundColor ?? theme.bodyBackgroundColor,
        controlForeground: theme.controlForegroundColor ?? theme.bodyForegroundColor,
      };
    }
    return info;
  } catch {
    return { lang: "en", theme: "light" };
  }
}

/**
 * Resolves once office.js has initialised (Office.onReady), at once when Office is absent (the page opened outside
 * Office). Never rejects: the pane then starts with English and the light theme.
 */
export function whenHostReady(): Promise<void> {
  const office = (globalThis as { Office?: { onReady?: () => Promise<unknown> } }).Office;
  if (!office || typeof office.onReady !== "function") return Promise.resolve();
  try {
    return office.onReady().then(
      () => undefined,
      () => undefined,
    );
  } catch {
    return Promise.resolve();
  }
}
