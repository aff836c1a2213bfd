// The studio in a real Chromium against a real zeroprint: sign in, enhance, watch progress, download,
// landmarks, cutout, problems as sentences, cancel, drag-and-drop and paste, queue positions, an
// effect that is not installed, copying the result key, accessibility, and what the browser keeps.
// Environment: ZEROPRINT_URL, ZEROPRINT_TOKEN (scope enhance), ZEROPRINT_ADMIN_TOKEN (for /metrics),
// ZEROPRINT_IMAGES (the test images), ZEROPRINT_OUT (where screenshots go).

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { decode, indexed } from './png.mjs';
import { BASE, IMAGES, OUT, assert, card, check, enhance, equal, launch, pngSize, summary } from './harness.mjs';

const TOKEN = process.env.ZEROPRINT_TOKEN;
const ADMIN = process.env.ZEROPRINT_ADMIN_TOKEN;
const WAIT = { timeout: 90_000 };
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const image = name => join(IMAGES, name);

const { context, guard, close } = await launch();
// Counts the page's live object URLs, so a test can see that removing a photo revokes them all.
await context.addInitScript(() => {
  const live = new Set();
  const create = URL.createObjectURL;
  const revoke = URL.revokeObjectURL;
  URL.createObjectURL = blob => {
    const url = create.call(URL, blob);
    live.add(url);
    return url;
  };
  URL.revokeObjectURL = url => {
    live.delete(url);
    revoke.call(URL, url);
  };
  window.liveObjectUrls = () => live.size;
});

/**
 * A fresh page, signed in with a pasted token, and the socket's text messages recorded.
 * @param prepare runs on the page before it loads (routes)
 */
