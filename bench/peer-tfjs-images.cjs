// The fidelity benchmark's peer: the original @upscalerjs/esrgan-slim layers model in
// @tensorflow/tfjs (WASM backend) upscales the same low-resolution PNGs zeroprint does, so the two
// outputs can be compared with each other and with the original image. Modules come from
// tools/golden (pinned, package-lock.json), loaded as bench/peer-tfjs.cjs loads them.
//
// Usage: node bench/peer-tfjs-images.cjs LIST_FILE
// Each line of LIST_FILE is "SCALE IN.png OUT.png [PACKAGE_DIR]"; OUT is written as an 8-bit RGB PNG
// (clamped to the model's output range, scaled to 0..255 and rounded, as UpscalerJS's upscale()
// returns it). Without PACKAGE_DIR the model is tools/golden's esrgan-slim; with it, that unpacked
// @upscalerjs/esrgan-* package's model, set up by the package's own model definition (its custom
// layers and value ranges). Prints "DONE N".
'use strict';
const { createRequire } = require('node:module');
const { readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const GOLDEN = resolve(__dirname, '..', 'tools', 'golden');
const requireGolden = createRequire(join(GOLDEN, 'package.json'));
const tf = requireGolden('@tensorflow/tfjs');
requireGolden('@tensorflow/tfjs-backend-wasm');
const { PNG } = requireGolden('pngjs');

const MODELS = join(GOLDEN, 'node_modules', '@upscalerjs', 'esrgan-slim', 'models');

/** The package's own UpscalerJS model definition: custom layers (setup) and input/output ranges. */
function definition(pkg, scale) {
  if (!pkg) return { inputRange: [0, 255], outputRange: [0, 255] };
  const name = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).name.split('/').pop();
  const def = require(join(pkg, 'dist', 'cjs', 'models', name, 'src', `x${scale}`, 'index.js')).default;
  if (def.setup) def.setup(tf);
  return def;
}

async function loadModel(scale, pkg) {
  const dir = pkg ? join(pkg, 'models', `x${scale}`) : join(MODELS, `x${scale}`);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const weightSpecs = [];
  const shards = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) shards.push(readFileSync(join(dir, p)));
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}

function readRgb(file, inputMax) {
  const png = PNG.sync.read(readFileSync(file));
  const rgb = new Float32Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let c = 0; c < 3; c++) {
      const v = png.data[i * 4 + c];
      rgb[i * 3 + c] = inputMax === 255 ? v : (v / 255) * inputMax;
    }
  }
  return { width: png.width, height: png.height, rgb };
}

function writeRgb(file, width, height, rgb) {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb);
  writeFileSync(file, PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

async function main() {
  await tf.setBackend('wasm');
  await tf.ready();
  if (tf.getBackend() !== 'wasm') throw new Error(`WASM backend unavailable (got ${tf.getBackend()})`);
  const models = new Map();
  const jobs = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim());
  for (const job of jobs) {
    const [scaleArg, inFile, outFile, pkg] = job.trim().split(/\s+/);
    const scale = Number(scaleArg);
    const key = `${pkg || ''} ${scale}`;
    if (!models.has(key)) {
      const def = definition(pkg, scale);
      models.set(key, { def, model: await loadModel(scale, pkg) });
    }
    const { def, model } = models.get(key);
    const inputMax = def.inputRange[1];
    const outputMax = def.outputRange[1];
    const img = readRgb(inFile, inputMax);
    const out = tf.tidy(() => {
      const input = tf.tensor4d(img.rgb, [1, img.height, img.width, 3], 'float32');
      return model.predict(input).clipByValue(0, outputMax).mul(255 / outputMax).round().cast('int32');
    });
    const data = await out.data();
    out.dispose();
    writeRgb(outFile, img.width * scale, img.height * scale, Uint8Array.from(data));
  }
  for (const m of models.values()) m.model.dispose();
  console.log(`DONE ${jobs.length}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
