// Soak traffic for bench/soak.sh, valid and hostile, against one zeroprint on loopback. Node's
// fetch and built-in WebSocket (node --experimental-websocket on Node 20); a separate process.
//
//   node soak-client.mjs capacity BASE_URL SECONDS CONCURRENCY > capacity.json
//       closed loop of valid requests only (the mix below), CONCURRENCY at once: valid ops/s
//   node soak-client.mjs soak BASE_URL SECONDS VALID_PER_SECOND HOSTILE_PER_VALID > soak.json
//       open loop: valid requests at VALID_PER_SECOND (evenly spaced), hostile ones
//       HOSTILE_PER_VALID times as often; the outcome of every request, by kind
// The token comes from ZEROPRINT_TOKEN. Every wait is bounded (REQUEST_TIMEOUT_MS); at most
// MAX_IN_FLIGHT requests at once (a request due while that many are open is counted as skipped).
import net from 'node:net';
import zlib from 'node:zlib';

const [mode, base, secondsArg, rateArg, hostileArg] = process.argv.slice(2);
const token = process.env.ZEROPRINT_TOKEN;
if (!['capacity', 'soak'].includes(mode) || !base?.startsWith('http://127.0.0.1:') || !token) {
  console.error('usage: ZEROPRINT_TOKEN=… node soak-client.mjs capacity|soak http://127.0.0.1:PORT SECONDS N [HOSTILE_PER_VALID]');
  process.exit(2);
}
const SECONDS = Number(secondsArg);
const REQUEST_TIMEOUT_MS = 120_000;
const POLL_MS = 100;
const MAX_IN_FLIGHT = 64;
const DRAIN_MS = 150_000;
const MAX_UPLOAD = Number(process.env.SOAK_MAX_UPLOAD_BYTES || 25 * 1024 * 1024);
const port = Number(new URL(base).port);
const wsUrl = `ws://127.0.0.1:${port}/v1/ws`;

// ---- inputs: a deterministic 64×64 RGB PNG (noise over a gradient), and broken variants --------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(side, seed) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(side * (1 + side * 3));
  let s = seed >>> 0;
  for (let y = 0; y < side; y++) {
    raw[y * (1 + side * 3)] = 0; // filter: none
    for (let x = 0; x < side; x++) {
      for (let ch = 0; ch < 3; ch++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        raw[y * (1 + side * 3) + 1 + x * 3 + ch] = ((x * 4 + y * 2 + ch * 60) & 0xff) ^ (s >>> 28);
      }
    }
  }
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const PHOTO = png(64, 42);
const TRUNCATED = PHOTO.subarray(0, Math.floor(PHOTO.length * 0.6));
// A valid header and a damaged IDAT: its deflate stream overwritten with junk (and a correct CRC).
const CORRUPT = (() => {
  const ihdr = PHOTO.subarray(8, 8 + 25);
  const junk = Buffer.alloc(2000);
  let s = 7;
  for (let i = 0; i < junk.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; junk[i] = s >>> 24; }
  junk[0] = 0x78; junk[1] = 0x9c; // a zlib header, then garbage
  return Buffer.concat([PHOTO.subarray(0, 8), ihdr, chunk('IDAT', junk), chunk('IEND', Buffer.alloc(0))]);
})();
// Same claims, wrong signature: the last characters of the signature changed.
const BAD_TOKEN = token.slice(0, -6) + (token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');

// ---- outcomes -----------------------------------------------------------------------------------
/** Valid requests refused for load (with Retry-After): back-pressure, not failures; reported apart. */
const BACKPRESSURE = new Set(['queue_full', 'memory_busy', 'too_many_jobs', 'jobs_full', 'rate_limited']);
const results = []; // {kind, valid, outcome, ms}
function record(kind, valid, outcome, ms) {
  results.push({ kind, valid, outcome, ms });
}
/**
 * The problem's code; for a finished job's 410 result_gone, how the job ended ("The job ended (failed: queue_full)…"
 * in the detail): a job admitted with 202 and then refused for load is back-pressure, not a bug.
 */
async function problemCode(res) {
  try {
    const j = await res.json();
    const ended = res.status === 410 && /\(failed: ([a-z_]+)\)/.exec(j.detail || "");
    return ended && BACKPRESSURE.has(ended[1]) ? ended[1] : j.code || `status${res.status}`;
  } catch {
    return `status${res.status}`;
  }
}
function timeoutSignal() {
  return AbortSignal.timeout(REQUEST_TIMEOUT_MS);
}
function auth(t = token) {
  return { Authorization: `Bearer ${t}` };
}
/** A failed valid request: back-pressure, or unexpected (5xx, other status, connection error, timeout). */
function refusal(status, code) {
  if ((status === 429 || status === 503 || status === 410) && BACKPRESSURE.has(code)) return `backpressure:${code}`;
  return `unexpected:${status}:${code}`;
}
function errorName(e) {
  return `unexpected:error:${e?.cause?.code || e?.name || 'error'}`;
}

// ---- valid requests ------------------------------------------------------------------------------
async function enhance() {
  const res = await fetch(`${base}/v1/enhance?scale=2`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'image/png' },
    body: PHOTO, signal: timeoutSignal() });
  if (res.status === 200) {
    const body = Buffer.from(await res.arrayBuffer());
    return body.length > 8 && body[1] === 0x50 ? 'ok' : 'unexpected:200:not-png';
  }
  return refusal(res.status, await problemCode(res));
}

