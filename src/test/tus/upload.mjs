// Uploads the bytes on standard input to zeroprint with the reference tus client, in chunks, retrying
// (and so resuming from the server's offset) whenever a request breaks off. Prints one JSON line: the
// upload URL, the job named by the last PATCH's answer, and every request the client made, in order.
// The photo comes through a pipe so that no test writes an image file for the client to read.
//
//   node upload.mjs <endpoint> <token> <chunkBytes> <metadata-json> < photo
import { buffer } from 'node:stream/consumers';
import { Upload } from 'tus-js-client';

const [endpoint, token, chunkSize, metadata] = process.argv.slice(2);
const bytes = await buffer(process.stdin);
const requests = [];
let job = null;

const upload = new Upload(bytes, {
  endpoint,
  chunkSize: Number(chunkSize),
  metadata: JSON.parse(metadata),
  headers: { Authorization: `Bearer ${token}` },
  retryDelays: [0, 200, 500, 1000, 2000],
  storeFingerprintForResuming: false,
  onBeforeRequest(req) {
    requests.push(req.getMethod());
  },
  onAfterResponse(req, res) {
    job = res.getHeader('Zeroprint-Job') || job;
  },
  onError(err) {
    console.error(`upload failed: ${err.message}`);
    process.exit(1);
  },
  onSuccess() {
    console.log(JSON.stringify({ url: upload.url, job, requests }));
  },
});
upload.start();
