// The REST API is the source of truth; pages only read it and post what people decide.
export class ApiError extends Error {
  constructor(problem, status) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
  }
}

export async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(json, response.status);
  return json;
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