async function studio(prepare = async () => {}) {
  const page = await context.newPage();
  await prepare(page);
  const frames = [];
  page.on('websocket', ws => ws.on('framereceived', f => {
    if (typeof f.payload === 'string') {
      frames.push(JSON.parse(f.payload));
    }
  }));
  await page.goto(BASE + '/');
  await page.getByLabel('Paste an access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.getByRole('heading', { name: 'Enhance photos' }).waitFor();
  await page.locator('#effect option').first().waitFor({ state: 'attached' });
  return { page, frames };
}

async function inUse() {
  const text = await (await fetch(BASE + '/metrics', { headers: { Authorization: 'Bearer ' + ADMIN } })).text();
  const line = text.split('\n').find(l => l.startsWith('zeroprint_buffer_in_use_bytes '));
  return Number(line.split(' ')[1]);
}

let upscaled;

await check('an upscaled photo arrives with progress in order, and the download is the server\'s result', async () => {
  const { page, frames } = await studio();
  upscaled = page;
  await enhance(page, image('astronaut.png'), 'upscale');
  const photo = card(page, 'astronaut.png');
  const values = [];
  const bar = photo.getByRole('progressbar');
  const sampler = setInterval(() => bar.getAttribute('aria-valuenow').then(v => values.push(Number(v)), () => {}), 50);
  await photo.getByRole('link', { name: 'Download' }).waitFor(WAIT);
  clearInterval(sampler);
  equal(await bar.getAttribute('aria-valuenow'), '100', 'progress at the end');
  const sorted = values.every((v, i) => i === 0 || v >= values[i - 1]);
  assert(sorted, `the progress bar went backwards: ${values.join(',')}`);

  const events = frames.filter(f => f.type === 'job');
  const seqs = events.map(e => e.seq);
  assert(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), `seq not increasing: ${seqs}`);
  const order = ['receiving', 'queued', 'running', 'encoding', 'done'];
  const states = [...new Set(events.map(e => e.state))];
  equal(states.filter(s => order.includes(s)), order.filter(s => states.includes(s)), 'states in order');
  assert(states.includes('receiving') && states.includes('running') && states.at(-1) === 'done', `states: ${states}`);
  const tiles = events.filter(e => e.progress?.tiles).map(e => e.progress.tiles.done);
  assert(tiles.length > 0 && tiles.every((t, i) => i === 0 || t >= tiles[i - 1]), `tiles: ${tiles}`);

  const meta = frames.find(f => f.type === 'result');
  const end = frames.find(f => f.type === 'result-end');
  equal([meta.width, meta.height], [1024, 1024], 'result size announced');
  const [download] = await Promise.all([page.waitForEvent('download'), photo.getByRole('link', { name: 'Download' }).click()]);
  equal(download.suggestedFilename(), 'astronaut-upscale-x2.png', 'download name');
  const bytes = readFileSync(await download.path());
  equal(createHash('sha256').update(bytes).digest('hex'), end.sha256, 'downloaded bytes = server result (sha256)');
  equal(bytes.length, meta.bytes, 'downloaded length');
  equal(pngSize(bytes), { width: 1024, height: 1024 }, 'downloaded PNG size');

  await photo.getByText('What happened to your photo').click();
  const receipt = await photo.locator('.receipt-list').innerText();
  assert(/Received: 791,555 bytes/.test(receipt), receipt);
  assert(/Written to disk: nothing \(0 files\)/.test(receipt) && /Kept: nothing/.test(receipt), receipt);
  assert(/Zeroed: [1-9][\d,]* bytes/.test(receipt), receipt);
  // For the README: the studio with its result, at a laptop's width, and a small copy of it.
  await page.setViewportSize({ width: 1000, height: 620 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const shot = await page.screenshot({ path: join(OUT, 'studio.png') });
  writeFileSync(join(OUT, 'studio-small.png'), indexed(decode(shot)));
  await page.setViewportSize({ width: 1280, height: 900 });

  // The 1:1 view pans with the keyboard; it stays open for the accessibility check below.
  await photo.getByRole('button', { name: 'Zoom 1:1' }).click();
  const zoom = photo.getByRole('region', { name: /Enhanced photo at 1:1/ });
  await zoom.press('ArrowDown');
  await zoom.press('ArrowRight');
  const scrolled = await zoom.evaluate(z => [z.scrollWidth > z.clientWidth, z.scrollTop > 0]);
  equal(scrolled, [true, true], 'the 1:1 view is larger than its box and scrolls with the keys');
});

await check('landmarks draw 468 points for a face, and say so when there is none', async () => {
  const { page } = await studio();
  await enhance(page, [image('astronaut.png'), image('coffee.png')], 'landmarks');
  const face = card(page, 'astronaut.png');
  const cup = card(page, 'coffee.png');
  await face.getByText('1 face found: 468 points drawn.').waitFor(WAIT);
  equal(await face.locator('canvas.overlay').getAttribute('data-points'), '468', 'points drawn');
  const painted = await face.locator('canvas.overlay').evaluate(c => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) n += d[i] > 0 ? 1 : 0;
    return n;
  });
  assert(painted > 468, `only ${painted} pixels painted`);
  await cup.getByText('No face found in this photo.').waitFor(WAIT);
  equal(await cup.getByRole('link', { name: 'Download' }).getAttribute('download'), 'coffee-landmarks.json', 'download name');
  const overlay = await face.locator('canvas.overlay').elementHandle();
  await face.getByRole('button', { name: 'Remove' }).click();
  await cup.getByRole('button', { name: 'Remove' }).click();
  equal(await overlay.evaluate(c => [c.width, c.height, c.isConnected]), [0, 0, false], 'overlay canvas after Remove');
  equal(await page.evaluate(() => window.liveObjectUrls()), 0, 'object URLs left after Remove');
  await page.close();
});

await check('a cutout is shown with its transparency on a checkerboard', async () => {
  const { page } = await studio();
  await enhance(page, image('astronaut.png'), 'cutout');
  const photo = card(page, 'astronaut.png');
  await photo.getByRole('link', { name: 'Download' }).waitFor(WAIT);
  const alpha = await photo.locator('img.after').evaluate(async img => {
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let clear = 0;
    let opaque = 0;
    for (let i = 3; i < d.length; i += 4) {
      if (d[i] === 0) clear++;
      if (d[i] === 255) opaque++;
    }
    c.width = 0;
    return { clear, opaque, background: getComputedStyle(img.parentElement).backgroundImage };
  });
  assert(alpha.clear > 10_000 && alpha.opaque > 10_000, `transparent ${alpha.clear}, opaque ${alpha.opaque}`);
  assert(alpha.background.includes('linear-gradient'), `no checkerboard: ${alpha.background}`);
  assert(await page.evaluate(() => window.liveObjectUrls()) >= 2, 'the original and the result are object URLs');
  await photo.getByRole('button', { name: 'Remove' }).click();
  equal(await page.evaluate(() => window.liveObjectUrls()), 0, 'object URLs left after Remove');
  await page.close();
});

