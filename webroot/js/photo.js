// One photo on the page: its card, its state from picked to done, its progress bar, and its result
// (compare slider, 1:1 zoom, landmarks overlay, cutout on a checkerboard, download, receipt). Removing
// it revokes its object URLs and clears its canvas, so nothing of it stays in the page.

import { sentence, transient } from './problems.js';
import { drawLandmarks } from './landmarks.js';
import { describeReceipt, receiptClaims } from './receipt.js';

const MAX_RETRIES = 5;
/** A job that just ended is usually still zeroing; asking at once would mostly be answered 409. */
const RECEIPT_FIRST_ASK_MS = 1000;
const STATE_TEXT = {
  ready: 'Ready', waiting: 'Waiting to upload', receiving: 'Uploading', uploading: 'Uploading',
  queued: 'Queued', running: 'Enhancing', encoding: 'Encoding', downloading: 'Receiving result',
  done: 'Done', failed: 'Failed', cancelled: 'Cancelled', expired: 'Expired', retrying: 'Server busy, retrying',
};
const TERMINAL = new Set(['done', 'failed', 'cancelled', 'expired']);

export class Photo {
  constructor(file, { socket, template, announce, token }) {
    this.file = file;
    this.socket = socket;
    this.announce = announce;
    this.token = token;
    this.state = 'ready';
    this.job = null;
    this.urls = [];
    this.retries = 0;
    this.el = template.content.firstElementChild.cloneNode(true);
    this.$ = sel => this.el.querySelector(sel);
    this.$('.photo-name').textContent = file.name || 'Pasted photo';
    this.before = this.url(file);
    this.$('.before').src = this.before;
    this.$('.before').alt = 'Original: ' + (file.name || 'pasted photo');
    this.$('.progress').setAttribute('aria-label', 'Progress of ' + (file.name || 'pasted photo'));
    this.$('.cancel').addEventListener('click', () => this.cancel());
    this.$('.slider').addEventListener('input', () => this.slide());
    this.$('.zoom-toggle').addEventListener('click', () => this.toggleZoom());
    this.$('.copy').addEventListener('click', () => this.copyKey());
    this.$('.erase').addEventListener('click', () => this.eraseKept());
    this.panWithPointer(this.$('.zoom'));
    this.slide();
    this.show('ready', 0, 'Ready to enhance.');
  }

  get busy() {
    return !['ready', ...TERMINAL].includes(this.state);
  }

  url(blob) {
    const u = URL.createObjectURL(blob);
    this.urls.push(u);
    return u;
  }

  /** Sends the photo with these options; transient refusals (server busy) are retried a few times. */
  async submit(options, label) {
    this.options = options;
    this.label = label;
    this.problem = null;
    this.cancelled = false;
    this.$('.problem').textContent = '';
    this.show('waiting', 0, 'Waiting to upload…');
    this.$('.cancel').hidden = false;
    try {
      const bytes = await this.file.arrayBuffer();
      await this.socket.submit(bytes, options, {
        accepted: job => { this.job = job; },
        cancelled: () => Boolean(this.cancelled || this.removed),
        event: e => this.onEvent(e),
        key: k => this.showKey(k),
        receiving: (n, total) => this.show('downloading', 90 + Math.floor((9 * n) / Math.max(total, 1)),
          `Receiving the result: ${Math.floor((100 * n) / Math.max(total, 1))}%`),
        result: (blob, meta, end) => this.onResult(blob, meta, end.receipt),
        error: p => this.fail(p),
      });
    } catch (p) {
      this.fail(p);
    }
  }

  onEvent(e) {
    const p = e.progress || {};
    switch (e.state) {
      case 'receiving': {
        const { received = 0, total = 0 } = p.upload || {};
        const pct = total ? Math.floor((100 * received) / total) : 0;
        this.show('uploading', Math.floor(pct * 0.3), `Uploading: ${pct}%`);
        break;
      }
      case 'queued': {
        const ahead = p.queue?.position || 0;
        this.show('queued', 30, ahead > 1 ? `Queued: ${ahead - 1} ahead of this photo` : 'Queued: next in line');
        break;
      }
      case 'running': {
        const t = p.tiles;
        this.show('running', t ? 30 + Math.floor((60 * t.done) / t.total) : 30,
          t ? `Enhancing: tile ${t.done} of ${t.total}` : 'Enhancing…');
        break;
      }
      case 'encoding':
        this.show('encoding', 90, 'Encoding the result…');
        break;
      case 'done':
        if (e.result?.retained_until) {
          this.fetchRetained(e.result);
        }
        break;
      case 'failed':
      case 'cancelled':
      case 'expired':
        this.fail(e.error || { code: e.state });
        break;
      default:
        break;
    }
  }

