// An independent PNG reader for tests: reads one 8-bit RGB/RGBA, non-interlaced PNG from stdin,
// checks every chunk's CRC, inflates the IDAT data with Node's zlib as ONE stream (all input
// consumed, Adler-32 checked), undoes the row filters and prints
// {"width","height","channels","idat","sha256"} where sha256 is of the raw pixels.
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';

const CRC_TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
const crc32 = (buf) => {
  let c = -1;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};
const fail = (msg) => { process.stderr.write(msg + '\n'); process.exit(2); };

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const png = Buffer.concat(chunks);
if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) fail('no signature');
let pos = 8;
let ihdr;
const idat = [];
let ended = false;
while (pos < png.length) {
  const len = png.readUInt32BE(pos);
  const type = png.toString('latin1', pos + 4, pos + 8);
  const body = png.subarray(pos + 8, pos + 8 + len);
  if (crc32(png.subarray(pos + 4, pos + 8 + len)) !== png.readUInt32BE(pos + 8 + len)) fail('bad CRC in ' + type);
  if (type === 'IHDR') ihdr = body;
  else if (type === 'IDAT') idat.push(body);
  else if (type === 'IEND') ended = true;
  else fail('unexpected chunk ' + type);
  pos += 12 + len;
}
if (!ihdr || !ended) fail('missing IHDR or IEND');
const width = ihdr.readUInt32BE(0);
const height = ihdr.readUInt32BE(4);
if (ihdr[8] !== 8 || (ihdr[9] !== 2 && ihdr[9] !== 6) || ihdr[12] !== 0) fail('not 8-bit RGB(A), non-interlaced');
const bpp = ihdr[9] === 6 ? 4 : 3;
const stream = Buffer.concat(idat);
const { buffer: raw, engine } = inflateSync(stream, { info: true });
if (engine.bytesWritten !== stream.length) fail(`one zlib stream expected: ${engine.bytesWritten} of ${stream.length} bytes used`);
const stride = width * bpp;
if (raw.length !== height * (stride + 1)) fail('inflated to ' + raw.length + ' bytes');
const px = Buffer.alloc(height * stride);
for (let y = 0; y < height; y++) {
  const f = raw[y * (stride + 1)];
  const src = y * (stride + 1) + 1;
  const row = y * stride;
  for (let i = 0; i < stride; i++) {
    const a = i >= bpp ? px[row + i - bpp] : 0;
    const b = y > 0 ? px[row - stride + i] : 0;
    const c = i >= bpp && y > 0 ? px[row - stride + i - bpp] : 0;
    let p;
    if (f === 0) p = 0;
    else if (f === 1) p = a;
    else if (f === 2) p = b;
    else if (f === 3) p = (a + b) >> 1;
    else if (f === 4) {
      const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
      p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    } else fail('filter type ' + f);
    px[row + i] = (raw[src + i] + p) & 0xff;
  }
}
process.stdout.write(JSON.stringify({ width, height, channels: bpp, idat: idat.length,
  sha256: createHash('sha256').update(px).digest('hex') }) + '\n');
