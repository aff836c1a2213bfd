// The studio's OpenID Connect sign-in in Chromium: the discovery document, authorization code with a
// PKCE (S256) challenge, back to the page, the code exchanged for an access token held in memory,
// and that token enhancing a photo over the WebSocket. Environment: ZEROPRINT_URL, ZEROPRINT_ISSUER,
// ZEROPRINT_IMAGES, ZEROPRINT_OUT.

import { join } from 'node:path';
import { BASE, IMAGES, assert, card, check, enhance, equal, launch, summary } from './harness.mjs';

const ISSUER = process.env.ZEROPRINT_ISSUER;
const { context, guard, close } = await launch({ alsoAllowed: [new URL(ISSUER).host] });

await check('signing in with the OpenID provider (code + PKCE) gives a token that enhances a photo', async () => {
  const page = await context.newPage();
  const authorize = [];
  page.on('request', r => {
    if (r.url().startsWith(ISSUER) && r.url().includes('authorize')) authorize.push(new URL(r.url()));
  });
  await page.goto(BASE + '/');
  await page.getByRole('button', { name: 'Sign in with your account' }).click();
  await page.getByRole('heading', { name: 'Enhance photos' }).waitFor({ timeout: 30_000 });
  const asked = authorize[0].searchParams;
  equal([asked.get('response_type'), asked.get('code_challenge_method'), asked.get('scope')],
    ['code', 'S256', 'openid enhance'], 'authorization request');
  assert(/^[\w-]{43}$/.test(asked.get('code_challenge')), `challenge ${asked.get('code_challenge')}`);
  equal(new URL(page.url()).search, '', 'query left in the address bar');
  equal(await page.evaluate(() => sessionStorage.length), 0, 'sessionStorage after the redirect');
  await page.getByText('Signed in as alice').waitFor();
  await enhance(page, join(IMAGES, 'coffee.png'), 'landmarks');
  await card(page, 'coffee.png').getByText('No face found in this photo.').waitFor({ timeout: 90_000 });
  await page.close();
});

await check('no console error, CSP violation or request to an origin but the server\'s and the provider\'s', async () => {
  equal(guard.problems, [], 'problems seen');
});

await close();
process.exit(summary() ? 0 : 1);
