// What every administration screen needs: calls that are safe to retry, times in the jurisdiction's zone, and the
// server's own words beside the inputs.
import { ApiError } from '/shared/api.js';
import { token, signOut } from '/shared/session.js';
import { t, currentLanguage } from '/shared/i18n.js';

export const ZONE = 'Asia/Shanghai';

// One per page load: the same form sent twice (a retry after a dropped answer) carries the same key and gets the
// first answer back; anything changed in the form is a new request with a key of its own.
const nonce = crypto.randomUUID();

async function keyFor(method, url, body) {
  const bytes = new TextEncoder().encode(`${nonce}\n${method} ${url}\n${body ?? ''}`);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
}

/** A call to the API; state-changing ones carry an Idempotency-Key. `type` sends the body as that media type unchanged. */
export async function call(method, url, body, type) {
  const text = body === undefined ? undefined : type ? body : JSON.stringify(body);
  const headers = text === undefined ? {} : { 'Content-Type': type ?? 'application/json' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (method !== 'GET') headers['Idempotency-Key'] = await keyFor(method, url, text);
  const response = await fetch(url, { method, headers, body: text });
  const reply = await response.text();
  let json = null;
  try { json = reply ? JSON.parse(reply) : null; } catch { json = null; }
  if (response.status === 401) signOut();
  if (!response.ok) throw new ApiError(json, response.status);
  return { status: response.status, body: json };
}

export const read = async url => (await call('GET', url)).body;

/** A download the API guards (a CSV template): fetched with the token, handed to the browser as a local file. */
export async function download(url, name) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) throw new ApiError(null, response.status);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const locale = () => currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB';

/** A moment in Beijing time, as people there read it. */
export function when(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar date (yyyy-mm-dd from the API) written for the reader; dates have no zone. */
export function day(date) {
  if (!date) return '—';
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A datetime-local input's value read as Beijing time (the jurisdiction's clock), as the API's ISO with offset. */
export const fromLocalInput = value => value ? `${value}:00+08:00` : null;

export const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
};

/** A labelled input whose id the server's field name finds (shared/problem.js puts the message right after it). */
export function field(id, labelKey, attributes = {}) {
  const input = el(attributes.tag ?? 'input', { id, name: id, ...attributes, tag: null });
  return { label: el('label', { for: id }, el('span', { 'data-i18n': labelKey, text: t(labelKey) }), input), input };
}

export function select(id, labelKey, options) {
  const input = el('select', { id, name: id }, ...options.map(([value, key]) => el('option', { value, 'data-i18n': key, text: t(key) })));
  return { label: el('label', { for: id }, el('span', { 'data-i18n': labelKey, text: t(labelKey) }), input), input };
}

export const text = (key, values) => el('span', { 'data-i18n': key, text: t(key, values) });

export const button = (key, attributes = {}) => el('button', { type: 'button', 'data-i18n': key, text: t(key), ...attributes });