  show(state, percent, text) {
    const changed = state !== this.state;
    this.state = state;
    const bar = this.$('.progress');
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', text);
    this.$('.bar').style.width = percent + '%';
    this.$('.status').textContent = text;
    const badge = this.$('.state');
    badge.textContent = STATE_TEXT[state] || state;
    badge.dataset.state = state;
    this.el.dataset.state = state;
    if (changed && state !== 'ready') {
      this.announce(`${this.$('.photo-name').textContent}: ${text}`);
    }
  }

  fail(p) {
    if (TERMINAL.has(this.state) && this.state !== 'failed') {
      return;
    }
    if (transient(p.code) && this.retries < MAX_RETRIES && !this.cancelled) {
      this.retries += 1;
      this.forgetJob();
      this.show('retrying', 0, 'The server is busy; trying again in a moment…');
      setTimeout(() => { if (!this.cancelled && !this.removed) this.submit(this.options, this.label); }, 1500 * this.retries);
      return;
    }
    const lost = p.code === 'connection_lost' || p.code === 'connection_failed';
    if (lost) {
      this.forgetJob(); // the server cancels an unfinished upload; nothing to follow after a reconnect
    }
    const text = lost
      ? 'The connection dropped before the photo was uploaded. Enhance it again.'
      : sentence(p, this.file.name ? `“${this.file.name}”` : 'This file');
    // A later message with the server's detail replaces a shorter one from the job event.
    if (!this.problem || p.detail) {
      this.problem = p;
      this.$('.problem').textContent = p.code === 'cancelled' ? '' : text;
    }
    const state = p.code === 'cancelled' ? 'cancelled' : 'failed';
    if (this.state !== state) {
      this.show(state, Number(this.$('.progress').getAttribute('aria-valuenow')), text);
    }
    this.$('.cancel').hidden = true;
    this.finished();
  }

  cancel() {
    this.cancelled = true;
    if (this.job) {
      this.socket.cancel(this.job);
    } else {
      this.fail({ code: 'cancelled' });
    }
    this.$('.cancel').hidden = true;
  }

  async onResult(blob, meta, receipt) {
    this.forgetJob(false);
    this.$('.cancel').hidden = true;
    const view = this.$('.view');
    view.hidden = false;
    const base = (this.file.name || 'photo').replace(/\.[^.]*$/, '');
    const download = this.$('.download');
    if (meta.contentType === 'application/json') {
      const landmarks = JSON.parse(await blob.text());
      this.el.classList.add('landmarks');
      const canvas = this.$('.overlay');
      canvas.hidden = false;
      const points = drawLandmarks(canvas, landmarks);
      this.$('.summary').textContent = landmarks.faces.length === 0
        ? 'No face found in this photo.'
        : `${landmarks.faces.length === 1 ? '1 face' : landmarks.faces.length + ' faces'} found: ${points} points drawn.`;
      download.download = `${base}-landmarks.json`;
    } else {
      const after = this.url(blob);
      this.after = after;
      this.$('.after').src = after;
      this.$('.after').alt = `Enhanced (${meta.width}×${meta.height})`;
      this.$('.zoom-img').src = after;
      this.$('.zoom-img').alt = `Enhanced at 1:1 (${meta.width}×${meta.height})`;
      this.$('.zoom-toggle').hidden = false;
      if (this.options.effect === 'cutout') {
        this.el.classList.add('cutout');
      }
      const ext = meta.contentType === 'image/jpeg' ? 'jpg' : 'png';
      download.download = `${base}-${this.label}.${ext}`;
      this.$('.summary').textContent = `${meta.width} × ${meta.height} pixels, ${(meta.bytes / 1024).toFixed(0)} KB.`;
    }
    download.href = this.after || this.url(blob);
    download.hidden = false;
    this.show('done', 100, 'Done.');
    this.showReceipt(receipt);
    this.finished();
  }

  /** A kept result is not sent on the socket: it is fetched with its key, like any client would. */
  async fetchRetained(result) {
    const resp = await fetch(result.href, {
      headers: { Authorization: 'Bearer ' + this.token(), 'Zeroprint-Result-Key': this.key || '' },
    });
    if (!resp.ok) {
      this.fail(await resp.json().catch(() => ({ code: 'internal' })));
      return;
    }
    const blob = await resp.blob();
    await this.onResult(blob, { contentType: result.contentType, width: result.width, height: result.height,
      bytes: blob.size }, null);
  }

