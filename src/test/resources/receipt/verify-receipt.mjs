// Verifies a zeroprint privacy receipt with Node.js's own crypto (Node 16+, no packages).
//
//   node verify-receipt.mjs <jwk> <receipt>
//
// <jwk> is the key served at /.well-known/zeroprint-receipt-key, as JSON text or a file holding it;
// <receipt> is the compact JWS. Prints the receipt's claims and exits 0 only if the signature is
// genuine; otherwise says why and exits 1.
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

function fail(why) {
  console.error(`receipt NOT verified: ${why}`);
  process.exit(1);
}

const [jwkArg, jws] = process.argv.slice(2);
if (!jwkArg || !jws) fail('usage: node verify-receipt.mjs <jwk> <receipt>');

let jwk;
try {
  jwk = JSON.parse(jwkArg.trim().startsWith('{') ? jwkArg : readFileSync(jwkArg, 'utf8'));
} catch (e) {
  fail(`cannot read the key: ${e.message}`);
}
if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') fail('the key is not an Ed25519 JWK');

const parts = jws.trim().split('.');
if (parts.length !== 3) fail('not a compact JWS');
const [header64, claims64, signature64] = parts;
const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

let header;
let claims;
try {
  header = decode(header64);
  claims = decode(claims64);
} catch (e) {
  fail(`malformed: ${e.message}`);
}
// Checked before the signature: a genuine signature of the wrong kind of token is no receipt.
if (header.alg !== 'EdDSA') fail(`alg is ${header.alg}, expected EdDSA`);
if (header.typ !== 'zeroprint-receipt+jwt') fail(`typ is ${header.typ}, expected zeroprint-receipt+jwt`);
if (jwk.kid && header.kid !== jwk.kid) fail('signed with another key (kid differs)');

const key = createPublicKey({ key: jwk, format: 'jwk' });
const signed = Buffer.from(`${header64}.${claims64}`, 'ascii');
if (!verify(null, signed, key, Buffer.from(signature64, 'base64url'))) fail('bad signature');

console.log(JSON.stringify(claims, null, 2));
