import { get, post, put, escapeHtml } from '/shared/api.js';
import { t, useStrings, toggleLanguage, onLanguageChange, currentLanguage } from '/shared/i18n.js';
import { LiveConnection } from '/shared/live.js';
import { coalesced } from '/shared/coalesce.js';
import { startSession, useSession, token, onSignedOut, keepToken } from '/shared/session.js';
import strings from './strings.js';
import { takeAlerts, renderAlerts } from './alerts.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { renderOffers, showOffer } from './offers.js';
import { renderTask } from './task.js';
import { renderHistory, hours } from './history.js';
import { syncClock, serverNow, clockRate } from './clock.js';
import { registerWorker, tellLanguage, notificationState, turnOn, turnOff, notifyInPage, onOpenOffer } from './push.js';
import { notifications, word } from './labels.js';

const $ = id => document.getElementById(id);
// Who the volunteer is comes from the token of their sign-in link; the server checks it on every call.
onSignedOut(showSignedOut);
const volunteerId = ((await redeemEnrolment()) ?? startSession('volunteer'))?.volunteerId;
const view = { profile: null, status: null, offers: [], summary: null };

useStrings(strings);
$('language').onclick = toggleLanguage;
onLanguageChange(render);
onLanguageChange(renderAlerts);
onLanguageChange(language => { tellLanguage(language); renderNotifyState(); });

// Installed once, whatever else happens: the shell it keeps is what opens when the phone has no network.
const worker = registerWorker().then(registration => { tellLanguage(currentLanguage()); return registration; });
// A notification tapped while the page is open, or a page opened from one (#offer=…): the card comes forward.
let wantedOffer = new URLSearchParams(location.hash.slice(1)).get('offer');
onOpenOffer(offer => { wantedOffer = offer; if (showOffer(offer)) wantedOffer = null; else refresh(); });
window.addEventListener('hashchange', () => {
  const offer = new URLSearchParams(location.hash.slice(1)).get('offer');
  if (offer && showOffer(offer)) wantedOffer = null;
});

// Opened without a network (from the home screen, in a basement): the shell says so and starts once the network is back.
if (!volunteerId) showSignedOut();
else if (navigator.onLine) start();
else {
  $('offline-note').hidden = false;
  window.addEventListener('online', () => { $('offline-note').hidden = true; start(); }, { once: true });
}
window.addEventListener('offline', () => { $('offline-note').hidden = false; });
window.addEventListener('online', () => { $('offline-note').hidden = true; });

// A one-time enrolment link (#enrol=CODE) is traded for the volunteer's own token; a used or expired link says so.
async function redeemEnrolment() {
  const code = new URLSearchParams(location.hash.slice(1)).get('enrol');
  if (!code) return null;
  history.replaceState(null, '', location.pathname + location.search);
  // Not startSession: with no token stored yet it would sign out, and the page would keep its signed-out sections hidden.
  useSession('volunteer');
  try {
    const redeemed = await post(`/api/enrolments/${encodeURIComponent(code)}/redemption`);
    return keepToken(redeemed.token);
  } catch (error) {
    showProblem(error, { line: $('enrol-error'), scope: document.body });
    return null;
  }
}

function showSignedOut() {
  $('signed-out').hidden = false;
  for (const id of ['me', 'offers', 'task', 'hours']) $(id).hidden = true;
}

// Every section showSignedOut hides comes back here, so no path into the page (a link, storage, an enrolment) leaves
// one of them hidden; the task section follows the volunteer's deployment instead (renderTask).
function showSignedIn() {
  $('signed-out').hidden = true;
  for (const id of ['me', 'offers', 'hours']) $(id).hidden = false;
}

