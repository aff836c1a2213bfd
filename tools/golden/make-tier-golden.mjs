// Produces golden fixtures for the balanced and best upscaling tiers by running the ORIGINAL
// TensorFlow.js layers models (@upscalerjs/esrgan-medium, @upscalerjs/esrgan-thick) with
// @tensorflow/tfjs on the WASM backend, on a small crop of a test image, whole (no tiling).
// esrgan-thick's custom layers (MultiplyBeta, PixelShuffle<s>x) are registered by the package's
// own model definition (its `setup(tf)`), so the reference is UpscalerJS's layer code, not ours.
//
// Usage:  cd tools/golden && npm ci && node make-tier-golden.mjs
//
// Output: src/test/resources/golden/tiers/<model>/{input.png, output.f32, expected.json}, in the
//         format of the graph-model fixtures (GoldenFixture reads both).

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import pngjs from 'pngjs';

const { PNG } = pngjs;
const require = createRequire(import.meta.url);

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const SOURCE = join(REPO, 'src', 'test', 'resources', 'images', 'astronaut.png');
const OUT_DIR = join(REPO, 'src', 'test', 'resources', 'golden', 'tiers');
const NODE_MODULES = join(HERE, 'node_modules');

// A 32x32 crop (the face's edge: skin, hair, background) keeps the fixtures small and thick's run short.
const CROP = { x: 176, y: 96, w: 32, h: 32 };
const FIXTURES = [
  { pkg: '@upscalerjs/esrgan-medium', prefix: 'esrgan-medium', scales: [2, 4] },
  { pkg: '@upscalerjs/esrgan-thick', prefix: 'esrgan-thick', scales: [2, 4] },
];
const TOLERANCE = 0.001;

function pkgJson(name) {
  return JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8'));
}

function toArrayBuffer(buf) {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

async function loadModel(pkg, scale) {
  const mod = require(`${pkg}/${scale}x`);
  const def = mod.default || mod; // the cjs build exports the definition itself
  if (def.setup) def.setup(tf); // registers the package's custom layers
  const dir = join(NODE_MODULES, pkg, 'models', `x${scale}`);
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weightSpecs = [];
  const shards = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) shards.push(readFileSync(join(dir, p)));
  }
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData: toArrayBuffer(Buffer.concat(shards)) }),
  );
  return { model, inputMax: def.inputRange[1], outputMax: def.outputRange[1] };
}

function cropRgb(file) {
  const png = PNG.sync.read(readFileSync(file));
  const rgb = new Uint8Array(CROP.w * CROP.h * 3);
  for (let y = 0; y < CROP.h; y++) {
    for (let x = 0; x < CROP.w; x++) {
      const s = ((CROP.y + y) * png.width + CROP.x + x) * 4;
      rgb.set(png.data.subarray(s, s + 3), (y * CROP.w + x) * 3);
    }
  }
  return rgb;
}

function writeRgbPng(file, width, height, rgb) {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 });
  png.data = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  writeFileSync(file, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 }));
}

async function main() {
  await tf.setBackend('wasm');
  await tf.ready();
  if (tf.getBackend() !== 'wasm') throw new Error(`WASM backend unavailable (got ${tf.getBackend()})`);
  const rgb = cropRgb(SOURCE);
  for (const f of FIXTURES) {
    const version = pkgJson(f.pkg).version;
    for (const s of f.scales) {
      const { model, inputMax, outputMax } = await loadModel(f.pkg, s);
      const divisor = 255 / inputMax;
      const input = tf.tensor4d(Float32Array.from(rgb, (v) => v / divisor), [1, CROP.h, CROP.w, 3], 'float32');
      const t0 = performance.now();
      const out = model.predict(input);
      const data = await out.data();
      const ms = performance.now() - t0;
      const shape = out.shape;
      input.dispose();
      out.dispose();
      model.dispose();
      const name = `${f.prefix}-x${s}`;
      const dir = join(OUT_DIR, name);
      mkdirSync(dir, { recursive: true });
      writeRgbPng(join(dir, 'input.png'), CROP.w, CROP.h, rgb);
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength); // little-endian float32
      writeFileSync(join(dir, 'output.f32'), bytes);
      const expected = {
        model: name,
        package: f.pkg,
        version,
        license: pkgJson(f.pkg).license,
        format: 'layers-model',
        generator: { tfjs: pkgJson('@tensorflow/tfjs').version, backend: 'wasm', execute: 'LayersModel.predict' },
        tolerance: { maxAbsDiff: TOLERANCE, note: '|actual - expected| <= maxAbsDiff * max(1, |expected|)' },
        input: {
          file: 'input.png',
          derivation: `astronaut.png cropped at (${CROP.x},${CROP.y}) ${CROP.w}x${CROP.h}`,
          shape: [1, CROP.h, CROP.w, 3],
          normalisation: `x = px / ${divisor}`,
        },
        outputs: [{
          key: 'output', file: 'output.f32', shape, dtype: 'float32', range: [0, outputMax],
          sha256: createHash('sha256').update(bytes).digest('hex'),
        }],
      };
      writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
      console.log(`${name}: ${CROP.w}x${CROP.h} -> ${shape[2]}x${shape[1]} in ${(ms / 1000).toFixed(2)} s`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
