// Benchmark 4: the peer. The same ESRGAN-slim model (the original @upscalerjs/esrgan-slim layers
// model, not zeroprint's converted SavedModel) run by @tensorflow/tfjs on the WASM backend in Node —
// the UpscalerJS stack where tfjs-node cannot be installed. Modules come from tools/golden (pinned
// versions, package-lock.json); run.sh runs `npm ci` there when they are missing.
//
// Usage: node bench/peer-tfjs.cjs RESULTS_FILE IMAGE.png SCALE
// Writes peer.* versions and backend flags and model.x<S>.macs_per_output_px (computed from the conv
// shapes), loads and warms the model, prints READY, then serves the driver (PeerCompare.java) on
// stdin: each line "N" runs N upscales (pixels in → upscaled bytes out, like UpscalerJS's
// upscale()) and answers "RUN N SECONDS". Ends at end of input.
'use strict';
const { createRequire } = require('node:module');
const { appendFileSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const GOLDEN = resolve(__dirname, '..', 'tools', 'golden');
const requireGolden = createRequire(join(GOLDEN, 'package.json'));
// CommonJS entry points for both, so the backend registers with the same tfjs-core instance.
const tf = requireGolden('@tensorflow/tfjs');
requireGolden('@tensorflow/tfjs-backend-wasm');
const { PNG } = requireGolden('pngjs');

const MODELS = join(GOLDEN, 'node_modules', '@upscalerjs', 'esrgan-slim', 'models');
const { createInterface } = require('node:readline');

const [resultsFile, imageFile, scaleArg] = process.argv.slice(2);

function put(key, value) {
  const line = `${key}=${value}\n`;
  appendFileSync(resultsFile, line);
  process.stdout.write(`  ${line}`);
}

function version(name) {
  return JSON.parse(readFileSync(join(GOLDEN, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function modelJson(scale) {
  return JSON.parse(readFileSync(join(MODELS, `x${scale}`, 'model.json'), 'utf8'));
}

async function loadModel(scale) {
  const dir = join(MODELS, `x${scale}`);
  const json = modelJson(scale);
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

// Multiply-adds per output pixel: each Conv2D's kh·kw·cin·cout at its resolution (input side × the
// UpSampling2D factors before it), summed, ÷ scale². Checks the figures the model card quotes.
function macsPerOutputPixel(scale) {
  const json = modelJson(scale);
  const kernels = {};
  for (const g of json.weightsManifest) for (const w of g.weights) kernels[w.name] = w.shape;
  const factor = {};
  let macs = 0;
  for (const layer of json.modelTopology.model_config.config.layers) {
    const inbound = layer.inbound_nodes.length ? layer.inbound_nodes[0].map((n) => factor[n[0]]) : [1];
    let f = Math.max(...inbound);
    if (layer.class_name === 'UpSampling2D') f *= layer.config.size[0];
    factor[layer.config.name] = f;
    if (layer.class_name === 'Conv2D') {
      const [kh, kw, cin, cout] = kernels[`${layer.config.name}/kernel`];
      macs += kh * kw * cin * cout * f * f;
    }
  }
  return macs / (scale * scale);
}

function decodeRgb(file) {
  const png = PNG.sync.read(readFileSync(file));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.width * png.height; i++, j += 3) {
    rgb[j] = png.data[i * 4];
    rgb[j + 1] = png.data[i * 4 + 1];
    rgb[j + 2] = png.data[i * 4 + 2];
  }
  return { width: png.width, height: png.height, rgb };
}

/** One upscale as UpscalerJS does it: bytes → float tensor → predict → clamp → bytes. */
async function upscale(model, img) {
  const out = tf.tidy(() => {
    const input = tf.tensor4d(Float32Array.from(img.rgb), [1, img.height, img.width, 3], 'float32');
    return model.predict(input).clipByValue(0, 255).round().cast('int32');
  });
  const data = await out.data();
  out.dispose();
  return Uint8Array.from(data);
}

async function main() {
  await tf.setBackend('wasm');
  await tf.ready();
  if (tf.getBackend() !== 'wasm') throw new Error(`WASM backend unavailable (got ${tf.getBackend()})`);
  put('peer.tfjs_version', version('@tensorflow/tfjs'));
  put('peer.wasm_version', version('@tensorflow/tfjs-backend-wasm'));
  put('peer.model_version', version('@upscalerjs/esrgan-slim'));
  put('peer.node_version', process.version);
  put('peer.simd', await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  put('peer.multithread', await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));

  const img = decodeRgb(imageFile);
  const scale = Number(scaleArg);
  put(`model.x${scale}.macs_per_output_px`, macsPerOutputPixel(scale));
  const model = await loadModel(scale);
  await upscale(model, img); // warm-up: kernel set-up and first allocations
  console.log('READY');
  for await (const line of createInterface({ input: process.stdin })) {
    const n = Number(line.trim());
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await upscale(model, img);
    console.log(`RUN ${n} ${((performance.now() - t0) / 1000).toFixed(4)}`);
  }
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
