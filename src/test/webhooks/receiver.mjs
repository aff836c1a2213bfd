// A webhook receiver for the tests: listens on 127.0.0.1 (a free port, printed as the first line),
// checks every delivery with the standardwebhooks library under each secret in SECRETS (comma-separated
// whsec_ values), prints one JSON line per delivery, and answers as PLAN says: comma-separated
// HTTP statuses, one per delivery (the last repeats), or "hang" for one that never answers.
import http from "node:http";
import { Webhook } from "standardwebhooks";

const secrets = (process.env.SECRETS || "").split(",").filter(Boolean);
const plan = (process.env.PLAN || "204").split(",");
let seen = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const verified = secrets.map((s) => {
      try {
        new Webhook(s).verify(body, req.headers);
        return true;
      } catch (e) {
        return false;
      }
    });
    const answer = plan[Math.min(seen, plan.length - 1)];
    seen++;
    let event = null;
    try {
      event = JSON.parse(body);
    } catch (e) {
      // reported as null: the test fails on it
    }
    console.log(JSON.stringify({
      method: req.method, url: req.url, host: req.headers.host, id: req.headers["webhook-id"],
      signatures: (req.headers["webhook-signature"] || "").split(" ").length, verified, event, answer,
    }));
    if (answer !== "hang") {
      res.writeHead(Number(answer)).end();
    }
  });
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