async function start() {
  $('signed-out').hidden = true;
  // Before anything can render: an offer that arrives while the page loads must answer the first tap.
  wireActions();
  renderNotifyState();
  const stream = `volunteer/${volunteerId}`;
  const live = new LiveConnection({
    url: '/hubs/volunteer',
    accessToken: token,
    catchUp: (_, after) => live.invoke('CatchUp', after),
    onEvents: events => {
      const offered = events.filter(e => e.kind === 'offer-sent');
      if (offered.length) alertVolunteer('newOffer', offered.every(e => e.exercise) ? offered[0].marking : null, offered.at(-1));
      const alerts = events.filter(e => e.kind === 'alert');
      if (takeAlerts(events)) alertVolunteer('newAlert', null, alerts.at(-1));
      refresh();
    },
    onSnapshot: () => refresh(),
    onState: state => { $('connection').dataset.state = state; $('connection').dataset.i18n = state; $('connection').textContent = t(state); },
  });
  await live.start();
  // The sequence before the snapshot: whatever happens while it loads arrives as an event and reloads again.
  live.track(stream, await live.invoke('LastSequence'));
  // Alerts sent before the page opened are still in the feed's replay buffer: show them, quietly.
  takeAlerts(await replayed(live));
  await refresh();
}

/** What the feed still holds of the volunteer's stream, asked page by page as the hub answers. */
async function replayed(live) {
  const events = [];
  for (let after = 0; ;) {
    const page = await live.invoke('CatchUp', after);
    events.push(...page.events);
    if (!page.more || !page.events.length) return events;
    after = page.events.at(-1).sequence;
  }
}

const refresh = coalesced(load);
let loadFailed = false;

async function load() {
  try {
    const base = `/api/volunteers/${encodeURIComponent(volunteerId)}`;
    [view.profile, view.status, view.summary, view.offers] = await Promise.all([get(base), get(`${base}/status`),
      get(`${base}/service-record`), get(`${base}/offers`), syncClock()]);
    // A failed reload's message goes once one succeeds; an action's refusal stays until the next action.
    if (loadFailed) clearProblem({ line: $('error'), scope: document.body });
    loadFailed = false;
  } catch (error) {
    loadFailed = true;
    showProblem(error, { line: $('error'), scope: document.body });
  }
  render();
  await reloadAtNextDeadline();
}

// Some changes come from the clock rather than an event: a rest period or an on-call shift ends, an offer runs out. The
// server's clock decides (a phone's is often wrong, a drill's may run fast), so the page asks it when the next one falls.
let deadlineTimer = null;
async function reloadAtNextDeadline() {
  clearTimeout(deadlineTimer);
  if (!view.status) return;
  const deadlines = [view.status.restUntil, view.status.onCallUntil,
    ...view.offers.filter(c => c.offer.status === 'Open').map(c => c.offer.offer.expiresAt)].filter(Boolean).map(Date.parse);
  if (!deadlines.length) return;
  // The clock was read with this load (syncClock), so the wait follows the server's time and rate.
  const now = serverNow();
  const next = Math.min(...deadlines.filter(at => at > now));
  const wait = (next - now) / clockRate();
  if (Number.isFinite(wait) && wait < 86_400_000) deadlineTimer = setTimeout(refresh, wait + 250);
}

function render() {
  if (!view.profile) return;
  showSignedIn();
  $('name').textContent = view.profile.realName;
  $('teams').textContent = t('teams', { teams: view.profile.teams.join(', ') });
  $('duty-status').textContent = t(view.status.status);
  const spot = view.status.location;
  $('location-text').textContent = spot
    ? `${spot.point.latitude.toFixed(5)}, ${spot.point.longitude.toFixed(5)}${view.status.locationFresh ? '' : t('stale')}`
    : t('noLocation');
  renderOffers($('offers'), view.offers, volunteerId);
  renderTask(view, volunteerId);
  $('hours-total').textContent = view.summary.serviceHours.toFixed(2);
  $('hours-drill').textContent = hours(view.summary.exerciseTime);
  $('tasks-count').textContent = view.summary.tasks;
  renderHistory(view);
  if (wantedOffer && showOffer(wantedOffer)) wantedOffer = null;
}

