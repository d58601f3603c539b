#!/usr/bin/env node
// Draws Sceau's icons with no dependency: shapes as distance functions, 4×4 supersampling,
// PNG written with node:zlib, ICO = PNG entries. Run: node assets/icons/draw-icons.mjs
// The output files are committed; rerun only when the drawing changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function ico(entries) {
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(({ size, data }, i) => {
    const o = 6 + 16 * i;
    header[o] = size >= 256 ? 0 : size;
    header[o + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, o + 4); // planes
    header.writeUInt16LE(32, o + 6); // bpp
    header.writeUInt32LE(data.length, o + 8);
    header.writeUInt32LE(offset, o + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...entries.map((e) => e.data)]);
}

// Shapes in a unit square [0,1]²; each returns true when (x, y) is inside.
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r1, r2) => (x, y) => {
  const d = (x - cx) ** 2 + (y - cy) ** 2;
  return d <= r2 * r2 && d >= r1 * r1;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
function segment(ax, ay, bx, by, w) {
  return (x, y) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (w / 2) ** 2;
  };
}
/** Scalloped seal edge: a circle whose radius waves n times. */
const seal = (cx, cy, r, n, amp) => (x, y) => {
  const a = Math.atan2(y - cy, x - cx);
  return Math.hypot(x - cx, y - cy) <= r + amp * Math.cos(n * a);
};

const NAVY = [29, 59, 110, 255];
const WHITE = [255, 255, 255, 255];
const GOLD = [214, 164, 52, 255];
const GREEN = [46, 125, 50, 255];
const RED = [198, 40, 40, 255];
const GREY = [117, 117, 117, 255];
const ORANGE = [230, 120, 0, 255];

function render(size, layers) {
  const S = 4;
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          let c = null;
          for (const [shape, color] of layers) if (shape(x, y)) c = color;
          if (c) {
            const alpha = c[3] / 255;
            r += c[0] * alpha; g += c[1] * alpha; b += c[2] * alpha; a += alpha;
          }
        }
      }
      const o = (py * size + px) * 4;
      const n = S * S;
      out[o] = a > 0 ? Math.round(r / a) : 0;
      out[o + 1] = a > 0 ? Math.round(g / a) : 0;
      out[o + 2] = a > 0 ? Math.round(b / a) : 0;
      out[o + 3] = Math.round((a / n) * 255);
    }
  }
  return out;
}

// App icon: a navy wax seal with a gold ring and a white check mark.
const APP = [
  [seal(0.5, 0.5, 0.44, 18, 0.025), NAVY],
  [ring(0.5, 0.5, 0.33, 0.36), GOLD],
  [segment(0.34, 0.51, 0.45, 0.62, 0.075), WHITE],
  [segment(0.45, 0.62, 0.67, 0.38, 0.075), WHITE],
];

// Tray states: a plain disc (readable at 16 px) with a state glyph.
const TRAY = {
  idle: [[circle(0.5, 0.5, 0.44), NAVY], [segment(0.3, 0.52, 0.44, 0.66, 0.13), WHITE], [segment(0.44, 0.66, 0.7, 0.36, 0.13), WHITE]],
  syncing: [[circle(0.5, 0.5, 0.44), GREEN], [segment(0.5, 0.26, 0.5, 0.72, 0.13), WHITE], [segment(0.3, 0.46, 0.5, 0.26, 0.13), WHITE], [segment(0.7, 0.46, 0.5, 0.26, 0.13), WHITE]],
  paused: [[circle(0.5, 0.5, 0.44), GREY], [rect(0.34, 0.28, 0.44, 0.72), WHITE], [rect(0.56, 0.28, 0.66, 0.72), WHITE]],
  error: [[circle(0.5, 0.5, 0.44), RED], [rect(0.44, 0.22, 0.56, 0.6), WHITE], [circle(0.5, 0.74, 0.07), WHITE]],
  attention: [[circle(0.5, 0.5, 0.44), ORANGE], [rect(0.44, 0.22, 0.56, 0.6), WHITE], [circle(0.5, 0.74, 0.07), WHITE]],
  offline: [[ring(0.5, 0.5, 0.32, 0.44), GREY], [segment(0.22, 0.78, 0.78, 0.22, 0.1), GREY]],
};

function write(rel, data) {
  const path = join(here, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

const appPngs = new Map();
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
  const data = png(size, render(size, APP));
  appPngs.set(size, data);
  write(`png/${size}x${size}.png`, data);
}
write('icon-512.png', appPngs.get(512));
write('icon-256.png', appPngs.get(256));
write('icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: appPngs.get(size) }))));
for (const [state, layers] of Object.entries(TRAY)) {
  write(`tray/${state}.png`, png(16, render(16, layers)));
  write(`tray/${state}@2x.png`, png(32, render(32, layers)));
}
process.stdout.write(`icônes écrites dans ${here}\n`);
