// Produces golden reference fixtures for zeroprint by running the ORIGINAL
// ESRGAN-slim TensorFlow.js layers model (@upscalerjs/esrgan-slim) with
// @tensorflow/tfjs on the WASM backend (no tfjs-node, no tiling).
//
// Usage:  cd tools/golden && npm ci && node make-golden.mjs
//
// Output: src/test/resources/golden/<stem>-x<scale>/{crop-tl,crop-center,crop-br,blocks16}.png,
//         input-rgb-sha256.txt, meta.json

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve, extname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // registers the 'wasm' backend
import pngjs from 'pngjs';
import jpeg from 'jpeg-js';

const { PNG } = pngjs;

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const IMAGES_DIR = join(REPO, 'src', 'test', 'resources', 'images');
const GOLDEN_DIR = join(REPO, 'src', 'test', 'resources', 'golden');
const NODE_MODULES = join(HERE, 'node_modules');
const MODEL_PKG_DIR = join(NODE_MODULES, '@upscalerjs', 'esrgan-slim');

const CROP = 96;
const BLOCK = 16;
const SOURCES = ['astronaut.png', 'rocket.jpg'];
const SCALES = [2, 4];

function pkgVersion(name) {
  // Read package.json directly (some packages do not export './package.json').
  return JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')).version;
}
const VERSIONS = {
  tfjs: pkgVersion('@tensorflow/tfjs'),
  tfjsBackendWasm: pkgVersion('@tensorflow/tfjs-backend-wasm'),
  esrganSlim: pkgVersion('@upscalerjs/esrgan-slim'),
  pngjs: pkgVersion('pngjs'),
  jpegJs: pkgVersion('jpeg-js'),
};

// ---------------------------------------------------------------------------
// Model loading (local files, tf.io.fromMemory)
// ---------------------------------------------------------------------------
function toArrayBuffer(buf) {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

async function loadModel(scale) {
  const dir = join(MODEL_PKG_DIR, 'models', `x${scale}`);
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weightSpecs = [];
  const shards = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) shards.push(readFileSync(join(dir, p)));
  }
  const weightData = toArrayBuffer(Buffer.concat(shards));
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }),
  );
}

// ---------------------------------------------------------------------------
// Image decode / encode
// ---------------------------------------------------------------------------
/** Returns {width, height, rgb: Uint8Array (row-major, 3 bytes/pixel), decoder}. */
function decodeImage(file) {
  const data = readFileSync(file);
  const ext = extname(file).toLowerCase();
  let width, height, rgba, decoder;
  if (ext === '.png') {
    const png = PNG.sync.read(data); // always RGBA 8-bit output
    ({ width, height } = png);
    rgba = png.data;
    decoder = `pngjs ${VERSIONS.pngjs}`;
  } else if (ext === '.jpg' || ext === '.jpeg') {
    const img = jpeg.decode(data, { useTArray: true, formatAsRGBA: true });
    ({ width, height } = img);
    rgba = img.data;
    decoder = `jpeg-js ${VERSIONS.jpegJs}`;
  } else {
    throw new Error(`unsupported input: ${file}`);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    rgb[j] = rgba[i * 4];
    rgb[j + 1] = rgba[i * 4 + 1];
    rgb[j + 2] = rgba[i * 4 + 2];
  }
  return { width, height, rgb, decoder };
}

function writeRgbPng(file, width, height, rgb) {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 });
  png.data = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  writeFileSync(file, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 }));
}

function crop(rgb, w, x0, y0, cw, ch) {
  const out = new Uint8Array(cw * ch * 3);
  for (let y = 0; y < ch; y++) {
    const src = ((y0 + y) * w + x0) * 3;
    out.set(rgb.subarray(src, src + cw * 3), y * cw * 3);
  }
  return out;
}

function blockMeans(rgb, w, h, bs) {
  const bw = Math.floor(w / bs);
  const bh = Math.floor(h / bs);
  const out = new Uint8Array(bw * bh * 3);
  const n = bs * bs;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let r = 0, g = 0, b = 0;
      for (let y = by * bs; y < (by + 1) * bs; y++) {
        let p = (y * w + bx * bs) * 3;
        for (let x = 0; x < bs; x++, p += 3) {
          r += rgb[p]; g += rgb[p + 1]; b += rgb[p + 2];
        }
      }
      const o = (by * bw + bx) * 3;
      out[o] = Math.floor(r / n + 0.5);
      out[o + 1] = Math.floor(g / n + 0.5);
      out[o + 2] = Math.floor(b / n + 0.5);
    }
  }
  return { bw, bh, data: out };
}

