// Sign-in: a development token, OpenID Connect (authorization code + PKCE), or a pasted token.
// The access token lives in this module's memory only; a reload signs out. The PKCE verifier is the
// one thing kept in sessionStorage, and only across the identity provider's redirect.

const PKCE_KEY = 'zeroprint.pkce';
let accessToken = null;

export function token() {
  return accessToken;
}

export function useToken(value) {
  const t = value.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(t)) {
    throw new Error('That does not look like an access token (three dot-separated parts).');
  }
  accessToken = t;
}

export function signOut() {
  accessToken = null;
}

/** The token's subject and expiry, read (not verified: the server does that) for display. */
export function claims() {
  try {
    const part = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part));
  } catch {
    return {};
  }
}

export async function developmentToken() {
  const resp = await fetch('/v1/dev/token', { method: 'POST', headers: { Accept: 'application/json' } });
  if (!resp.ok) {
    throw await problemError(resp);
  }
  useToken((await resp.json()).access_token);
}

async function discovery(oidc) {
  const resp = await fetch(oidc.issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
  if (!resp.ok) {
    throw new Error('The sign-in service did not answer. Try again in a moment.');
  }
  return resp.json();
}

function redirectUri() {
  return location.origin + '/';
}

/** Leaves for the identity provider; it comes back to this page with ?code=…&state=…. */
export async function startOidc(oidc) {
  const config = await discovery(oidc);
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(config.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: oidc.clientId, redirect_uri: redirectUri(), scope: oidc.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** True when this page load is the identity provider's redirect back, which it then completes. */
export async function finishOidc(oidc) {
  const params = new URLSearchParams(location.search);
  const saved = sessionStorage.getItem(PKCE_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  if (!params.has('code') && !params.has('error')) {
    return false;
  }
  history.replaceState(null, '', location.pathname); // the code must not stay in the address bar or history
  if (params.has('error')) {
    throw new Error('Sign-in was not completed (' + params.get('error') + '). Try again.');
  }
  const pkce = saved ? JSON.parse(saved) : null;
  if (!oidc || !pkce || pkce.state !== params.get('state')) {
    throw new Error('That sign-in link is stale or was not started here. Sign in again.');
  }
  const config = await discovery(oidc);
  const resp = await fetch(config.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: oidc.clientId, code_verifier: pkce.verifier,
    }),
  });
  if (!resp.ok) {
    throw new Error('The sign-in service refused the sign-in. Sign in again.');
  }
  useToken((await resp.json()).access_token);
  return true;
}

function base64url(bytes) {
  let s = '';
  bytes.forEach(b => { s += String.fromCharCode(b); });
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function problemError(resp) {
  const { sentence } = await import('./problems.js');
  let problem = { status: resp.status };
  try {
    problem = await resp.json();
  } catch {
    // not a problem document: the status alone says enough
  }
  return new Error(sentence(problem));
}
