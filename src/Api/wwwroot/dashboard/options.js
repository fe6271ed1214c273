// Filter choices are redrawn only when they change: rewriting a <select> the dispatcher has open (live updates come
// many times a second) would close it under their finger and lose their keyboard place.
import { escapeHtml } from '/shared/api.js';

/** @param choices [value, label] pairs; the first is usually the "all" choice with value '' */
export function setOptions(select, choices, value) {
  const signature = JSON.stringify(choices);
  if (select.dataset.choices !== signature) {
    select.innerHTML = choices.map(([v, label]) => `<option value="${escapeHtml(v)}">${escapeHtml(label)}</option>`).join('');
    select.dataset.choices = signature;
  }
  select.value = value;
}