function channelMeans(rgb) {
  const s = [0, 0, 0];
  for (let i = 0; i < rgb.length; i += 3) { s[0] += rgb[i]; s[1] += rgb[i + 1]; s[2] += rgb[i + 2]; }
  const n = rgb.length / 3;
  return s.map((v) => +(v / n).toFixed(3));
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------
async function main() {
  const ok = await tf.setBackend('wasm');
  await tf.ready();
  if (!ok || tf.getBackend() !== 'wasm') throw new Error(`WASM backend unavailable (got ${tf.getBackend()})`);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  console.log(`tfjs ${tf.version.tfjs}, backend=${tf.getBackend()}, simd=${simd}, multithread=${threads}`);

  const models = {};
  for (const s of SCALES) models[s] = await loadModel(s);

  for (const source of SOURCES) {
    const stem = basename(source, extname(source));
    const img = decodeImage(join(IMAGES_DIR, source));
    const { width: W, height: H } = img;
    const inputSha = createHash('sha256').update(img.rgb).digest('hex');

    for (const s of SCALES) {
      const t0 = performance.now();
      const input = tf.tensor4d(Float32Array.from(img.rgb), [1, H, W, 3], 'float32');
      const outT = models[s].predict(input);
      const raw = await outT.data(); // Float32Array
      const [, oh, ow, oc] = outT.shape;
      input.dispose();
      outT.dispose();
      const t1 = performance.now();
      if (oh !== H * s || ow !== W * s || oc !== 3) {
        throw new Error(`unexpected output shape ${outT.shape} for ${source} x${s}`);
      }

      let rawMin = Infinity, rawMax = -Infinity;
      const out = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const v = raw[i];
        if (v < rawMin) rawMin = v;
        if (v > rawMax) rawMax = v;
        const c = v < 0 ? 0 : v > 255 ? 255 : v; // clamp, then round half up
        out[i] = Math.floor(c + 0.5);
      }

      const outW = ow, outH = oh;
      const crops = {
        tl: { x: 0, y: 0, w: CROP, h: CROP },
        center: { x: Math.floor(outW / 2) - CROP / 2, y: Math.floor(outH / 2) - CROP / 2, w: CROP, h: CROP },
        br: { x: outW - CROP, y: outH - CROP, w: CROP, h: CROP },
      };

      const dir = join(GOLDEN_DIR, `${stem}-x${s}`);
      mkdirSync(dir, { recursive: true });
      const cropFile = { tl: 'crop-tl.png', center: 'crop-center.png', br: 'crop-br.png' };
      for (const [k, c] of Object.entries(crops)) {
        writeRgbPng(join(dir, cropFile[k]), c.w, c.h, crop(out, outW, c.x, c.y, c.w, c.h));
      }
      const blocks = blockMeans(out, outW, outH, BLOCK);
      writeRgbPng(join(dir, 'blocks16.png'), blocks.bw, blocks.bh, blocks.data);
      writeFileSync(join(dir, 'input-rgb-sha256.txt'), inputSha + '\n');

      const meta = {
        source,
        scale: s,
        inputWidth: W,
        inputHeight: H,
        outputWidth: outW,
        outputHeight: outH,
        crops,
        blockSize: BLOCK,
        generator: {
          tfjs: VERSIONS.tfjs,
          backend: 'wasm',
          decoder: img.decoder,
          model: `@upscalerjs/esrgan-slim@${VERSIONS.esrganSlim} models/x${s}`,
        },
      };
      writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');

      const t2 = performance.now();
      console.log(
        `${stem}-x${s}: ${W}x${H} -> ${outW}x${outH}  predict ${((t1 - t0) / 1000).toFixed(2)}s` +
          `  total ${((t2 - t0) / 1000).toFixed(2)}s  raw [${rawMin.toFixed(2)}, ${rawMax.toFixed(2)}]` +
          `  mean in ${JSON.stringify(channelMeans(img.rgb))} out ${JSON.stringify(channelMeans(out))}`,
      );
    }
  }
  for (const m of Object.values(models)) m.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
