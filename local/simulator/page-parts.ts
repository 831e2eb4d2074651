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
 * A bundled script, checked before it goes inline between <script> and </script>: nothing in it may end
 * the element early or open an HTML comment there (esbuild already writes "</script" in strings as
 * "<\/script"). The page's CSP then allows exactly this text by its hash.
 */
export function inlineScript(script: string): string {
  if (/<\/script|<!--/i.test(script)) throw new Error('a simulator script holds "</script" or "<!--": it cannot be inlined');
  return script;
}
