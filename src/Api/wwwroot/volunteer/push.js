// Installing the app's service worker (offline shell, notifications while the page is closed) and the Web Push
// subscription of this phone for the signed-in volunteer.
import { api, get, post } from '/shared/api.js';

const SUBSCRIBE_WAIT = 15_000;
let registration = null;

/** Registers the service worker; null where the browser has none (then the page still works, without push). */
export async function registerWorker() {
  if (!('serviceWorker' in navigator)) return null;
  try {
    // Offline the update check cannot reach the server; the installed worker serves the shell meanwhile.
    const installed = await navigator.serviceWorker.getRegistration('/volunteer/');
    if (installed && !navigator.onLine) return (registration = installed);
    registration = await navigator.serviceWorker.register('/volunteer/sw.js', { scope: '/volunteer/', type: 'module' });
    return registration;
  } catch {
    return null;
  }
}

/** The service worker shows notifications while the page is closed, in the page's language. */
export async function tellLanguage(language) {
  const worker = (await navigator.serviceWorker?.ready)?.active;
  worker?.postMessage({ type: 'language', language });
}

/** 'unsupported' | 'denied' | 'off' | 'page' (the Notification API while the page is open) | 'push' (also when closed). */
export async function notificationState() {
  if (!registration || !('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission !== 'granted') return 'off';
  const subscription = await registration.pushManager?.getSubscription().catch(() => null);
  return subscription ? 'push' : 'page';
}

/** Asks for permission, subscribes with the server's VAPID key and registers the subscription for the volunteer. A
 * browser whose push service cannot be reached still notifies while the page is open ('page'). */
export async function turnOn(volunteerId) {
  if (!registration || !('Notification' in window)) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  const base = `/api/volunteers/${encodeURIComponent(volunteerId)}/push-subscriptions`;
  const { vapidPublicKey } = await get(base);
  let subscription;
  try {
    subscription = await Promise.race([
      registration.pushManager.getSubscription().then(s => s ?? registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: fromBase64Url(vapidPublicKey),
      })),
      new Promise((_, reject) => setTimeout(() => reject(new Error('push service did not answer')), SUBSCRIBE_WAIT)),
    ]);
  } catch {
    return 'page';
  }
  const { endpoint, keys } = subscription.toJSON();
  await post(base, { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
  return 'push';
}

/** Removes this phone's subscription from the server and from the browser. */
export async function turnOff(volunteerId) {
  const subscription = await registration?.pushManager?.getSubscription().catch(() => null);
  if (!subscription) return;
  const base = `/api/volunteers/${encodeURIComponent(volunteerId)}/push-subscriptions`;
  const mine = (await get(base)).subscriptions.find(s => s.endpoint === subscription.endpoint);
  if (mine) await api('DELETE', `${base}/${mine.id}`);
  await subscription.unsubscribe();
}

/** While the page is open but not in front, what arrives live is shown as a notification too. */
export function notifyInPage(title, options) {
  if (document.visibilityState === 'visible' || !registration || !('Notification' in window) || Notification.permission !== 'granted') return;
  registration.showNotification(title, { icon: '/volunteer/icon-192.png', ...options }).catch(() => {});
}

/** Calls `listener(offerId)` when a tapped notification asks the open page to show an offer. */
export function onOpenOffer(listener) {
  navigator.serviceWorker?.addEventListener('message', event => {
    if (event.data?.type === 'open-offer') listener(event.data.offer);
  });
  // Messages wait in a queue until the page says it listens (or its document has loaded).
  navigator.serviceWorker?.startMessages();
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - text.length % 4) % 4);
  return Uint8Array.from(atob(base64), c => c.charCodeAt(0));
}
