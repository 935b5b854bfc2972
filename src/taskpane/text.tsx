/** The pane's language as React context, and rendering of language-neutral text. */
import { createContext, useCallback, useContext } from "react";
import { t } from "../core/i18n";
import { COLUMN_ROLES, type ColumnRole, type Lang } from "../core/types";
import { renderMessage } from "./errors";
import type { PaneText } from "./usePane";

export const LangContext = createContext<Lang>("en");

export function useLang(): Lang {
  return useContext(LangContext);
}

export type TextFn = (key: string, params?: Record<string, string | number>) => string;

/** `tx("pane.tab.home")` in the pane's current language. */
export function useText(): TextFn {
  const lang = useLang();
  return useCallback((key: string, params?: Record<string, string | number>) => t(key, lang, params), [lang]);
}

export function renderText(text: PaneText, lang: Lang): string {
  return "msg" in text ? renderMessage(text.msg, lang) : t(text.key, lang, text.params);
}

export function roleName(role: ColumnRole, lang: Lang): string {
  return t(`pane.role.${role}`, lang);
}

/** Every column role in the order the Data view lists them. */
export const ALL_ROLES: readonly ColumnRole[] = COLUMN_ROLES;
