/**
 * The preview's own words (its toolbar and grid), French and English with the same keys. The pane's text comes from
 * the project's one catalogue (src/core/i18n); the preview is a development host, not part of the add-in, so its few
 * labels live here rather than in an area of the add-in's catalogue.
 */
import type { Lang } from "../core/types";

const fr = {
  title: "OPS — aperçu sans Excel",
  subtitle: "Le volet OPS réel, sur un classeur simulé dans le navigateur. Rien ne quitte cette page.",
  workbook: "Classeur",
  fileLabel: "Classeur : {name}",
  open: "Ouvrir un classeur .xlsx",
  openHint: "Le fichier est lu dans le navigateur, il n'est envoyé nulle part.",
  download: "Télécharger le classeur enrichi",
  sample: "Revenir à l'exemple",
  theme: "Thème",
  themeLight: "Clair",
  themeDark: "Sombre",
  loading: "Chargement du classeur…",
  loadFailed: "Impossible d'ouvrir ce classeur : {reason}",
  sheets: "Feuilles du classeur",
  sheetHidden: "{name} (masquée)",
  grid: "Cellules de la feuille {name}",
  gridEmpty: "Cette feuille est vide.",
  gridTruncated: "Colonnes affichées : {shown} sur {total}.",
  highlighted: "Ligne marquée par une mise en forme conditionnelle",
  selected: "Sélection du classeur : {address}",
  rows: "{rows} lignes × {cols} colonnes",
} as const;

export type PreviewKey = keyof typeof fr;

const en: Record<PreviewKey, string> = {
  title: "OPS — preview without Excel",
  subtitle: "The real OPS pane, on a workbook simulated in the browser. Nothing leaves this page.",
  workbook: "Workbook",
  fileLabel: "Workbook: {name}",
  open: "Open an .xlsx workbook",
  openHint: "The file is read in the browser; it is sent nowhere.",
  download: "Download the enriched workbook",
  sample: "Back to the sample",
  theme: "Theme",
  themeLight: "Light",
  themeDark: "Dark",
  loading: "Loading the workbook…",
  loadFailed: "This workbook could not be opened: {reason}",
  sheets: "Sheets of the workbook",
  sheetHidden: "{name} (hidden)",
  grid: "Cells of sheet {name}",
  gridEmpty: "This sheet is empty.",
  gridTruncated: "Columns shown: {shown} of {total}.",
  highlighted: "Row marked by a conditional format",
  selected: "Workbook selection: {address}",
  rows: "{rows} rows × {cols} columns",
};

export const PREVIEW_TEXT: Record<Lang, Record<PreviewKey, string>> = { fr, en };

export function pt(key: PreviewKey, lang: Lang, params: Record<string, string | number> = {}): string {
  return PREVIEW_TEXT[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
