/**
 * Draws the Teams app icons without image libraries: manifest/teams/color.png (192×192, AU blue with a white
 * "speech bubble with exclamation mark") and outline.png (32×32, the same shape in white on transparent), as
 * RGBA PNGs encoded with node:zlib. Run: `npx tsx scripts/generate-teams-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes an RGBA image (row-major pixels) as PNG. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The glyph in unit coordinates (0..1): a rounded speech bubble outline with an exclamation mark. */
function glyph(u: number, v: number, stroke: number): boolean {
  const inRoundRect = (x0: number, y0: number, x1: number, y1: number, r: number) => {
    const cx = Math.min(Math.max(u, x0 + r), x1 - r);
    const cy = Math.min(Math.max(v, y0 + r), y1 - r);
    return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
  };
  const outer = inRoundRect(0.12, 0.14, 0.88, 0.72, 0.12);
  const inner = inRoundRect(0.12 + stroke, 0.14 + stroke, 0.88 - stroke, 0.72 - stroke, Math.max(0.01, 0.12 - stroke));
  const tail = v >= 0.7 && v <= 0.88 && u >= 0.28 && u <= 0.28 + (0.88 - v) * 0.9 && u <= 0.45;
  const bar = u >= 0.46 && u <= 0.54 && v >= 0.24 && v <= 0.5;
  const dot = (u - 0.5) ** 2 + (v - 0.6) ** 2 <= 0.045 ** 2;
  return (outer && !inner) || tail || bar || dot;
}

const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];
const AU_BLUE: Rgba = [0, 37, 70, 255];

const dir = path.resolve(import.meta.dirname, '../manifest/teams');
writeFileSync(
  path.join(dir, 'color.png'),
  encodePng(192, 192, (x, y) => (glyph((x + 0.5) / 192, (y + 0.5) / 192, 0.07) ? WHITE : AU_BLUE)),
);
writeFileSync(
  path.join(dir, 'outline.png'),
  encodePng(32, 32, (x, y) => (glyph((x + 0.5) / 32, (y + 0.5) / 32, 0.1) ? WHITE : CLEAR)),
);
console.log(`wrote ${dir}/color.png and outline.png`);
