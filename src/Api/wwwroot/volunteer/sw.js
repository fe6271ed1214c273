// The volunteer app's service worker: the app shell kept for opening offline, and the notifications a push brings
// while the page is closed. Registered as a module from /volunteer/ (scope /volunteer/).
import { notifications, incidentTypes, capabilities, severities, word, localTime } from './labels.js';

const SHELL = 'mobilize-volunteer-shell-v1';
const SETTINGS = 'mobilize-volunteer-settings';
const FILES = ['/volunteer/', '/volunteer/volunteer.js', '/volunteer/strings.js', '/volunteer/labels.js', '/volunteer/alerts.js',
  '/volunteer/offers.js', '/volunteer/clock.js', '/volunteer/task.js', '/volunteer/history.js', '/volunteer/push.js', '/volunteer/volunteer.css',
  '/volunteer/manifest.webmanifest', '/volunteer/icon-192.png', '/volunteer/icon-512.png',
  '/shared/api.js', '/shared/i18n.js', '/shared/live.js', '/shared/coalesce.js', '/shared/session.js', '/shared/strings.js',
  '/shared/problem.js', '/shared/base.css', '/lib/signalr.min.js'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(SHELL).then(cache => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(names => Promise.all(names.filter(n => n !== SHELL && n !== SETTINGS).map(n => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// The page's own files: from the network first (a new release is seen at once), from the cache when there is none.
// The API, the hubs and health are never cached: they answer one person, now.
self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  if (!FILES.includes(url.pathname) && !(event.request.mode === 'navigate' && url.pathname.startsWith('/volunteer/'))) return;
  event.respondWith(fromNetworkElseShell(event.request, url));
});

async function fromNetworkElseShell(request, url) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(url.pathname, response.clone());
    return response;
  } catch (offline) {
    const kept = await cache.match(url.pathname) ?? (request.mode === 'navigate' ? await cache.match('/volunteer/') : undefined);
    if (kept) return kept;
    throw offline;
  }
}

// The page tells which language the volunteer reads, so a notification shown while it is closed is in that language.
self.addEventListener('message', event => {
  if (event.data?.type === 'language') {
    event.waitUntil(caches.open(SETTINGS).then(c => c.put('/volunteer/language', new Response(event.data.language))));
  }
});

async function language() {
  const kept = await (await caches.open(SETTINGS)).match('/volunteer/language');
  return kept ? kept.text() : 'zh';
}

self.addEventListener('push', event => {
  event.waitUntil(show(event.data ? event.data.json() : {}));
});

async function show(push) {
  const lang = await language();
  const say = key => word(notifications, key, lang);
  const drill = push.exercise ? say('drill') : '';
  if (push.kind === 'alert') {
    return self.registration.showNotification(drill + say('alert'), {
      body: push.detail ?? '', tag: `alert-${push.sequence}`, data: { url: push.url ?? '/volunteer/' },
      icon: '/volunteer/icon-192.png', badge: '/volunteer/icon-192.png', requireInteraction: push.level === 'Red',
    });
  }
  const what = [push.incidentType && word(incidentTypes, push.incidentType, lang), push.severity && word(severities, push.severity, lang)]
    .filter(Boolean).join(' · ');
  const where = [push.placeName, push.capability && word(capabilities, push.capability, lang)].filter(Boolean).join(' · ');
  const by = push.expiresAt ? say('answerBy').replace('{time}', localTime(push.expiresAt, lang)) : '';
  return self.registration.showNotification(`${drill}${say('offer')}${what ? (lang === 'en' ? ': ' : '：') + what : ''}`, {
    body: [where, by].filter(Boolean).join('\n'), tag: `offer-${push.offer}`, renotify: true, requireInteraction: true,
    data: { url: push.url ?? '/volunteer/', offer: push.offer }, icon: '/volunteer/icon-192.png', badge: '/volunteer/icon-192.png',
    vibrate: [300, 150, 300],
  });
}

// A tap opens the offer: in the volunteer's open page when there is one, else in a new one.
self.addEventListener('notificationclick', event => {
  event.notification.close();
  event.waitUntil(open(event.notification.data ?? {}));
});

async function open(data) {
  const pages = await self.clients.matchAll({ type: 'window' });
  const page = pages.find(p => new URL(p.url).pathname.startsWith('/volunteer/'));
  if (!page) return self.clients.openWindow(data.url ?? '/volunteer/');
  page.postMessage({ type: 'open-offer', offer: data.offer ?? null });
  try {
    await page.focus();
  } catch {
    // Only a real tap may bring a window forward; the page has the offer up either way.
  }
}
