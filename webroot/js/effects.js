// The effect picker and each effect's options, built from GET /v1/effects: the server says which
// effects exist, which can run here, and what each option accepts, so the page never hard-codes them.

const LABELS = { scale: 'Scale', tier: 'Quality tier', format: 'Format', quality: 'JPEG quality', blur: 'Background blur', stages: 'Stages' };

export class EffectPicker {
  #select;
  #help;
  #box;
  #effects = [];
  #changed = new Set(); // options the user set; the others are left to the server's defaults

  constructor(select, help, box) {
    this.#select = select;
    this.#help = help;
    this.#box = box;
    select.addEventListener('change', () => this.#render());
  }

  async load() {
    const resp = await fetch('/v1/effects', { headers: { Accept: 'application/json' } });
    if (!resp.ok) {
      throw new Error('The list of effects could not be loaded. Reload the page to try again.');
    }
    this.#effects = (await resp.json()).effects;
    this.#select.replaceChildren(...this.#effects.map(e => {
      const option = new Option(title(e.name) + (e.available ? '' : ' (not installed here)'), e.name);
      option.disabled = !e.available;
      return option;
    }));
    const first = this.#effects.find(e => e.available);
    if (first) {
      this.#select.value = first.name;
    }
    this.#render();
  }

  get effect() {
    return this.#effects.find(e => e.name === this.#select.value);
  }

  /** The options to send: the effect and every option the user changed. */
  options() {
    const out = { effect: this.#select.value };
    for (const control of this.#box.querySelectorAll('[data-option]')) {
      const name = control.dataset.option;
      if (this.#changed.has(name) && !control.disabled && control.value !== '') {
        out[name] = control.dataset.numeric ? Number(control.value) : control.value;
      }
    }
    return out;
  }

  /** A short description of the chosen settings, e.g. "upscale ×4", for names and summaries. */
  label() {
    const o = this.options();
    const scale = this.#box.querySelector('[data-option=scale]');
    return o.effect + (scale ? '-x' + scale.value : '');
  }

  #render() {
    const effect = this.effect;
    this.#changed.clear();
    this.#box.replaceChildren();
    if (!effect) {
      this.#help.textContent = 'No effect can run on this server.';
      return;
    }
    const unavailable = this.#effects.filter(e => !e.available).map(e => e.name);
    const described = /[.!?]$/.test(effect.description) ? effect.description : effect.description + '.';
    this.#help.textContent = described + (unavailable.length
      ? ` Not installed here: ${unavailable.join(', ')} (the operator installs them with the models tool).` : '');
    for (const option of effect.options) {
      this.#box.append(this.#control(option));
    }
    this.#syncQuality();
  }

  #control(option) {
    const id = 'option-' + option.name;
    const field = document.createElement('div');
    field.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = LABELS[option.name] || title(option.name);
    const help = document.createElement('p');
    help.className = 'help';
    help.id = id + '-help';
    help.textContent = option.description || '';
    let control;
    const choice = /^[\w-]+(\|[\w-]+)+$/.test(option.values) ? option.values.split('|') : null;
    const range = /^(\d+)\.\.(\d+)$/.exec(option.values);
    if (choice) {
      control = document.createElement('select');
      // `available` (scale, tier) names the values whose models are installed here; the others are shown disabled.
      const runnable = option.available === undefined ? choice : option.available.split('|');
      choice.forEach(v => {
        const item = new Option((option.name === 'scale' ? '×' + v : v) + (runnable.includes(v) ? '' : ' (not installed here)'), v);
        item.disabled = !runnable.includes(v);
        control.append(item);
      });
      control.value = choice.includes(String(option.default)) ? String(option.default) : choice[0];
      if (choice.every(v => /^\d+$/.test(v))) {
        control.dataset.numeric = 'true';
      }
    } else if (range) {
      control = document.createElement('input');
      control.type = 'number';
      control.min = range[1];
      control.max = range[2];
      // A default the server decides by its settings (e.g. output.jpegQuality) is left to it.
      control.value = /^\d+$/.test(String(option.default)) ? option.default : '';
      control.placeholder = 'server default';
      control.dataset.numeric = 'true';
    } else {
      control = document.createElement('input');
      control.type = 'text';
      control.value = option.default ?? '';
    }
    control.id = id;
    control.dataset.option = option.name;
    control.setAttribute('aria-describedby', help.id);
    control.addEventListener('change', () => {
      this.#changed.add(option.name);
      this.#syncQuality();
    });
    field.append(label, control, help);
    return field;
  }

  /** JPEG quality only means something for JPEG output. */
  #syncQuality() {
    const format = this.#box.querySelector('[data-option=format]');
    const quality = this.#box.querySelector('[data-option=quality]');
    if (quality) {
      quality.disabled = !format || format.value !== 'jpeg';
    }
  }
}

function title(name) {
  return name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, ' ');
}