async function job() {
  const started = Date.now();
  const res = await fetch(`${base}/v1/jobs?scale=2`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'image/png' },
    body: PHOTO, signal: timeoutSignal() });
  if (res.status !== 202) return refusal(res.status, await problemCode(res));
  const id = (await res.json()).job;
  while (Date.now() - started < REQUEST_TIMEOUT_MS) {
    const r = await fetch(`${base}/v1/jobs/${id}/result`, { headers: auth(), signal: timeoutSignal() });
    if (r.status === 200) {
      const body = Buffer.from(await r.arrayBuffer());
      return body.length > 8 && body[1] === 0x50 ? 'ok' : 'unexpected:200:not-png';
    }
    const code = await problemCode(r);
    if (r.status !== 409 || code !== 'result_not_ready') {
      // a job that failed for load answers its error code on the result (e.g. 410 failed: queue_full)
      return refusal(r.status, code);
    }
    await new Promise((ok) => setTimeout(ok, POLL_MS));
  }
  return 'unexpected:timeout';
}

/** Opens a socket with the token as subprotocols; runs `talk(ws, done)`; bounded by REQUEST_TIMEOUT_MS. */
function withSocket(t, talk) {
  return new Promise((resolve) => {
    let settled = false;
    const ws = new WebSocket(wsUrl, ['access_token', t]);
    ws.binaryType = 'arraybuffer';
    const timer = setTimeout(() => done('unexpected:timeout'), REQUEST_TIMEOUT_MS);
    function done(outcome) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try { ws.close(1000); } catch { /* not open */ }
      resolve(outcome);
    }
    ws.onerror = () => done('error');
    ws.onclose = (e) => done(`closed:${e.code}`);
    talk(ws, done);
  });
}

async function wsSubmit() {
  const outcome = await withSocket(token, (ws, done) => {
    let chunks = -1;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'submit', size: PHOTO.length, options: { scale: 2 } }));
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') {
        if (chunks > 0) chunks--;
        return;
      }
      const m = JSON.parse(e.data);
      if (m.type === 'accepted') ws.send(PHOTO);
      else if (m.type === 'result') chunks = m.chunks;
      else if (m.type === 'result-end') done(chunks === 0 && m.sha256 ? 'ok' : 'unexpected:ws:chunks');
      else if (m.type === 'error') done(refusal(m.status, m.code));
      else if (m.type === 'job' && ['failed', 'cancelled', 'expired'].includes(m.state)) {
        const code = m.error?.code || m.state;
        done(refusal(m.error?.status || 0, code));
      }
    };
  });
  return outcome === 'error' || outcome.startsWith('closed:') ? `unexpected:ws:${outcome}` : outcome;
}

const VALID = [['enhance', enhance], ['enhance', enhance], ['job', job], ['ws-submit', wsSubmit]];

