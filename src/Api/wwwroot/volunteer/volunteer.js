import { get, post, put, escapeHtml } from '/shared/api.js';
import { t, useStrings, toggleLanguage, onLanguageChange } from '/shared/i18n.js';
import { LiveConnection } from '/shared/live.js';
import { coalesced } from '/shared/coalesce.js';
import { startSession, useSession, token, onSignedOut, keepToken } from '/shared/session.js';
import strings from './strings.js';
import { takeAlerts, renderAlerts } from './alerts.js';
import { showProblem, clearProblem } from '/shared/problem.js';

const $ = id => document.getElementById(id);
// Who the volunteer is comes from the token of their sign-in link; the server checks it on every call.
onSignedOut(showSignedOut);
const volunteerId = ((await redeemEnrolment()) ?? startSession('volunteer'))?.volunteerId;
const view = { profile: null, status: null, offers: [], summary: null, checkedIn: false };

useStrings(strings);
$('language').onclick = toggleLanguage;
onLanguageChange(render);
onLanguageChange(renderAlerts);

if (volunteerId) start();
else showSignedOut();

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
  const stream = `volunteer/${volunteerId}`;
  const live = new LiveConnection({
    url: '/hubs/volunteer',
    accessToken: token,
    catchUp: (_, after) => live.invoke('CatchUp', after),
    onEvents: events => {
      const offered = events.filter(e => e.kind === 'offer-sent');
      if (offered.length) alertVolunteer('newOffer', offered.every(e => e.exercise) ? offered[0].marking : null);
      if (takeAlerts(events)) alertVolunteer('newAlert');
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
    [view.profile, view.status, view.summary] = await Promise.all([get(base), get(`${base}/status`), get(`${base}/service-record`)]);
    const perTeam = await Promise.all(view.profile.teams.map(team => get(`/api/teams/${encodeURIComponent(team)}/offers`)
      .then(offers => offers.map(o => ({ ...o, team })))));
    view.offers = perTeam.flat().sort((a, b) => b.offer.sentAt.localeCompare(a.offer.sentAt)).slice(0, 6);
    const lastEntry = view.summary.ledger.at(-1);
    view.checkedIn = lastEntry?.kind === 'CheckIn' && lastEntry.incident === view.status.currentIncident;
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
    ...view.offers.filter(o => o.status === 'Open').map(o => o.offer.expiresAt)].filter(Boolean).map(Date.parse);
  if (!deadlines.length) return;
  try {
    const clock = await get('/health/clock');
    const now = Date.parse(clock.now);
    const next = Math.min(...deadlines.filter(at => at > now));
    const wait = (next - now) / clock.rate;
    if (Number.isFinite(wait) && wait < 86_400_000) deadlineTimer = setTimeout(refresh, wait + 250);
  } catch {
    // The next event or action reloads anyway.
  }
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
  renderOffers();
  renderTask();
  $('hours-total').textContent = view.summary.serviceHours.toFixed(2);
  $('hours-drill').textContent = hours(view.summary.exerciseTime);
  $('tasks-count').textContent = view.summary.tasks;
}

function renderOffers() {
  const cards = view.offers.map(o => {
    const mine = o.answers.filter(a => a.volunteer === volunteerId).at(-1);
    const open = o.status === 'Open' && !mine;
    const state = o.status === 'Open' && mine ? t(mine.answer === 'Accept' ? 'answeredAccept' : 'answeredDecline') : t(o.status);
    const actions = open ? `<div class="row">
        <label>${t('eta')} <input type="number" min="0" max="1440" value="15" data-eta></label>
        <button class="good" data-answer="Accept">${t('accept')}</button>
        <button data-answer="Decline">${t('decline')}</button></div>` : `<p class="offer-status">${escapeHtml(state)}</p>`;
    return `<article class="offer ${open ? '' : 'closed'}" data-offer="${escapeHtml(o.offer.offer)}" data-team="${escapeHtml(o.team)}">
      <h3>${escapeHtml(o.offer.incidentType)} ${o.offer.exercise ? `<span class="badge drill">${t('drill')}</span>` : ''}</h3>
      <div>${t('capability')}: ${escapeHtml(o.offer.capability)} · ${o.offer.place.latitude.toFixed(4)}, ${o.offer.place.longitude.toFixed(4)}</div>
      <div class="muted">${t('answerBy', { time: new Date(o.offer.expiresAt).toLocaleTimeString() })}</div>${actions}</article>`;
  });
  $('offers').innerHTML = `<h2>${t('offersTitle')}</h2>${cards.join('') || `<p class="muted">${t('noOffers')}</p>`}`;
}

function renderTask() {
  const incident = view.status.currentIncident;
  $('task').hidden = !incident;
  if (!incident) return;
  const drill = view.offers.some(o => o.offer.incident === incident && o.offer.exercise);
  $('task-text').textContent = (drill ? t('drill') + ' ' : '') + t('taskText', { incident, team: view.status.currentTeam });
  $('check-in').disabled = view.checkedIn;
  $('check-out').disabled = !view.checkedIn;
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

function alertVolunteer(title = 'newOffer', marking = null) {
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
  setTimeout(() => { document.title = 'Mobilize · 志愿者'; }, 10_000);
}

const hours = span => {
  const [h, m] = String(span).split(':');
  const days = h.includes('.') ? Number(h.split('.')[0]) * 24 + Number(h.split('.')[1]) : Number(h);
  return (days + Number(m) / 60).toFixed(2);
};

function showError(message) {
  $('error').textContent = message;
}
