import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { ICON_SIZES } from '../../server/addin-manifest/constants.js';
import { ASSETS_DIR, drawIcon, encodePng } from '../../scripts/make-icons.js';

interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  pixels: Buffer;
}

/** Decodes the PNGs make-icons writes (8-bit RGB, filter 0), checking signature and every chunk CRC. */
function decodePng(file: Buffer): DecodedPng {
  assert.deepEqual([...file.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  let offset = 8;
  let header: Buffer | null = null;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const typeAndData = file.subarray(offset + 4, offset + 8 + length);
    assert.equal(file.readUInt32BE(offset + 8 + length), crc32(typeAndData), 'chunk CRC');
    const type = typeAndData.subarray(0, 4).toString('ascii');
    if (type === 'IHDR') header = typeAndData.subarray(4);
    if (type === 'IDAT') data.push(typeAndData.subarray(4));
    if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  assert.ok(header !== null && ended, 'IHDR and IEND present');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  assert.equal(header[8], 8, 'bit depth');
  const raw = inflateSync(Buffer.concat(data));
  assert.equal(raw.length, (width * 3 + 1) * height);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    assert.equal(raw[y * (width * 3 + 1)], 0, 'row filter 0');
    raw.copy(pixels, y * width * 3, y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1));
  }
  return { width, height, colorType: header[9] ?? -1, pixels };
}

describe('add-in icons (addin/assets)', () => {
  for (const size of ICON_SIZES) {
    it(`icon-${size}.png is a ${size}×${size} RGB PNG matching scripts/make-icons.ts`, () => {
      const png = decodePng(readFileSync(join(ASSETS_DIR, `icon-${size}.png`)));
      assert.equal(png.width, size);
      assert.equal(png.height, size);
      assert.equal(png.colorType, 2);
      // Compares pixels, not bytes: zlib output may differ between Node versions.
      assert.ok(png.pixels.equals(Buffer.from(drawIcon(size))), 'committed icon differs from the drawing: run npx tsx scripts/make-icons.ts');
    });
  }

  it('draws the DingTalk blue tile on white with a white mark', () => {
    const pixels = drawIcon(64);
    const at = (x: number, y: number): string => [...pixels.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)].map((c) => c.toString(16).padStart(2, '0')).join('');
    assert.equal(at(0, 0), 'ffffff'); // white margin
    assert.equal(at(32, 8), '1677ff'); // tile
    assert.equal(at(32, 24), 'ffffff'); // upper arrow's shaft
    assert.equal(at(32, 40), 'ffffff'); // lower arrow's shaft
  });

  it('encodes what it is given (round trip through the decoder)', () => {
    const pixels = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
    assert.ok(decodePng(encodePng(5, 3, pixels)).pixels.equals(Buffer.from(pixels)));
  });
});