await check('a text file and an oversized photo get sentences that say what to do', async () => {
  const { page } = await studio();
  const big = await page.evaluate(async () => {
    const c = new OffscreenCanvas(1200, 1000);
    c.getContext('2d').fillRect(0, 0, 10, 10);
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  });
  await enhance(page, [
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo, just words\n'.repeat(20)) },
    { name: 'wide.png', mimeType: 'image/png', buffer: Buffer.from(big) },
  ], 'upscale');
  await card(page, 'notes.txt').getByRole('alert')
    .getByText('“notes.txt” is not a photo this server can read. Choose a PNG or JPEG image.').waitFor(WAIT);
  await card(page, 'wide.png').getByRole('alert')
    .getByText('This photo is 1.2 MP; the limit here is 1 MP. Make it smaller and try again.').waitFor(WAIT);
  await page.close();
});

await check('cancelling mid-job stops it and leaves no image memory in use', async () => {
  const { page } = await studio();
  await enhance(page, image('astronaut.png'), 'upscale', { Scale: '4' });
  const photo = card(page, 'astronaut.png');
  await photo.getByText(/Enhancing: tile [1-9]/).waitFor(WAIT);
  await photo.getByRole('button', { name: 'Cancel' }).click();
  await photo.locator('.state', { hasText: 'Cancelled' }).waitFor(WAIT);
  let bytes = await inUse();
  for (let i = 0; i < 100 && bytes !== 0; i++) {
    await new Promise(r => setTimeout(r, 100));
    bytes = await inUse();
  }
  equal(bytes, 0, 'zeroprint_buffer_in_use_bytes after cancel');
  await photo.getByText('What happened to your photo').waitFor(WAIT);
  await photo.getByRole('button', { name: 'Remove' }).click();
  equal(await page.locator('li.photo').count(), 0, 'cards left after Remove');
  await page.close();
});

/**
 * A DataTransfer in the page, as a drag or a paste carries it: one PNG per name, drawn there (960 px
 * square, so an upscale takes a while, yet only a few KB to upload).
 */
function transfer(page, names) {
  return page.evaluateHandle(async list => {
    const dt = new DataTransfer();
    for (const name of list) {
      const c = new OffscreenCanvas(960, 960);
      c.getContext('2d').fillRect(0, 0, 480, 480);
      dt.items.add(new File([await c.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' }));
    }
    return dt;
  }, names);
}

await check('photos dropped on the page and pasted into it join the queue, which says how many are ahead', async () => {
  const { page } = await studio();
  const dropped = await transfer(page, ['dropped.png']);
  await page.dispatchEvent('#drop', 'dragover', { dataTransfer: dropped });
  assert(await page.locator('#drop').evaluate(d => d.classList.contains('over')), 'the drop zone shows the drag');
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: dropped });
  await card(page, 'dropped.png').waitFor();
  const pasted = await transfer(page, ['pasted-1.png', 'pasted-2.png']);
  await page.evaluate(dt => document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true })),
    pasted);
  const names = ['dropped.png', 'pasted-1.png', 'pasted-2.png'];
  equal(await page.locator('li.photo h3.photo-name').allInnerTexts(), names, 'one card per file, in order');

  await page.getByLabel('Effect').selectOption('upscale');
  await page.getByRole('button', { name: 'Enhance', exact: true }).click();
  // One worker: the first photo runs, the second waits next in line, the third behind it.
  await card(page, 'pasted-2.png').getByText('Queued: 1 ahead of this photo').waitFor(WAIT);
  for (const name of names.reverse()) {
    await card(page, name).getByRole('button', { name: 'Cancel' }).click();
  }
  for (const name of names) {
    await card(page, name).locator('.state', { hasText: 'Cancelled' }).waitFor(WAIT);
    await card(page, name).getByRole('button', { name: 'Remove' }).click();
  }
  await page.close();
});

await check('an effect that is not installed is listed but disabled, saying so, and the result key copies with one click', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const { page } = await studio(p => p.route('**/v1/effects', async route => {
    const response = await route.fetch();
    const json = await response.json();
    json.effects.find(e => e.name === 'cutout').available = false; // as on a server without its model
    await route.fulfill({ response, json });
  }));
  const cutout = page.locator('#effect option[value="cutout"]');
  equal(await cutout.evaluate(o => [o.disabled, /\(not installed here\)$/.test(o.textContent)]), [true, true],
    'the cutout option: disabled, and why');
  const help = await page.locator('#effect-help').innerText();
  assert(/Not installed here: .*cutout/.test(help), help);

  const small = await page.evaluate(async () => {
    const c = new OffscreenCanvas(48, 32);
    c.getContext('2d').fillRect(0, 0, 10, 10);
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  });
  await page.getByLabel(/Keep it encrypted for 24 hours/).check();
  await enhance(page, { name: 'small.png', mimeType: 'image/png', buffer: Buffer.from(small) }, 'upscale');
  const photo = card(page, 'small.png');
  await photo.getByRole('button', { name: 'Copy key' }).click(WAIT);
  await photo.getByRole('button', { name: 'Copied' }).waitFor(WAIT);
  const shown = await photo.locator('.key-value').innerText();
  assert(shown.length > 20, `key shown: ${shown}`);
  equal(await page.evaluate(() => navigator.clipboard.readText()), shown, 'the clipboard holds the key shown');
  await photo.getByRole('button', { name: 'Delete the kept result now' }).click();
  await photo.getByText('The kept result was deleted from the server.', { exact: false }).waitFor(WAIT);
  await context.clearPermissions();
  await page.close();
});