// ---- hostile requests: each must be refused with a 4xx and leave the server as it was -------------
/** Hostile outcome: a 4xx is the expected refusal (by code); 2xx means it got through; else unexpected. */
async function hostileStatus(res) {
  const code = await problemCode(res);
  if ((res.status === 429 || res.status === 503) && BACKPRESSURE.has(code)) return `backpressure:${code}`;
  if (res.status >= 400 && res.status < 500) return `expected:${res.status}:${code}`;
  return res.status < 300 ? `accepted:${res.status}` : `unexpected:${res.status}:${code}`;
}
const post = (path, body, t = token) => fetch(`${base}${path}`, { method: 'POST',
  headers: { ...auth(t), 'Content-Type': 'image/png' }, body, signal: timeoutSignal() });

/** Announces one byte more than the upload limit, sends 64 KiB of it, reads the answer (413). */
function oversized() {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let answer = '';
    let settled = false;
    const finish = (o) => { if (!settled) { settled = true; clearTimeout(timer); sock.destroy(); resolve(o); } };
    const timer = setTimeout(() => finish('unexpected:timeout'), REQUEST_TIMEOUT_MS);
    sock.on('connect', () => {
      sock.write(`POST /v1/enhance?scale=2 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n`
        + `Content-Type: image/png\r\nContent-Length: ${MAX_UPLOAD + 1}\r\n\r\n`);
      sock.write(Buffer.concat([PHOTO, Buffer.alloc(64 * 1024 - PHOTO.length)]));
    });
    sock.on('data', (d) => {
      answer += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (m && answer.includes('\r\n\r\n')) {
        const status = Number(m[1]);
        const code = /"code":"([^"]+)"/.exec(answer)?.[1] || '';
        if (status >= 400 && status < 500) finish(`expected:${status}:${code || 'status' + status}`);
        else if (status < 500 && code === '' && !answer.includes('}')) { /* body still coming */ }
        else finish(status < 300 ? `accepted:${status}` : `unexpected:${status}:${code}`);
      }
    });
    sock.on('error', (e) => finish(`unexpected:error:${e.code}`));
    sock.on('close', () => finish(answer ? 'unexpected:no-status' : 'unexpected:closed-without-answer'));
  });
}

async function wsBadToken() {
  const o = await withSocket(BAD_TOKEN, (ws, done) => { ws.onopen = () => done('accepted:ws-open'); });
  return o === 'error' || o.startsWith('closed:') ? 'expected:ws-handshake-refused' : o;
}

async function wsOversized() {
  return withSocket(token, (ws, done) => {
    ws.onopen = () => ws.send(JSON.stringify({ type: 'submit', size: MAX_UPLOAD + 1, options: { scale: 2 } }));
    ws.onmessage = (e) => {
      const m = typeof e.data === 'string' ? JSON.parse(e.data) : {};
      if (m.type === 'error') done(m.status >= 400 && m.status < 500 ? `expected:${m.status}:${m.code}` : `unexpected:${m.status}:${m.code}`);
      else if (m.type === 'accepted') done('accepted:ws-submit');
    };
  });
}

/**
 * A damaged image sent as a job is admitted (202) before it is decoded, and fails on the worker:
 * the refusal is what its result answers. Followed until then (bounded), so no job is left held.
 */
async function corruptJob() {
  const started = Date.now();
  const res = await post('/v1/jobs?scale=2', CORRUPT);
  if (res.status !== 202) return hostileStatus(res);
  const id = (await res.json()).job;
  while (Date.now() - started < REQUEST_TIMEOUT_MS) {
    const r = await fetch(`${base}/v1/jobs/${id}/result`, { headers: auth(), signal: timeoutSignal() });
    const code = await problemCode(r);
    if (r.status !== 409 || code !== 'result_not_ready') {
      if (BACKPRESSURE.has(code)) return `backpressure:${code}`;
      return r.status >= 400 && r.status < 500 ? `expected:job-then-${r.status}:${code}` : `accepted:job-then-${r.status}`;
    }
    await new Promise((ok) => setTimeout(ok, POLL_MS));
  }
  return 'unexpected:timeout';
}

