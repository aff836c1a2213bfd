// The studio's start: read /app-config.json, sign in (development token, OpenID Connect, or a pasted
// token), then pick photos, choose an effect and enhance them over one WebSocket.

import * as auth from './auth.js';
import { EffectPicker } from './effects.js';
import { Photo } from './photo.js';
import { StudioSocket } from './socket.js';

const $ = id => document.getElementById(id);
const photos = [];
let socket = null;
let config = { devToken: false, oidc: null };

function announce(text) {
  const region = $('announcer');
  region.textContent = '';
  // A fresh node each time so screen readers announce a repeated sentence too.
  setTimeout(() => { region.textContent = text; }, 50);
}

async function loadConfig() {
  try {
    const resp = await fetch('/app-config.json', { cache: 'no-store' });
    if (resp.ok) {
      config = await resp.json();
    }
  } catch {
    // no config: only a pasted token can sign in
  }
}

function showSignIn(error = '') {
  $('studio').hidden = true;
  $('signed-in').hidden = true;
  $('sign-in').hidden = false;
  $('dev-token').hidden = !config.devToken;
  $('oidc-sign-in').hidden = !config.oidc;
  $('sign-in-error').textContent = error;
}

async function signedIn() {
  const c = auth.claims();
  $('who').textContent = c.sub ? `Signed in as ${c.sub}` : 'Signed in';
  $('sign-in').hidden = true;
  $('signed-in').hidden = false;
  $('studio').hidden = false;
  $('paste-token').value = '';
  socket?.close();
  socket = new StudioSocket(auth.token);
  socket.addEventListener('status', e => {
    $('connection').textContent = e.detail === 'reconnecting' ? 'Connection lost; reconnecting…' : '';
  });
  socket.ready().catch(async () => {
    // A refused handshake looks the same to a page as a server that is down: ask the API which it was.
    if (await tokenRefused()) {
      auth.signOut();
      showSignIn('The server did not accept this sign-in. Sign in again.');
    } else {
      $('connection').textContent = 'The server cannot be reached; it is tried again when you enhance a photo.';
    }
  });
  $('studio').focus();
}

/** True when the API answers this token with 401 or 403; false when it cannot be asked. */
async function tokenRefused() {
  try {
    const r = await fetch('/v1/me/data', { headers: { Authorization: `Bearer ${auth.token()}` }, cache: 'no-store' });
    return r.status === 401 || r.status === 403;
  } catch {
    return false;
  }
}

async function signInWith(action) {
  $('sign-in-error').textContent = '';
  try {
    await action();
    await signedIn();
  } catch (e) {
    $('sign-in-error').textContent = e.message || String(e);
  }
}

function addFiles(files) {
  for (const file of files) {
    const photo = new Photo(file, { socket, template: $('photo-template'), announce, token: auth.token });
    photo.$('.remove').addEventListener('click', () => removePhoto(photo));
    photos.push(photo);
    $('photos').append(photo.el);
  }
  $('empty').hidden = photos.length > 0;
  if (files.length) {
    announce(`${files.length === 1 ? '1 photo' : files.length + ' photos'} added. Choose an effect and press Enhance.`);
  }
}

function removePhoto(photo) {
  const index = photos.indexOf(photo);
  const next = photos[index + 1] || photos[index - 1];
  photo.remove();
  photos.splice(index, 1);
  $('empty').hidden = photos.length > 0;
  // Keep keyboard focus in the list rather than dropping it to the page's start.
  (next ? next.$('.remove') : $('photo')).focus();
  announce('Photo removed.');
}

function enhance(picker, event) {
  event.preventDefault();
  const waiting = photos.filter(p => !p.busy && p.state !== 'done');
  if (!waiting.length) {
    announce(photos.length ? 'Every photo is done or on its way. Add another photo.' : 'Add a photo first.');
    $('photo').focus();
    return;
  }
  const options = picker.options();
  const retain = new FormData($('settings')).get('retain');
  if (retain) {
    options.retain = retain;
  }
  waiting.forEach(p => p.submit({ ...options }, picker.label()));
}

function wireInputs() {
  const take = input => () => {
    addFiles([...input.files]);
    input.value = '';
  };
  $('photo').addEventListener('change', take($('photo')));
  $('camera').addEventListener('change', take($('camera')));
  const drop = $('drop');
  drop.addEventListener('dragover', e => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    addFiles([...e.dataTransfer.files]);
  });
  document.addEventListener('paste', e => {
    const files = [...(e.clipboardData?.files || [])];
    if (files.length && !$('studio').hidden) {
      e.preventDefault();
      addFiles(files);
    }
  });
}

async function start() {
  await loadConfig();
  const picker = new EffectPicker($('effect'), $('effect-help'), $('options'));
  picker.load().catch(e => { $('effect-help').textContent = e.message; });
  wireInputs();
  $('settings').addEventListener('submit', e => enhance(picker, e));
  $('dev-token').addEventListener('click', () => signInWith(auth.developmentToken));
  $('oidc-sign-in').addEventListener('click', () => auth.startOidc(config.oidc).catch(e => showSignIn(e.message)));
  $('paste-form').addEventListener('submit', e => {
    e.preventDefault();
    signInWith(async () => auth.useToken($('paste-token').value));
  });
  $('sign-out').addEventListener('click', () => {
    [...photos].forEach(removePhoto);
    socket?.close();
    socket = null;
    auth.signOut();
    showSignIn();
  });
  try {
    if (config.oidc && await auth.finishOidc(config.oidc)) {
      await signedIn();
      return;
    }
  } catch (e) {
    showSignIn(e.message);
    return;
  }
  showSignIn();
}

start();
