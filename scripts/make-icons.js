#!/usr/bin/env node
/*
 * Writes the OPS icons as real PNG files (RGBA, 8 bits per channel) with nothing but node's zlib:
 *   assets/icon-16.png, icon-32.png, icon-64.png, icon-80.png, icon-128.png   (ribbon / add-in icons)
 *   assets/logo-filled.png (256 px)                                            (logo for README and store listing)
 * The mark: a rounded square in OPS green with the letters "OPS" in white, drawn from a 3 x 5 pixel font
 * on a whole-pixel grid so that even the 16 px icon stays sharp. Run with `node scripts/make-icons.js`;
 * the output is deterministic (same bytes on every run), so it is committed with the script.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const BACKGROUND = [0x0e, 0x7c, 0x61]; // OPS green
const ACCENT = [0xf2, 0xb7, 0x05]; // a thin gold rule under the letters (64 px and up)
const FOREGROUND = [0xff, 0xff, 0xff];

/** 3 x 5 glyphs, one string per row, "#" = ink. */
const GLYPHS = {
  O: ["###", "#.#", "#.#", "#.#", "###"],
  P: ["###", "#.#", "###", "#..", "#.."],
  S: ["###", "#..", "###", "..#", "###"],
};

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([len, typeAndData, crc]);
}

/** Encodes an RGBA pixel buffer (width * height * 4 bytes) as a PNG file. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter type None
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Coverage (0..1) of pixel (px, py) by a rounded square filling the canvas, 4 x 4 supersampled. */
function roundedSquareCoverage(size, px, py) {
  const r = Math.max(2, size * 0.18);
  let inside = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const x = px + (sx + 0.5) / 4;
      const y = py + (sy + 0.5) / 4;
      const cx = Math.min(Math.max(x, r), size - r);
      const cy = Math.min(Math.max(y, r), size - r);
      if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) inside++;
    }
  }
  return inside / 16;
}

/** Draws the OPS mark at `size` x `size` pixels and returns the RGBA buffer. */
function drawMark(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const ink = new Uint8Array(size * size); // 1 = letter, 2 = accent rule
  const text = "OPS";
  const cols = text.length * 3 + (text.length - 1); // glyphs plus one-unit gaps
  const unit = Math.max(1, Math.floor((size * 0.8) / cols));
  const textW = cols * unit;
  const textH = 5 * unit;
  const withRule = size >= 64;
  const ruleH = withRule ? Math.max(1, Math.round(unit * 0.6)) : 0;
  const ruleGap = withRule ? unit : 0;
  const blockH = textH + ruleGap + ruleH;
  const x0 = Math.floor((size - textW) / 2);
  const y0 = Math.floor((size - blockH) / 2);
  for (let g = 0; g < text.length; g++) {
    const rows = GLYPHS[text[g]];
    for (let gy = 0; gy < 5; gy++) {
      for (let gx = 0; gx < 3; gx++) {
        if (rows[gy][gx] !== "#") continue;
        const left = x0 + (g * 4 + gx) * unit;
        const top = y0 + gy * unit;
        for (let y = top; y < top + unit; y++) for (let x = left; x < left + unit; x++) ink[y * size + x] = 1;
      }
    }
  }
  if (withRule) {
    const top = y0 + textH + ruleGap;
    for (let y = top; y < top + ruleH; y++) for (let x = x0; x < x0 + textW; x++) ink[y * size + x] = 2;
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const colour = ink[y * size + x] === 1 ? FOREGROUND : ink[y * size + x] === 2 ? ACCENT : BACKGROUND;
      rgba[i] = colour[0];
      rgba[i + 1] = colour[1];
      rgba[i + 2] = colour[2];
      rgba[i + 3] = Math.round(255 * roundedSquareCoverage(size, x, y));
    }
  }
  return rgba;
}

const ICON_SIZES = [16, 32, 64, 80, 128];
const LOGO_SIZE = 256;

function main() {
  const outDir = path.resolve(__dirname, "..", "assets");
  fs.mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const size of ICON_SIZES) {
    const file = path.join(outDir, `icon-${size}.png`);
    fs.writeFileSync(file, encodePng(size, size, drawMark(size)));
    written.push(file);
  }
  const logo = path.join(outDir, "logo-filled.png");
  fs.writeFileSync(logo, encodePng(LOGO_SIZE, LOGO_SIZE, drawMark(LOGO_SIZE)));
  written.push(logo);
  for (const f of written) console.log(`${path.relative(process.cwd(), f)}  ${fs.statSync(f).size} bytes`);
}

if (require.main === module) main();

module.exports = { encodePng, drawMark, ICON_SIZES, LOGO_SIZE };
