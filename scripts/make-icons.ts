/**
 * Draws the add-in's icons and writes addin/assets/icon-{16,32,64,80,128}.png (committed output; run
 * `npx tsx scripts/make-icons.ts` after changing the drawing). The mark: a DingTalk-blue (#1677FF)
 * rounded square on white with two white arrows ⇄, the bridge between DingTalk and Outlook.
 * Sizes: IconUrl 64, HighResolutionIconUrl 128, ribbon buttons 16/32/80 (microsoft.md §1.5).
 * test/manifest/icons.test.ts decodes the committed files and compares their pixels with drawIcon.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { ICON_SIZES } from '../server/addin-manifest/constants.js';

const BLUE = [0x16, 0x77, 0xff] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
/** Samples per pixel side: 4 × 4 sub-pixels give smooth edges at 16 px. */
const SUPERSAMPLE = 4;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** RGB pixels (row-major, 3 bytes each) of the icon at `size` × `size`. */
export function drawIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let blue = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
        for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
          const u = (x + (sx + 0.5) / SUPERSAMPLE) / size;
          const v = (y + (sy + 0.5) / SUPERSAMPLE) / size;
          if (inRoundedSquare(u, v) && !inArrows(u, v, size)) blue += 1;
        }
      }
      const share = blue / (SUPERSAMPLE * SUPERSAMPLE);
      for (let c = 0; c < 3; c += 1) pixels[(y * size + x) * 3 + c] = Math.round((WHITE[c] as number) * (1 - share) + (BLUE[c] as number) * share);
    }
  }
  return pixels;
}

/** The blue tile: inset 1/16 of the icon, corner radius 1/5 (unit coordinates 0..1). */
function inRoundedSquare(u: number, v: number): boolean {
  const inset = 1 / 16;
  const radius = 0.2;
  const cx = Math.min(Math.max(u, inset + radius), 1 - inset - radius);
  const cy = Math.min(Math.max(v, inset + radius), 1 - inset - radius);
  return u >= inset && u <= 1 - inset && v >= inset && v <= 1 - inset && (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2;
}

/** Two arrows: → on the upper third, ← on the lower; strokes at least 1.6 px thick. */
function inArrows(u: number, v: number, size: number): boolean {
  const half = Math.max(0.05, 0.8 / size);
  const arrow = (row: number, pointsRight: boolean): boolean => {
    const t = pointsRight ? u : 1 - u;
    const dy = Math.abs(v - row);
    const shaft = t >= 0.25 && t <= 0.62 && dy <= half;
    const head = t >= 0.6 && t <= 0.78 && dy <= (0.78 - t) * 0.75;
    return shaft || head;
  };
  return arrow(0.38, true) || arrow(0.63, false);
}

/** A PNG file: 8-bit RGB, no interlace, every row with filter 0 (PNG spec §11.2.2, §12.8). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Where the icons live in the repository (the add-in build copies them to dist/addin/assets). */
export const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'addin', 'assets');

function main(): void {
  mkdirSync(ASSETS_DIR, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(ASSETS_DIR, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, size, drawIcon(size)));
    process.stdout.write(`wrote ${file}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