let notify = 'off';
async function renderNotifyState(state) {
  if (state) notify = state;
  else {
    await worker;
    notify = await notificationState();
  }
  $('notify-state').textContent = t(`notify.${notify}`);
  $('notify-on').hidden = notify === 'push' || notify === 'unsupported' || notify === 'denied';
  $('notify-off').hidden = notify !== 'push';
}

function wireActions() {
  document.querySelectorAll('[data-duty]').forEach(button => button.onclick = () =>
    act(() => put(`/api/volunteers/${encodeURIComponent(volunteerId)}/duty`, { status: button.dataset.duty })));
  $('share-location').onclick = () => navigator.geolocation
    ? navigator.geolocation.getCurrentPosition(
      p => report(p.coords.latitude, p.coords.longitude, p.coords.accuracy),
      () => showError(t('locationDenied')), { enableHighAccuracy: true, timeout: 10_000 })
    : showError(t('locationDenied'));
  // An empty box is no coordinate (Number('') would be 0, a place in the Gulf of Guinea): the server says it is required.
  const coordinate = input => input.value.trim() === '' ? null : Number(input.value);
  $('manual-location').onclick = () => report(coordinate($('lat')), coordinate($('lon')), 50);
  $('notify-on').onclick = () => act(async () => renderNotifyState(await turnOn(volunteerId)));
  $('notify-off').onclick = () => act(async () => { await turnOff(volunteerId); await renderNotifyState(); });
  $('offers').onclick = e => {
    const button = e.target.closest('[data-answer]');
    if (!button) return;
    const card = button.closest('[data-offer]');
    const etaInput = card.querySelector('[data-eta]');
    const eta = etaInput.value.trim() === '' ? null : Number(etaInput.value);
    act(() => post(`/api/teams/${encodeURIComponent(card.dataset.team)}/offers/${encodeURIComponent(card.dataset.offer)}/answers`,
      { volunteerId, answer: button.dataset.answer, etaMinutes: button.dataset.answer === 'Accept' ? eta : null }),
    { etaMinutes: etaInput });
  };
  const attendance = kind => () => act(() => post(`/api/incidents/${encodeURIComponent(view.status.currentIncident)}/${kind}`,
    { volunteerId, teamId: view.status.currentTeam }));
  $('check-in').onclick = attendance('check-ins');
  $('check-out').onclick = attendance('check-outs');
}

function report(latitude, longitude, accuracyMeters) {
  act(() => put(`/api/volunteers/${encodeURIComponent(volunteerId)}/location`, { latitude, longitude, accuracyMeters }),
    { latitude: 'lat', longitude: 'lon', accuracyMeters: 'share-location', reportedAt: 'share-location' });
}

/** Sends what the volunteer decided; a refusal is shown beside the inputs it names (fields: server name → input). */
async function act(call, fields = {}) {
  const where = { line: $('error'), scope: document.body, fields };
  clearProblem(where);
  try {
    await call();
    await refresh();
  } catch (error) {
    showProblem(error, where);
  }
}

function alertVolunteer(title = 'newOffer', marking = null, event = null) {
  navigator.vibrate?.([300, 150, 300]);
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.frequency.value = 880;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  } catch {
    // Browsers refuse sound before the first tap; the red card and vibration still show the offer.
  }
  document.title = `🔔 ${marking ? marking + ' ' : ''}${t(title)}`;
  // Open but behind another app or tab: the phone's own notification says it too.
  const lang = currentLanguage();
  notifyInPage(`${marking ? marking + ' ' : ''}${word(notifications, title === 'newOffer' ? 'offer' : 'alert', lang)}`, {
    body: event?.kind === 'alert' ? event.detail ?? '' : '', tag: event?.offer ? `offer-${event.offer}` : `alert-${event?.sequence}`,
    data: { url: event?.offer ? `/volunteer/#offer=${encodeURIComponent(event.offer)}` : '/volunteer/', offer: event?.offer ?? null },
  });
  setTimeout(() => { document.title = 'Mobilize · 志愿者'; }, 10_000);
}


function showError(message) {
  $('error').textContent = message;
}
