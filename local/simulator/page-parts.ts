/** The participant's number, as both simulator pages ask for it (the scripts read #phone and #phone-error). */
export const PHONE_FIELD_HTML = `    <div class="who">
      <div class="field">
        <label for="phone">Participant phone number</label>
        <input id="phone" type="tel" dir="ltr" inputmode="tel" autocomplete="off" spellcheck="false" value="+32470000001"
          data-testid="phone" aria-describedby="phone-error">
      </div>
      <button type="button" id="new-participant" data-testid="new-participant">New participant</button>
    </div>
    <p class="field-error" id="phone-error" data-testid="phone-error" role="alert" hidden></p>`;

/**
 * Client-side helpers both simulator pages share, written into each page's one inline script (inside
 * its function scope, where `phoneEl` and `phoneError` are that page's elements), so the CSP hash
 * still covers exactly what runs.
 */
export const COMMON_SCRIPT = String.raw`
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (a) { if (attrs[a] !== undefined && attrs[a] !== null) e.setAttribute(a, attrs[a]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  /** People type "+32 470 12 34 56" or "0470/12.34.56": keep the + and digits. */
  function phone() { return phoneEl.value.replace(/[\s.\/()-]/g, ''); }
  /** "1:07" for a recording's length; null when the browser could not tell. */
  function minutes(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds) || seconds < 0) return null;
    var s = Math.round(seconds);
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function showFieldErrors(errors) {
    var issue = errors.find(function (e) { return e.field === 'phone'; });
    if (issue) {
      phoneEl.setAttribute('aria-invalid', 'true');
      phoneError.textContent = 'phone: ' + issue.message;
      phoneError.hidden = false;
    }
  }
  function clearFieldErrors() {
    phoneEl.removeAttribute('aria-invalid');
    phoneError.hidden = true;
    phoneError.textContent = '';
  }
`;
