/* The browser preview build: `webpack --config webpack.preview.config.js` (same as `webpack --env preview`). */

"use strict";
const base = require("./webpack.config.js");

module.exports = (env = {}, argv = {}) => base({ ...env, preview: true }, argv);