await check('at 360 px and 1280 px, light and dark, nothing runs off the screen and axe-core finds no serious or critical violation', async () => {
  const page = upscaled;
  const signIn = await context.newPage();
  await signIn.goto(BASE + '/');
  await signIn.getByRole('heading', { name: 'Sign in' }).waitFor();
  const found = [];
  for (const p of [signIn, page]) {
    for (const colorScheme of ['light', 'dark']) {
      await p.emulateMedia({ colorScheme });
      for (const width of [360, 1280]) {
        await p.setViewportSize({ width, height: 800 });
        const wider = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (wider > 0) {
          found.push(`${colorScheme} ${width}px: the page is ${wider} px wider than the screen`);
        }
        await p.evaluate(AXE);
        const result = await p.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
          .forEach(v => found.push(`${colorScheme} ${width}px ${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`));
      }
    }
    await p.emulateMedia({ colorScheme: 'light' });
  }
  await phoneScreenshot(page);
  await signIn.close();
  equal(found, [], 'serious or critical violations');
});

async function phoneScreenshot(page) {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: join(OUT, 'studio-360.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
}

await check('the studio works from the keyboard alone', async () => {
  const page = await context.newPage();
  await page.goto(BASE + '/');
  await page.getByLabel('Paste an access token').focus();
  await page.keyboard.type(TOKEN);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Enhance photos' }).waitFor();
  const order = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el.labels?.[0]?.textContent.trim() || el.textContent.trim() || el.id;
    }));
  }
  const at = name => order.findIndex(n => n.startsWith(name));
  assert(at('Photo') >= 0 && at('Effect') > at('Photo') && at('Enhance') > at('Effect'), `focus order: ${order}`);
  await page.close();
});

/** A page that pastes a well-formed token this server never issued; the socket's handshake fails. */
async function withForeignToken(page) {
  await page.goto(BASE + '/');
  await page.getByLabel('Paste an access token').fill('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.c2lnbmF0dXJl');
  await page.getByRole('button', { name: 'Use token' }).click();
}

/** Runs fn, then takes back the console errors it caused, failing on any but the expected ones. */
async function expectingErrors(pattern, fn) {
  const before = guard.problems.length;
  await fn();
  const seen = guard.problems.splice(before);
  assert(seen.every(p => pattern.test(p)), `unexpected: ${seen.join(' | ')}`);
}

await check('a token the server refuses signs out with a sentence', () => expectingErrors(/WebSocket|401/, async () => {
  const page = await context.newPage();
  await withForeignToken(page);
  await page.getByText('The server did not accept this sign-in. Sign in again.').waitFor(WAIT);
  assert(await page.getByLabel('Paste an access token').isVisible(), 'the sign-in form is back');
  await page.close();
}));

await check('a server that cannot be reached does not sign out', () => expectingErrors(/WebSocket|ERR_FAILED/, async () => {
  const page = await context.newPage();
  await page.route('**/v1/me/data', route => route.abort()); // as if the server were down
  await withForeignToken(page);
  await page.getByText('The server cannot be reached; it is tried again when you enhance a photo.').waitFor(WAIT);
  assert(await page.getByRole('button', { name: 'Enhance' }).isVisible(), 'still in the studio');
  await page.close();
}));

await check('no console error, CSP violation or request to another origin', async () => {
  equal(guard.problems, [], 'problems seen');
});

await check('after the session the browser holds nothing: no storage, no database, no cache, no worker', async () => {
  const page = upscaled;
  const kept = await page.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    cookies: document.cookie.length,
  }));
  equal(kept, { localStorage: 0, sessionStorage: 0, indexedDB: 0, caches: 0, serviceWorkers: 0, cookies: 0 }, 'kept');
});

await close();
process.exit(summary() ? 0 : 1);