  finished() {
    if (this.job && !this.receiptShown) {
      const job = this.job;
      setTimeout(() => this.loadReceipt(job, 0), RECEIPT_FIRST_ASK_MS);
    }
  }

  /** A receipt not carried by the result (failed, cancelled, kept) is asked for once memory is zeroed. */
  async loadReceipt(job, attempt) {
    if (this.removed || attempt > 10 || this.receiptShown) {
      return;
    }
    const resp = await fetch(`/v1/receipts/${encodeURIComponent(job)}`, {
      headers: { Authorization: 'Bearer ' + this.token(), Accept: 'application/json' },
    }).catch(() => null);
    if (resp?.ok) {
      this.showReceipt((await resp.json()).receipt);
    } else if (resp?.status === 409) {
      const seconds = Number(resp.headers.get('Retry-After')) || 1;
      setTimeout(() => this.loadReceipt(job, attempt + 1), seconds * 1000);
    }
  }

  showReceipt(jws) {
    const claims = jws ? receiptClaims(jws) : null;
    if (!claims || this.removed) {
      return;
    }
    this.receiptShown = true;
    const list = this.$('.receipt-list');
    list.replaceChildren(...describeReceipt(claims).map(line => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }));
    this.$('.receipt').hidden = false;
  }

  showKey(key) {
    this.key = key;
    this.$('.key-value').textContent = key;
    this.$('.key').hidden = false;
  }

  async copyKey() {
    try {
      await navigator.clipboard.writeText(this.key);
      this.$('.copy').textContent = 'Copied';
    } catch {
      this.$('.copy').textContent = 'Select and copy it by hand';
    }
  }

  /** Destroys a kept result before it expires (its ciphertext, and so the result, is gone). */
  async eraseKept() {
    const resp = await fetch(`/v1/jobs/${encodeURIComponent(this.job)}`, {
      method: 'DELETE', headers: { Authorization: 'Bearer ' + this.token() },
    });
    const note = this.$('.key p');
    if (resp.ok || resp.status === 410) {
      this.key = null;
      this.$('.key-value').textContent = '';
      this.$('.key .row').hidden = true;
      note.textContent = 'The kept result was deleted from the server. Your downloaded copy is unaffected.';
    } else {
      note.textContent = 'The kept result could not be deleted just now. Try again in a moment.';
    }
  }

  slide() {
    const v = this.$('.slider').value;
    this.$('.after-clip').style.clipPath = `inset(0 0 0 ${v}%)`;
    this.$('.slider').setAttribute('aria-valuetext', `${v}% original, ${100 - v}% enhanced`);
  }

  toggleZoom() {
    const zoom = this.$('.zoom');
    const button = this.$('.zoom-toggle');
    zoom.hidden = !zoom.hidden;
    button.setAttribute('aria-pressed', String(!zoom.hidden));
    button.textContent = zoom.hidden ? 'Zoom 1:1' : 'Back to compare';
    this.$('.compare').hidden = !zoom.hidden;
    this.$('.slider-label').hidden = !zoom.hidden;
    if (!zoom.hidden) {
      zoom.focus();
    }
  }

  /** Drag to pan the 1:1 view; the keyboard pans it with the arrow keys (it is a focusable scroller). */
  panWithPointer(box) {
    let from = null;
    box.addEventListener('pointerdown', e => {
      from = { x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop };
      box.setPointerCapture(e.pointerId);
    });
    box.addEventListener('pointermove', e => {
      if (from) {
        box.scrollLeft = from.left - (e.clientX - from.x);
        box.scrollTop = from.top - (e.clientY - from.y);
      }
    });
    box.addEventListener('pointerup', () => { from = null; });
  }

  forgetJob(clear = true) {
    if (this.job) {
      this.socket.forget(this.job);
    }
    if (clear) {
      this.job = null;
    }
  }

  /** Cancels what runs, revokes every object URL, clears the canvas and drops the card. */
  remove() {
    this.removed = true;
    if (this.busy && this.job) {
      this.socket.cancel(this.job);
    }
    this.forgetJob();
    this.urls.forEach(u => URL.revokeObjectURL(u));
    this.urls = [];
    const canvas = this.$('.overlay');
    canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    canvas.width = 0;
    canvas.height = 0;
    this.el.querySelectorAll('img').forEach(img => img.removeAttribute('src'));
    this.$('.download').removeAttribute('href');
    this.key = null;
    this.el.remove();
  }
}
