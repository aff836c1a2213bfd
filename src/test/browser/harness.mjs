// A tiny test harness for the studio scripts: one Chromium (Debian's), headless, with a throwaway
// profile; named checks that print "ok"/"not ok" lines; page-wide guards that fail a run on any
// console error, CSP violation or request to another origin.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = required('ZEROPRINT_URL');
export const OUT = required('ZEROPRINT_OUT');
export const IMAGES = required('ZEROPRINT_IMAGES');
const CHROMIUM = process.env.ZEROPRINT_CHROMIUM || '/usr/bin/chromium';
const ORIGIN = new URL(BASE);

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

/** @param alsoAllowed hosts besides the server's that pages may reach (an OpenID provider) */
export async function launch({ alsoAllowed = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'zeroprint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-features=Translate,OptimizationHints,MediaRouter'],
  });
  const guard = { problems: [] };
  context.on('request', req => {
    const url = new URL(req.url());
    if (['blob:', 'data:'].includes(url.protocol)) {
      return;
    }
    if (url.host !== ORIGIN.host && !alsoAllowed.includes(url.host)) {
      guard.problems.push(`request to another origin: ${req.url()}`);
    }
  });
  // Registered before any page script runs; a violation report is also a console error, but this
  // names the directive.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', e => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  context.on('page', page => watch(page, guard));
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, guard, close };
}

function watch(page, guard) {
  page.on('console', msg => {
    // The browser logs every non-2xx answer; a receipt asked for while the job is still zeroing is
    // answered 409 receipt_not_ready by design, and the page asks again after Retry-After.
    const expected = /status of 409/.test(msg.text()) && /\/v1\/receipts\//.test(msg.location().url || '');
    if (msg.type() === 'error' && !expected) {
      guard.problems.push(`console error on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', err => guard.problems.push(`uncaught error on ${page.url()}: ${err.message}`));
}

const results = [];

/** Runs one named check; a failure is reported and the run goes on. */
export async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name} (${Date.now() - started} ms)\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
  }
}

export function summary() {
  const failed = results.filter(r => !r.ok);
  console.log(`# ${results.length - failed.length}/${results.length} passed`);
  return failed.length === 0;
}

export function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

export function equal(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Adds the files, picks the effect and options (by their labels), and presses Enhance. */
export async function enhance(page, files, effect, options = {}) {
  await page.getByLabel('Photo', { exact: true }).setInputFiles(files);
  await page.getByLabel('Effect').selectOption(effect);
  for (const [label, value] of Object.entries(options)) {
    await page.getByLabel(label).selectOption(value);
  }
  await page.getByRole('button', { name: 'Enhance', exact: true }).click();
}

/** A photo's card, by its file name. */
export const card = (page, name) => page.locator('li.photo', { has: page.getByRole('heading', { name }) });

/** A PNG's size from its header. */
export function pngSize(bytes) {
  equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'PNG signature');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
