// Idle WebSocket client for bench/idle-websockets.sh: holds many authenticated, silent sockets
// to zeroprint's /v1/ws. Node's built-in WebSocket (undici; node --experimental-websocket on
// Node 20) offers permessage-deflate like a browser and answers the server's pings with pongs by
// itself, as real clients do. The token goes in the subprotocols "access_token, <jwt>", as from a
// browser. Run as its own process (never inside the server's JVM).
//
// Commands, one per line on stdin; every answer is one line on stdout:
//   open N    -> opens sockets until N are open (at most OPEN_PARALLEL handshakes at once, each
//                bounded by HANDSHAKE_TIMEOUT_MS); "OPENED open=… failed=… closed=… ms=…"
//   status    -> "STATUS open=… closed=… failed=…" (closed = closed by the server or the network)
//   closeall  -> closes every socket (code 1000), waits for them (bounded); "CLOSED open=… ms=…"
//   exit      -> exits
// Usage: ZEROPRINT_TOKEN=… node --experimental-websocket ws-idle-client.mjs ws://127.0.0.1:PORT/v1/ws
import { createInterface } from 'node:readline';

const url = process.argv[2];
const token = process.env.ZEROPRINT_TOKEN;
if (!url || !url.startsWith('ws://127.0.0.1:') || !token) {
  console.error('usage: ZEROPRINT_TOKEN=… node --experimental-websocket ws-idle-client.mjs ws://127.0.0.1:PORT/v1/ws');
  process.exit(2);
}
const OPEN_PARALLEL = 64;
const HANDSHAKE_TIMEOUT_MS = 30_000;
const CLOSE_WAIT_MS = 60_000;
const MAX_SOCKETS = 20_000;

const open = new Set();
let failed = 0;
let closedByPeer = 0;
const closeReasons = new Map();
let closing = false;

/** One handshake: resolves true once open, false if refused or timed out (the socket is dropped). */
function connect() {
  return new Promise((resolve) => {
    let settled = false;
    const ws = new WebSocket(url, ['access_token', token]);
    const timer = setTimeout(() => finish(false), HANDSHAKE_TIMEOUT_MS);
    function finish(ok) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!ok) {
        try { ws.close(); } catch { /* not open yet */ }
      }
      resolve(ok);
    }
    ws.onopen = () => {
      open.add(ws);
      finish(true);
    };
    ws.onerror = () => finish(false);
    ws.onmessage = () => {}; // the server sends nothing to an idle socket; ignore anything
    ws.onclose = (e) => {
      if (open.delete(ws) && !closing) {
        closedByPeer++;
        const k = `${e.code}`;
        closeReasons.set(k, (closeReasons.get(k) || 0) + 1);
      }
      finish(false);
    };
  });
}

async function openUntil(n) {
  const target = Math.min(n, MAX_SOCKETS);
  const started = Date.now();
  let attempts = 0;
  const maxAttempts = target * 2; // bounded: a refusing server cannot loop us for ever
  async function lane() {
    while (open.size < target && attempts < maxAttempts) {
      // reserve a slot so lanes do not overshoot the target
      if (open.size + inFlight >= target) return;
      attempts++;
      inFlight++;
      const ok = await connect();
      inFlight--;
      if (!ok) failed++;
    }
  }
  let inFlight = 0;
  await Promise.all(Array.from({ length: OPEN_PARALLEL }, lane));
  return Date.now() - started;
}

async function closeAll() {
  const started = Date.now();
  closing = true;
  for (const ws of open) ws.close(1000, 'bench done');
  const deadline = Date.now() + CLOSE_WAIT_MS;
  while (open.size > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  closing = false;
  return Date.now() - started;
}

function reasons() {
  return [...closeReasons].map(([k, v]) => `${k}:${v}`).join(',') || '-';
}

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'open') {
    const ms = await openUntil(Number(arg));
    console.log(`OPENED open=${open.size} failed=${failed} closed=${closedByPeer} ms=${ms}`);
  } else if (cmd === 'status') {
    console.log(`STATUS open=${open.size} closed=${closedByPeer} failed=${failed} codes=${reasons()}`);
  } else if (cmd === 'closeall') {
    const ms = await closeAll();
    console.log(`CLOSED open=${open.size} ms=${ms}`);
  } else if (cmd === 'exit') {
    break;
  } else {
    console.log(`ERROR unknown command ${cmd}`);
  }
}
process.exit(0);
