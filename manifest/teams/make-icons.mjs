// Draws the two icons of the Teams app package and writes them beside this script:
//
//   color.png    192×192: a rounded square in the accent colour (#165E83, 藍色 Japanese indigo) with
//                the mark in white
//   outline.png  32×32: the mark alone, white on a transparent background, as Teams requires
//
// The mark is two interlocking rings — a link, つなぎ. Only node:zlib is used (deflate, crc32), so
// the icons can be redrawn wherever Node 20.20+ runs. After changing the colour (keep accentColor in
// manifest.json the same) or the shapes, run it again and commit the PNGs:
//
//   node manifest/teams/make-icons.mjs
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const ACCENT = [0x16, 0x5e, 0x83];
const WHITE = [0xff, 0xff, 0xff];
/** Samples per pixel along each axis; their average smooths the edges. */
const SAMPLES = 4;

/**
 * Whether a point lies on the mark. Sizes are fractions of the icon's side: ring radius, distance
 * between the two centres, stroke width, and the gap cut into the ring that passes underneath (ring A
 * is on top at the upper crossing, ring B at the lower one, so the rings interlock).
 * @param {number} x
 * @param {number} y
 * @param {number} side
 * @param {{ radius: number, distance: number, stroke: number, gap: number }} shape
 */
function onMark(x, y, side, { radius, distance, stroke, gap }) {
  const [r, half, cut] = [radius * side, (stroke * side) / 2, gap * side];
  const c = side / 2;
  const fromA = Math.abs(Math.hypot(x - (c - (distance * side) / 2), y - c) - r);
  const fromB = Math.abs(Math.hypot(x - (c + (distance * side) / 2), y - c) - r);
  const aOnTop = y < c;
  const onA = fromA <= half && (aOnTop || fromB > half + cut);
  const onB = fromB <= half && (!aOnTop || fromA > half + cut);
  return onA || onB;
}

/**
 * Whether a point lies inside a square of the given side with rounded corners.
 * @param {number} x
 * @param {number} y
 * @param {number} side
 * @param {number} cornerRadius
 */
function inRoundedSquare(x, y, side, cornerRadius) {
  const dx = Math.max(cornerRadius - x, x - (side - cornerRadius), 0);
  const dy = Math.max(cornerRadius - y, y - (side - cornerRadius), 0);
  return dx * dx + dy * dy <= cornerRadius * cornerRadius;
}

/**
 * RGBA pixels; `paint(x, y)` tells whether a sample point is [in the background, on the mark].
 * @param {number} side
 * @param {(x: number, y: number) => [boolean, boolean]} paint
 */
function draw(side, paint) {
  const pixels = Buffer.alloc(side * side * 4);
  for (let py = 0; py < side; py++) {
    for (let px = 0; px < side; px++) {
      let background = 0;
      let mark = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [inBackground, onTheMark] = paint(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          background += inBackground ? 1 : 0;
          mark += onTheMark ? 1 : 0;
        }
      }
      const n = SAMPLES * SAMPLES;
      const covered = Math.max(background, mark);
      const share = covered === 0 ? 0 : mark / covered;
      const colour = background === 0 ? WHITE : ACCENT.map((a, i) => Math.round(a + (WHITE[i] - a) * share));
      pixels.set([...colour, Math.round((255 * covered) / n)], (py * side + px) * 4);
    }
  }
  return pixels;
}

/**
 * One PNG chunk: length, type, data and the CRC of type and data.
 * @param {string} type
 * @param {Buffer} data
 */
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG file: 8-bit RGBA, no interlacing, every scanline with filter 0 (none).
 * @param {number} side
 * @param {Buffer} pixels
 */
function png(side, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  const rowBytes = side * 4;
  const scanlines = Buffer.alloc((rowBytes + 1) * side);
  for (let y = 0; y < side; y++)
    pixels.copy(scanlines, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const colourMark = { radius: 0.175, distance: 0.2, stroke: 0.065, gap: 0.04 };
const outlineMark = { radius: 0.22, distance: 0.28, stroke: 0.1, gap: 0.06 };

const color = draw(192, (x, y) => [inRoundedSquare(x, y, 192, 32), onMark(x, y, 192, colourMark)]);
const outline = draw(32, (x, y) => [false, onMark(x, y, 32, outlineMark)]);
writeFileSync(new URL('color.png', import.meta.url), png(192, color));
writeFileSync(new URL('outline.png', import.meta.url), png(32, outline));
process.stdout.write('wrote manifest/teams/color.png (192×192) and manifest/teams/outline.png (32×32)\n');
