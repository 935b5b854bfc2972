/* The browser preview build: `webpack --config webpack.preview.config.js` (same as `webpack --env preview`). */
/* eslint-disable no-undef */
/* global require, module */
"use strict";
const base = require("./webpack.config.js");

module.exports = (env = {}, argv = {}) => base({ ...env, preview: true }, argv);
