// The studio against a server in development mode: "Use development token" signs in, a kept result
// shows its key once and is fetched with it, and a dropped WebSocket reconnects and resumes its job.
// Environment: ZEROPRINT_URL, ZEROPRINT_IMAGES, ZEROPRINT_OUT.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, IMAGES, assert, card, check, enhance, equal, launch, pngSize, summary } from './harness.mjs';

const WAIT = { timeout: 90_000 };
const image = name => join(IMAGES, name);
const { context, guard, close } = await launch();

async function signIn(page) {
  await page.goto(BASE + '/');
  await page.getByRole('button', { name: 'Use development token' }).click();
  await page.getByRole('heading', { name: 'Enhance photos' }).waitFor();
  await page.locator('#effect option').first().waitFor({ state: 'attached' });
}

async function downloaded(page, photo) {
  const [download] = await Promise.all([page.waitForEvent('download'), photo.getByRole('link', { name: 'Download' }).click()]);
  return readFileSync(await download.path());
}

await check('"Use development token" signs in with an enhance-only token held in memory', async () => {
  const page = await context.newPage();
  await signIn(page);
  const scope = await page.evaluate(async () => (await import('/js/auth.js')).claims().scope);
  equal(scope, 'enhance', 'scope of the development token');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Use development token' }).waitFor();
  equal(await page.evaluate(async () => (await import('/js/auth.js')).token()), null, 'token after sign-out');
  await page.close();
});

await check('a kept result shows its key once, with a copy button, and is fetched with that key', async () => {
  const page = await context.newPage();
  await signIn(page);
  await page.getByLabel('Keep it encrypted for 24 hours (you get the only key)').check();
  await enhance(page, image('astronaut.png'), 'upscale');
  const photo = card(page, 'astronaut.png');
  await photo.getByRole('link', { name: 'Download' }).waitFor(WAIT);
  const key = await photo.locator('.key-value').innerText();
  assert(/^[\w-]{20,}$/.test(key), `result key: ${key}`);
  await photo.getByRole('button', { name: 'Copy key' }).waitFor();
  equal(pngSize(await downloaded(page, photo)), { width: 1024, height: 1024 }, 'kept result size');
  await photo.getByText('What happened to your photo').click();
  await photo.getByText(/Kept: the result, encrypted, until/).waitFor(WAIT);
  await photo.getByRole('button', { name: 'Delete the kept result now' }).click();
  await photo.getByText('The kept result was deleted from the server.', { exact: false }).waitFor(WAIT);
  equal(await photo.locator('.key-value').innerText(), '', 'key shown after deleting');
  await page.close();
});

await check('a dropped WebSocket reconnects and the running job\'s result arrives on the new one', async () => {
  const page = await context.newPage();
  let sockets = 0;
  let dropped = false;
  let end = null;
  await page.routeWebSocket(/\/v1\/ws$/, ws => {
    sockets += 1;
    const server = ws.connectToServer();
    ws.onMessage(m => server.send(m));
    server.onMessage(m => {
      ws.send(m);
      if (typeof m === 'string') {
        const msg = JSON.parse(m);
        if (msg.type === 'result-end') {
          end = msg;
        }
        // The first socket goes away as soon as the job runs: like a phone changing networks.
        if (!dropped && msg.type === 'job' && msg.state === 'running') {
          dropped = true;
          ws.close({ code: 4000, reason: 'test drops the connection' });
          server.close();
        }
      }
    });
  });
  await signIn(page);
  await enhance(page, image('astronaut.png'), 'upscale');
  const photo = card(page, 'astronaut.png');
  await photo.getByRole('link', { name: 'Download' }).waitFor(WAIT);
  assert(dropped && sockets >= 2, `dropped ${dropped}, sockets ${sockets}`);
  const bytes = await downloaded(page, photo);
  equal(createHash('sha256').update(bytes).digest('hex'), end.sha256, 'downloaded bytes = server result');
  equal(pngSize(bytes), { width: 1024, height: 1024 }, 'result size');
  await page.close();
});

await check('no console error, CSP violation or request to another origin', async () => {
  equal(guard.problems, [], 'problems seen');
});

await close();
process.exit(summary() ? 0 : 1);
