// Uploads one file to zeroprint with the reference tus client, in small chunks, retrying (and so
// resuming from the server's offset) whenever a request breaks off. Prints one JSON line: the upload
// URL, the job named by the last PATCH's answer, and every request the client made, in order.
//
//   node upload.mjs <endpoint> <token> <file> <chunkBytes> <metadata-json>
import { readFileSync } from 'node:fs';
import { Upload } from 'tus-js-client';

const [endpoint, token, file, chunkSize, metadata] = process.argv.slice(2);
const bytes = readFileSync(file);
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
