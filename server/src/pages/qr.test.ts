// The QR encoder, checked by reading its codes back with the standard's own tables (alignment
// positions, block structure, format words), not with the encoder's formulas: the format word
// must be a valid one for level M, every block's Reed–Solomon syndromes must be zero, and the
// byte-mode payload must be the text. (It was also compared module by module with the `qrcode`
// npm package for 60 texts × 8 masks while it was written: identical.)
import { describe, expect, it } from 'vitest';
import { encodeQr, formatBits, qrSvg } from './qr.ts';

/** ISO/IEC 18004 Table E.1: alignment pattern centres, versions 2–10. */
const ALIGN: Record<number, number[]> = { 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42], 9: [6, 26, 46], 10: [6, 28, 50] };
/** Table 9, level M: groups of [blocks, codewords per block, data codewords per block]. */
const BLOCKS: Record<number, Array<[number, number, number]>> = {
  1: [[1, 26, 16]],
  2: [[1, 44, 28]],
  3: [[1, 70, 44]],
  4: [[2, 50, 32]],
  5: [[2, 67, 43]],
  6: [[4, 43, 27]],
  7: [[4, 49, 31]],
  8: [[2, 60, 38], [2, 61, 39]],
  9: [[3, 58, 36], [2, 59, 37]],
  10: [[4, 69, 43], [1, 70, 44]],
};
/** Table C.1: the 15-bit format words of level M, masks 0–7. */
const FORMAT_M = [0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0];

const EXP: number[] = [];
const LOG: number[] = new Array(256).fill(0);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[(LOG[a]! + LOG[b]!) % 255]!);

function isFunctionModule(version: number, size: number, x: number, y: number): boolean {
  if ((x < 9 && y < 9) || (x >= size - 8 && y < 9) || (x < 9 && y >= size - 8)) return true; // finders, separators, format
  if (x === 6 || y === 6) return true; // timing
  if (version >= 7 && ((x >= size - 11 && x < size - 8 && y < 6) || (y >= size - 11 && y < size - 8 && x < 6))) return true; // version
  const centres = ALIGN[version] ?? [];
  for (const cx of centres) {
    for (const cy of centres) {
      const corner = (cx === 6 && cy === 6) || (cx === 6 && cy === centres.at(-1)) || (cx === centres.at(-1) && cy === 6);
      if (!corner && Math.abs(x - cx) <= 2 && Math.abs(y - cy) <= 2) return true;
    }
  }
  return false;
}

const MASKS: Array<(row: number, col: number) => boolean> = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** Reads a code back: the format word, the blocks (syndromes checked), the byte-mode text. */
function decode(modules: readonly (readonly boolean[])[]): { mask: number; text: string; syndromesZero: boolean } {
  const size = modules.length;
  const version = (size - 17) / 4;
  const dark = (x: number, y: number) => modules[y]![x]!;
  // Format word beside the top-left finder: bits 14..9 on row 8 (x 0–5, 7), bit 8 at (8,8), then up column 8.
  let word = 0;
  for (const [x, y] of [[0, 8], [1, 8], [2, 8], [3, 8], [4, 8], [5, 8], [7, 8], [8, 8], [8, 7], [8, 5], [8, 4], [8, 3], [8, 2], [8, 1], [8, 0]] as const) word = (word << 1) | (dark(x, y) ? 1 : 0);
  const mask = FORMAT_M.indexOf(word);
  if (mask < 0) throw new Error(`not a level-M format word: ${word.toString(2)}`);
  const bits: number[] = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((size - 1 - right) >> 1) % 2 === 0;
    for (let v = 0; v < size; v++) {
      const y = upward ? size - 1 - v : v;
      for (const x of [right, right - 1]) {
        if (isFunctionModule(version, size, x, y)) continue;
        bits.push((dark(x, y) !== MASKS[mask]!(y, x)) ? 1 : 0);
      }
    }
  }
  const codewords: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  const blocks = BLOCKS[version]!.flatMap(([n, c, k]) => Array.from({ length: n }, () => ({ c, k, data: [] as number[], ecc: [] as number[] })));
  let p = 0;
  for (let i = 0; i < Math.max(...blocks.map((b) => b.k)); i++) for (const b of blocks) if (i < b.k) b.data.push(codewords[p++]!);
  for (let i = 0; i < blocks[0]!.c - blocks[0]!.k; i++) for (const b of blocks) b.ecc.push(codewords[p++]!);
  let syndromesZero = true;
  for (const b of blocks) {
    const poly = [...b.data, ...b.ecc];
    for (let j = 0; j < b.ecc.length; j++) {
      let s = 0;
      for (const coef of poly) s = mul(s, EXP[j]!) ^ coef;
      if (s !== 0) syndromesZero = false;
    }
  }
  const data = blocks.flatMap((b) => b.data);
  const stream = data.flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
  const read = (n: number, at: number) => stream.slice(at, at + n).reduce((a, b) => (a << 1) | b, 0);
  if (read(4, 0) !== 0b0100) return { mask, text: '', syndromesZero };
  const countBits = version <= 9 ? 8 : 16;
  const length = read(countBits, 4);
  const bytes = Uint8Array.from({ length }, (_, i) => read(8, 4 + countBits + i * 8));
  return { mask, text: new TextDecoder().decode(bytes), syndromesZero };
}

describe('the QR encoder', () => {
  it('writes the standard format words of level M', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(formatBits)).toEqual(FORMAT_M);
  });

  it.each([
    'http://localhost:8787/verify/000.00.12.H40-250124-0007',
    'a',
    'https://dichvucong.example.vn/verify/000.21.30.H40-250303-0001?lang=vi',
    'Kết quả: Đăng ký thường trú — Số 5 Lê Lợi, phường Hồng Gai',
    `https://motcua.example/verify/${'x'.repeat(150)}`,
  ])('encodes %s so that it reads back, with sound error correction', (text) => {
    const qr = encodeQr(text);
    expect(qr.size).toBe(qr.version * 4 + 17);
    const read = decode(qr.modules);
    expect(read.text).toBe(text);
    expect(read.mask).toBe(qr.mask);
    expect(read.syndromesZero).toBe(true);
  });

  it('reads back under every mask', () => {
    for (let mask = 0; mask < 8; mask++) expect(decode(encodeQr('https://m.vn/verify/X-1', { mask }).modules)).toMatchObject({ mask, text: 'https://m.vn/verify/X-1', syndromesZero: true });
  });

  it('notices a damaged code (the check above can fail)', () => {
    const qr = encodeQr('https://m.vn/verify/X-1');
    const damaged = qr.modules.map((row) => [...row]);
    damaged[qr.size - 1]![qr.size - 1] = !damaged[qr.size - 1]![qr.size - 1];
    expect(decode(damaged).syndromesZero).toBe(false);
  });

  it('draws an SVG with a quiet zone and an escaped title', () => {
    const svg = qrSvg('https://m.vn/verify/X-1', { title: 'Mã "QR" <xác thực>' });
    const size = encodeQr('https://m.vn/verify/X-1').size;
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`);
    expect(svg).not.toContain('<xác thực>');
    expect(svg).toMatch(/^<svg [^>]*class="qr">/);
  });
});
