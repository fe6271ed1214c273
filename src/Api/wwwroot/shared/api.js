// The REST API is the source of truth; pages only read it and post what people decide. Every call carries the
// page's token; a 401 means it is gone or expired, and the page shows its signed-out state.
import { token, signOut } from '/shared/session.js';

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
  }
}

export async function api(method, url, body) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401) signOut();
  if (!response.ok) throw new ApiError(json, response.status);
  return json;
}

/**
 * Opens a page of the API (an after-action report) in a new tab. A tab cannot send the Authorization header and the
 * token must never sit in a URL, so the page fetches the document with the header and the tab shows a local copy.
 * The tab is opened at once, while the click still counts as the person's own (a browser blocks pop-ups opened later).
 */
export async function openDocument(url) {
  const tab = window.open('', '_blank');
  try {
    const response = await fetch(url, { headers: token() ? { Authorization: `Bearer ${token()}` } : {} });
    if (response.status === 401) signOut();
    if (!response.ok) {
      const text = await response.text();
      throw new ApiError(text ? JSON.parse(text) : null, response.status);
    }
    const copy = URL.createObjectURL(await response.blob());
    if (tab) tab.location.href = copy;
    else location.assign(copy);
    // The tab has loaded it long before; the copy is not kept in memory for the dashboard's whole day.
    setTimeout(() => URL.revokeObjectURL(copy), 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}

export const get = url => api('GET', url);
export const post = (url, body) => api('POST', url, body);
export const put = (url, body) => api('PUT', url, body);

/** A short id a person can read back over the radio, unique enough for one organisation's day. */
export function newId(prefix) {
  const stamp = new Date().toISOString().slice(2, 10).replaceAll('-', '');
  return `${prefix}-${stamp}-${crypto.randomUUID().slice(0, 6)}`;
}

export const escapeHtml = value => String(value ?? '').replace(/[&<>"']/g, c =>
  ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
