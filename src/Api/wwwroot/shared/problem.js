// A refused request is shown where it applies: each field's messages beside the input the field came from, in the
// page's language, and what concerns no input of the form on the form's own error line. The server writes English
// (shared/strings.js translates what it sends); a message the language files do not know yet is shown as it came.
import { t, has, onLanguageChange } from '/shared/i18n.js';
import { ApiError } from '/shared/api.js';

const PREFIX = 'urn:mobilize:problem:';
const shown = new Map();

onLanguageChange(() => { for (const [line, last] of [...shown]) showProblem(last.error, last.where); });

/**
 * @param {Error} error what the call threw: an ApiError with the server's problem document, or a network failure
 * @param {{line: HTMLElement, scope?: HTMLElement, fields?: Record<string, string | HTMLElement>}} where the form's error
 *   line; the element its inputs sit in; each server field name (or the start of one: `place` for `place.latitude`) →
 *   its input or the input's id
 */
export function showProblem(error, where) {
  clearProblem(where);
  shown.set(where.line, { error, where });
  const elsewhere = [];
  for (const [field, messages] of Object.entries(fieldErrors(error))) {
    const text = messages.map(translate).join('；');
    const input = inputFor(field, where);
    if (input) mark(input, field, text);
    else elsewhere.push(`${has(`field.${field}`) ? t(`field.${field}`) : field}: ${text}`);
  }
  where.line.textContent = [summary(error), ...elsewhere].join(' · ');
}

/** Removes what showProblem put up, before the form is sent again or when it went through. */
export function clearProblem(where) {
  shown.delete(where.line);
  where.line.textContent = '';
  for (const old of scopeOf(where).querySelectorAll('.field-error')) {
    old.previousElementSibling?.removeAttribute('aria-invalid');
    old.remove();
  }
}

const scopeOf = where => where.scope ?? where.line.closest('form, section') ?? document;

function fieldErrors(error) {
  const errors = error instanceof ApiError ? error.problem?.errors : null;
  return errors && typeof errors === 'object' ? errors : {};
}

function summary(error) {
  if (!(error instanceof ApiError)) return t('problem.network');
  const type = error.problem?.type ?? '';
  const code = type.startsWith(PREFIX) ? type.slice(PREFIX.length) : null;
  if (code && has(`problem.${code}`)) return t(`problem.${code}`);
  const general = has(`problem.status${error.status}`) ? t(`problem.status${error.status}`) : `HTTP ${error.status}`;
  // A refusal this page has no words for yet: the server's own title still tells what happened.
  const title = error.problem?.title;
  return title ? `${general}（${title}）` : general;
}

/** The server's sentence in the page's language, its numbers and Chinese names kept: "must be between -90 and 90
 * degrees" → 必须在 -90 到 90 度之间, "lies outside the area of 朝阳区 (110105) …" → 不在朝阳区（110105）范围内…. */
export function translate(message) {
  const numbers = [];
  const pattern = String(message).replace(/-?\d+(?:\.\d+)?|[\u3400-\u9fff]+/g, n => { numbers.push(n); return '#'; });
  return has(`msg.${pattern}`) ? t(`msg.${pattern}`, numbers) : message;
}

function inputFor(field, where) {
  const fields = where.fields ?? {};
  let name = field;
  for (;;) {
    const target = fields[name];
    if (target) return typeof target === 'string' ? document.getElementById(target) : target;
    const dot = name.lastIndexOf('.');
    if (dot < 0) return null;
    name = name.slice(0, dot);
  }
}

function mark(input, field, text) {
  let note = input.nextElementSibling;
  if (!note?.classList.contains('field-error')) {
    note = document.createElement('span');
    note.className = 'field-error';
    note.setAttribute('role', 'alert');
    input.insertAdjacentElement('afterend', note);
  }
  note.dataset.field = note.dataset.field ? `${note.dataset.field} ${field}` : field;
  note.textContent = note.textContent ? `${note.textContent}；${text}` : text;
  input.setAttribute('aria-invalid', 'true');
}
