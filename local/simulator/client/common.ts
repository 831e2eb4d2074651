/**
 * What both simulator pages' scripts share (chat.ts and call.ts): building elements, the participant's
 * phone field (PHONE_FIELD_HTML in ../page-parts.ts: #phone, #phone-error, #new-participant), durations,
 * and reading the JSON the simulator's endpoints answer.
 *
 * Browser code only: it imports nothing but this folder, which esbuild bundles into each page's one
 * inline script (../client-bundle.ts). Every text that reaches the DOM goes through textContent.
 */

export type Attrs = Record<string, string | null | undefined>;

/** An element with the given attributes (null and undefined ones left out) and text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== undefined && value !== null) e.setAttribute(name, value);
    }
  }
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The page's element with this id, of this type; the page and its script are written together, so anything else is a bug. */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the simulator page has no ${type.name} #${id}`);
  return found;
}

/** "1:07" for a recording's length; null when the browser could not tell. */
export function minutes(seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A Belgian mobile number no one has (+3247 and seven random digits), for "New participant". */
export function randomParticipant(): string {
  const digits = new Uint32Array(1);
  crypto.getRandomValues(digits);
  return `+3247${String((digits[0] ?? 0) % 10000000).padStart(7, '0')}`;
}

/** One field's problem, as the simulator's endpoints answer it (application/problem+json `errors`). */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface PhoneField {
  readonly input: HTMLInputElement;
  /** The number as typed, keeping the + and digits: people type "+32 470 12 34 56" or "0470/12.34.56". */
  phone(): string;
  /** Marks the field invalid and says why, when one of the errors is about "phone". */
  showFieldErrors(errors: readonly FieldIssue[]): void;
  clearFieldErrors(): void;
}

/** The participant's phone field (#phone, and #phone-error under it). */
export function phoneField(): PhoneField {
  const input = byId('phone', HTMLInputElement);
  const error = byId('phone-error', HTMLElement);
  return {
    input,
    phone: () => input.value.replace(/[\s./()-]/g, ''),
    showFieldErrors(errors) {
      const issue = errors.find((e) => e.field === 'phone');
      if (issue) {
        input.setAttribute('aria-invalid', 'true');
        error.textContent = `phone: ${issue.message}`;
        error.hidden = false;
      }
    },
    clearFieldErrors() {
      input.removeAttribute('aria-invalid');
      error.hidden = true;
      error.textContent = '';
    },
  };
}

// ---- reading answers: JSON from the network is `unknown` until each field is looked at ----------

/** The JSON in a response body, or null when it is not JSON. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** The fields of a JSON value: an object's own, none for anything else. */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
}

/** The items of a JSON array, or null when the value is not one. */
export function listOf(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : null;
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A problem's `errors`, each as field and message ([] when there are none). */
export function issuesOf(value: unknown): FieldIssue[] {
  return (listOf(value) ?? []).map((item) => {
    const f = fieldsOf(item);
    return { field: String(f.field), message: String(f.message) };
  });
}

/** An error's part for a note: its message (a network error) or name (NotAllowedError), else the error as text. */
export function errorPart(err: unknown, part: 'message' | 'name'): string {
  const value: unknown = typeof err === 'object' && err !== null ? Reflect.get(err, part) : undefined;
  return value ? String(value) : String(err);
}
