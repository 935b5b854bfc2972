/*
 * The one place that knows how manifest URLs move from the dev server to production.
 * manifest.xml uses https://localhost:3000/ everywhere; `npm run build` (webpack.config.js) rewrites EVERY occurrence
 * to the base URL in OPS_BASE_URL. (One yo-office template uses String.replace with a string pattern, which replaces
 * only the first URL: here the replacement is global by construction, and test/build.test.ts checks the built file.)
 */
"use strict";

const DEV_BASE_URL = "https://localhost:3000/";

/**
 * Checks and normalises a production base URL: absolute https URL, no query or fragment, exactly one trailing slash.
 * Office loads add-ins only over https, so anything else is refused with a message saying what to set.
 * @param {string} raw
 * @returns {string}
 */
function normaliseBaseUrl(raw) {
  const value = String(raw ?? "").trim();
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `OPS_BASE_URL must be an absolute https URL such as https://ops.example.com/addin/ (got "${value}")`,
    );
  }
  if (url.protocol !== "https:") {
    throw new Error(`OPS_BASE_URL must use https: Office loads add-ins only over https (got "${value}")`);
  }
  if (url.search || url.hash || value.includes("?") || value.includes("#")) {
    throw new Error(`OPS_BASE_URL must not have a query or a fragment (got "${value}")`);
  }
  if (url.username || url.password) {
    throw new Error(`OPS_BASE_URL must not carry credentials (got "${value}")`);
  }
  const pathname = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${pathname}/`;
}

/**
 * Replaces every https://localhost:3000/ in `text` with `baseUrl` (already normalised).
 * @param {string} text
 * @param {string} baseUrl
 * @returns {string}
 */
function rewriteDevUrls(text, baseUrl) {
  return text.split(DEV_BASE_URL).join(baseUrl);
}

module.exports = { DEV_BASE_URL, normaliseBaseUrl, rewriteDevUrls };
