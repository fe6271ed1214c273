// Who is signed in on this page. A sign-in link carries the token in the URL fragment (#token=…), which browsers never
// send to a server or write to its logs; the page moves it into storage at once and removes it from the address bar.
// Each page keeps its own token, so a commander can also try the volunteer app in the same browser.
let storageKey = null;
let signedOutListener = () => {};

/** Reads a token from the fragment or from storage; returns its claims, or null when there is none. */
export function startSession(page) {
  useSession(page);
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromLink = fragment.get('token');
  if (fromLink) {
    localStorage.setItem(storageKey, fromLink);
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  }
  const claims = readClaims(token());
  if (!claims) signOut();
  return claims;
}

/** Chooses the page's storage without judging what it holds: a page about to redeem an enrolment has no token yet, and
 * that is not a sign-out. */
export function useSession(page) {
  storageKey = `mobilize.token.${page}`;
}

export const token = () => (storageKey && localStorage.getItem(storageKey)) || null;

/** Forget the token (expired, revoked, or the person signs out) and tell the page to show its signed-out state. */
export function signOut() {
  if (storageKey) localStorage.removeItem(storageKey);
  signedOutListener();
}

export function onSignedOut(listener) {
  signedOutListener = listener;
}

/** Remember a token handed over by the server itself (an enrolment redeemed on this page). */
export function keepToken(value) {
  localStorage.setItem(storageKey, value);
  return readClaims(value);
}

// The payload is read only to know who we are; the server checks signature and expiry on every call and answers 401
// when the token is no good. Expiry is not judged here: a phone's clock is too often wrong.
function readClaims(value) {
  if (!value) return null;
  try {
    const payload = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), c => c.charCodeAt(0))));
  } catch {
    return null;
  }
}
