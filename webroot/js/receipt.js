// The privacy receipt as "what happened to your photo": read from the signed receipt's claims. The
// signature is checked by whoever needs proof (the server publishes its key); the page only reads it.

export function receiptClaims(jws) {
  try {
    const part = jws.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), c => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

const count = n => Number(n || 0).toLocaleString('en');

export function describeReceipt(c) {
  const lines = [
    `Received: ${count(c.bytes_received)} bytes of your photo, held in memory only.`,
    `Zeroed: ${count(c.bytes_zeroed)} bytes of memory that held it or its pixels were overwritten with zeros.`,
    `Written to disk: ${c.files_written === 0 ? 'nothing (0 files)' : count(c.files_written) + ' files'}.`,
    c.retained_until
      ? `Kept: the result, encrypted, until ${new Date(c.retained_until * 1000).toLocaleString()}; only your key opens it.`
      : 'Kept: nothing.',
    c.delivered ? 'Delivered: the result was sent to you once, then erased.' : 'Delivered: no result was sent.',
  ];
  if (c.iat) {
    lines.push(`Signed by ${c.iss || 'the server'} at ${new Date(c.iat * 1000).toLocaleString()} (receipt ${c.jti}).`);
  }
  return lines;
}
