/** Types for scripts/manifest-urls.js (plain CommonJS so that webpack.config.js can require it without a build step). */
export const DEV_BASE_URL: "https://localhost:3000/";
export function normaliseBaseUrl(raw: string | undefined | null): string;
export function rewriteDevUrls(text: string, baseUrl: string): string;
