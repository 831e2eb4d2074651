/**
 * The fields a browser would send for a form of the dashboard's own HTML (hono/html output: attributes in
 * double quotes, values escaped), as hono's `parseBody({ all: true })` gives them: a name once is a string,
 * twice an array. Successful controls only (HTML §4.10.21.4): not disabled, checkboxes only when checked,
 * a select's selected option (else its first), no buttons (the action is added by the caller, as the
 * button pressed). Enough for our markup, not a general HTML parser: the e2e test checks a real browser.
 */
const unescape = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');

const attrOf = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  if (m) return unescape(m[1] ?? '');
  return new RegExp(`\\s${name}(?=[\\s>])`).test(tag) ? '' : null;
};

export function formFields(html: string, formTestId = 'editor'): Record<string, string | string[]> {
  const start = html.indexOf(`data-testid="${formTestId}"`);
  if (start < 0) throw new Error(`no form ${formTestId}`);
  const end = html.indexOf('</form>', start);
  const form = html.slice(start, end);
  const pairs: Array<[string, string]> = [];
  const controls = /<(input|textarea|select)\b[^>]*>/g;
  for (let m = controls.exec(form); m; m = controls.exec(form)) {
    const tag = m[0];
    const name = attrOf(tag, 'name');
    if (name === null || attrOf(tag, 'disabled') !== null) continue;
    if (m[1] === 'input') {
      const type = attrOf(tag, 'type') ?? 'text';
      if (type === 'submit' || type === 'button') continue;
      if ((type === 'checkbox' || type === 'radio') && attrOf(tag, 'checked') === null) continue;
      pairs.push([name, attrOf(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
    } else if (m[1] === 'textarea') {
      const close = form.indexOf('</textarea>', m.index);
      // The HTML parser drops one newline right after <textarea>.
      pairs.push([name, unescape(form.slice(m.index + tag.length, close).replace(/^\n/, ''))]);
    } else {
      const close = form.indexOf('</select>', m.index);
      const options = [...form.slice(m.index, close).matchAll(/<option\b[^>]*>/g)].map((o) => o[0]);
      const chosen = options.find((o) => attrOf(o, 'selected') !== null) ?? options[0];
      if (chosen) pairs.push([name, attrOf(chosen, 'value') ?? '']);
    }
  }
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}