const HOSTILE = [
  ['truncated', async () => hostileStatus(await post('/v1/enhance?scale=2', TRUNCATED))],
  ['corrupt', async () => hostileStatus(await post('/v1/enhance?scale=2', CORRUPT))],
  ['corrupt-job', corruptJob],
  ['oversized', oversized],
  ['bad-token', async () => hostileStatus(await post('/v1/enhance?scale=2', PHOTO, BAD_TOKEN))],
  ['no-token', async () => hostileStatus(await fetch(`${base}/v1/enhance`, { method: 'POST', body: PHOTO,
    headers: { 'Content-Type': 'image/png' }, signal: timeoutSignal() }))],
  ['unknown-effect', async () => hostileStatus(await post('/v1/enhance?effect=sharpen-everything', PHOTO))],
  ['ws-bad-token', wsBadToken],
  ['ws-oversized', wsOversized],
];

// ---- drivers -------------------------------------------------------------------------------------
let inFlight = 0;
let skipped = 0;
async function run(kind, valid, fn) {
  inFlight++;
  const started = performance.now();
  let outcome;
  try {
    outcome = await fn();
  } catch (e) {
    outcome = valid ? errorName(e) : `unexpected:error:${e?.cause?.code || e?.name}`;
  }
  record(kind, valid, outcome, performance.now() - started);
  inFlight--;
}

async function capacity(concurrency) {
  const end = Date.now() + SECONDS * 1000;
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      const [kind, fn] = VALID[i++ % VALID.length];
      await run(kind, true, fn);
    }
  }));
  const ok = results.filter((r) => r.outcome === 'ok').length;
  return { mode, seconds: SECONDS, concurrency, ok, total: results.length, validPerSecond: ok / SECONDS,
    outcomes: tally(results) };
}

async function soak(validPerSecond, hostilePerValid) {
  const totalPerSecond = validPerSecond * (1 + hostilePerValid);
  const intervalMs = 1000 / totalPerSecond;
  const started = Date.now();
  const end = started + SECONDS * 1000;
  const pending = new Set();
  let n = 0, v = 0, h = 0, credit = 0;
  while (Date.now() < end) {
    const due = started + n * intervalMs;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
    n++;
    // Spread hostile requests evenly among the valid ones.
    credit += hostilePerValid / (1 + hostilePerValid);
    let kind, fn, valid;
    if (credit >= 1) {
      credit -= 1;
      [kind, fn] = HOSTILE[h++ % HOSTILE.length];
      valid = false;
    } else {
      [kind, fn] = VALID[v++ % VALID.length];
      valid = true;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      continue;
    }
    const p = run(kind, valid, fn);
    pending.add(p);
    p.then(() => pending.delete(p));
  }
  const drainDeadline = Date.now() + DRAIN_MS;
  while (pending.size > 0 && Date.now() < drainDeadline) await new Promise((ok) => setTimeout(ok, 100));
  return { mode, seconds: SECONDS, validPerSecond, hostilePerValid, scheduled: n, skipped, stillPending: pending.size,
    wallSeconds: (Date.now() - started) / 1000, outcomes: tally(results), latency: latency(results) };
}

function tally(rs) {
  const t = {};
  for (const r of rs) {
    const k = `${r.valid ? 'valid' : 'hostile'}\t${r.kind}\t${r.outcome}`;
    t[k] = (t[k] || 0) + 1;
  }
  return t;
}
function pct(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
function latency(rs) {
  const out = {};
  const groups = { all: rs.filter((r) => r.valid && r.outcome === 'ok') };
  for (const [k] of VALID) groups[k] = groups.all.filter((r) => r.kind === k);
  for (const [k, g] of Object.entries(groups)) {
    const ms = g.map((r) => r.ms).sort((a, b) => a - b);
    out[k] = { n: ms.length, p50: pct(ms, 50), p99: pct(ms, 99), max: ms[ms.length - 1] ?? null };
  }
  return out;
}

const summary = mode === 'capacity' ? await capacity(Number(rateArg)) : await soak(Number(rateArg), Number(hostileArg || 0.5));
console.log(JSON.stringify(summary));
process.exit(0);
