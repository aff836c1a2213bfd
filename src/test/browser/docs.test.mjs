// The API documentation page (/docs) in Chromium: Swagger UI, served from the jar, renders the
// served OpenAPI document and lists its operations under the page's own CSP, with no violation.
// Environment: ZEROPRINT_URL, ZEROPRINT_IMAGES, ZEROPRINT_OUT (the harness asks for them).

import { BASE, assert, check, equal, launch, summary } from './harness.mjs';

const { context, guard, close } = await launch();

await check('/docs lists the operations of /openapi.yaml', async () => {
  const page = await context.newPage();
  const response = await page.goto(BASE + '/docs');
  equal(response.status(), 200, 'status of /docs');
  const csp = response.headers()['content-security-policy'] || '';
  assert(csp.includes("script-src 'self'") && !csp.includes('unsafe'), `the page's CSP: ${csp}`);
  for (const [method, path] of [['post', '/v1/enhance'], ['post', '/v1/jobs'], ['get', '/v1/jobs/{id}'],
    ['delete', '/v1/me'], ['get', '/v1/me/data'], ['get', '/health/ready']]) {
    await page.locator(`.opblock-${method} .opblock-summary-path[data-path="${path}"]`).first()
      .waitFor({ timeout: 30_000 });
  }
  const operations = await page.locator('.opblock').count();
  assert(operations >= 30, `only ${operations} operations listed`);
  await page.close();
});

await check('an operation opens with its parameters and responses', async () => {
  const page = await context.newPage();
  await page.goto(BASE + '/docs');
  const enhance = page.locator('.opblock-post .opblock-summary-path[data-path="/v1/enhance"]').first();
  await enhance.click({ timeout: 30_000 });
  await page.locator('.opblock.is-open .parameters-container').first().waitFor({ timeout: 10_000 });
  await page.locator('.opblock.is-open .responses-table').first().waitFor({ timeout: 10_000 });
  await page.close();
});

await check('no console error, CSP violation or request to another origin', async () => {
  equal(guard.problems, [], 'problems seen');
});

await close();
process.exit(summary() ? 0 : 1);
