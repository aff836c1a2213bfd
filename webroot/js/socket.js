// One WebSocket to /v1/ws for every photo: submits with their binary upload, job events, results in
// chunks, cancel. It reconnects when the connection drops and asks for each unfinished job again
// with `fetch`, which resumes its events and has its result delivered on the new socket.

const UPLOAD_CHUNK = 256 * 1024; // the server's frame and message limit
const MAX_BACKOFF_MS = 8000;

export class StudioSocket extends EventTarget {
  #token;
  #ws = null;
  #open = null;
  #closing = false;
  #backoff = 500;
  #jobs = new Map(); // job id -> handlers {event, result, error, key}
  #submitting = Promise.resolve();
  #pendingSubmit = null;
  #incoming = []; // results being received, oldest first: {job, meta, parts, received}

  constructor(tokenSource) {
    super();
    this.#token = tokenSource;
  }

  get connected() {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Resolves once the socket is open (connecting if needed). */
  ready() {
    if (!this.#open) {
      this.#open = new Promise((resolve, reject) => this.#connect(resolve, reject));
      this.#open.catch(() => { this.#open = null; });
    }
    return this.#open;
  }

  #connect(resolve, reject) {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/ws';
    const ws = new WebSocket(url, ['access_token', this.#token()]);
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.#backoff = 500;
      this.#status('connected');
      // Unfinished jobs carry on: their events resume and their results come here.
      for (const id of this.#jobs.keys()) {
        this.#sendJson({ type: 'fetch', job: id });
      }
      resolve();
    };
    ws.onmessage = e => (typeof e.data === 'string' ? this.#onText(e.data) : this.#onBinary(e.data));
    ws.onclose = e => {
      this.#ws = null;
      this.#open = null;
      this.#incoming = [];
      this.#pendingSubmit?.reject({ code: 'connection_lost' });
      this.#pendingSubmit = null;
      this.dispatchEvent(new CustomEvent('dropped'));
      if (this.#closing) {
        return;
      }
      if (!opened) {
        reject({ code: e.code === 1006 && !this.#token() ? 'unauthorized' : 'connection_failed' });
      }
      this.#status('reconnecting');
      setTimeout(() => { if (!this.#closing && this.#jobs.size) this.ready().catch(() => {}); }, this.#backoff);
      this.#backoff = Math.min(MAX_BACKOFF_MS, this.#backoff * 2);
    };
  }

  #status(state) {
    this.dispatchEvent(new CustomEvent('status', { detail: state }));
  }

  close() {
    this.#closing = true;
    this.#ws?.close(1000);
  }

  /**
   * Submits one photo: the submit message, the server's answer, then its bytes in messages of at
   * most 256 KiB. One at a time per socket, as the server requires; resolves with the job id.
   */
  submit(bytes, options, handlers) {
    const run = async () => {
      if (handlers.cancelled()) {
        throw { code: 'cancelled' }; // cancelled while waiting for its turn: never sent
      }
      await this.ready();
      const accepted = await new Promise((resolve, reject) => {
        this.#pendingSubmit = { resolve, reject };
        this.#sendJson({ type: 'submit', size: bytes.byteLength, options });
      });
      this.#jobs.set(accepted.job, handlers);
      handlers.accepted?.(accepted.job);
      for (let at = 0; at < bytes.byteLength; at += UPLOAD_CHUNK) {
        if (handlers.cancelled()) {
          return accepted.job; // the server has cancelled the job and dropped what it received
        }
        if (!this.connected) {
          throw { code: 'connection_lost' };
        }
        this.#ws.send(bytes.slice(at, Math.min(bytes.byteLength, at + UPLOAD_CHUNK)));
        await this.#drained();
      }
      return accepted.job;
    };
    const result = this.#submitting.then(run, run);
    this.#submitting = result.catch(() => {});
    return result;
  }

  /** Waits while the browser holds much unsent data, so upload progress stays honest and memory flat. */
  async #drained() {
    while (this.#ws && this.#ws.bufferedAmount > UPLOAD_CHUNK * 4) {
      await new Promise(r => setTimeout(r, 20));
    }
  }

  cancel(job) {
    this.#sendJson({ type: 'cancel', job });
  }

  /** Stops following a job (finished, or removed from the page). */
  forget(job) {
    this.#jobs.delete(job);
  }

  #sendJson(msg) {
    if (this.connected) {
      this.#ws.send(JSON.stringify(msg));
    }
  }

  #onText(text) {
    const msg = JSON.parse(text);
    const handlers = msg.job ? this.#jobs.get(msg.job) : null;
    switch (msg.type) {
      case 'accepted':
        this.#pendingSubmit?.resolve(msg);
        this.#pendingSubmit = null;
        break;
      case 'job':
        handlers?.event(msg);
        break;
      case 'key':
        handlers?.key(msg.result_key);
        break;
      case 'result':
        this.#incoming.push({ job: msg.job, meta: msg, parts: [], received: 0 });
        handlers?.receiving(0, msg.bytes);
        if (msg.chunks === 0) {
          this.#incoming.at(-1).complete = true;
        }
        break;
      case 'result-end':
        this.#finishResult(msg);
        break;
      case 'error':
        if (!msg.job && this.#pendingSubmit) {
          this.#pendingSubmit.reject(msg);
          this.#pendingSubmit = null;
        } else if (handlers) {
          handlers.error(msg);
        } else {
          this.dispatchEvent(new CustomEvent('problem', { detail: msg }));
        }
        break;
      default:
        break; // a newer server's message this page does not know
    }
  }

  #onBinary(data) {
    const current = this.#incoming.find(r => !r.complete);
    if (!current) {
      return;
    }
    current.parts.push(data);
    current.received += data.byteLength;
    if (current.parts.length === current.meta.chunks) {
      current.complete = true;
    }
    this.#jobs.get(current.job)?.receiving(current.received, current.meta.bytes);
  }

  async #finishResult(end) {
    const index = this.#incoming.findIndex(r => r.job === end.job);
    if (index < 0) {
      return;
    }
    const [r] = this.#incoming.splice(index, 1);
    const handlers = this.#jobs.get(end.job);
    const blob = new Blob(r.parts, { type: r.meta.contentType });
    r.parts.length = 0;
    const digest = await sha256Hex(await blob.arrayBuffer());
    if (digest !== end.sha256) {
      handlers?.error({ code: 'internal', detail: 'The result arrived damaged (its checksum does not match).' });
      return;
    }
    handlers?.result(blob, r.meta, end);
  }
}

async function sha256Hex(buffer) {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(hash, b => b.toString(16).padStart(2, '0')).join('');
}
