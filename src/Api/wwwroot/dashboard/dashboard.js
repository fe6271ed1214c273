import { get, post, openDocument } from '/shared/api.js';
import { t, useStrings, toggleLanguage, onLanguageChange } from '/shared/i18n.js';
import { LiveConnection } from '/shared/live.js';
import { coalesced } from '/shared/coalesce.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { createMap } from './map.js';
import { createLaunch } from './launch.js';
import { createAttention } from './attention.js';
import { incidentCard, arrange, incidentTypeLabel } from './incidents.js';
import { createFeed } from './feed.js';
import { createUnitBoard } from './units.js';
import { setOptions } from './options.js';
import strings from './strings.js';
import { mountExercises, loadExercises, renderExercises } from './exercises.js';
import exerciseStrings from './exercises.strings.js';
import { startSession, token, onSignedOut } from '/shared/session.js';

const $ = id => document.getElementById(id);
const query = new URLSearchParams(location.search);
// A commander's or observer's jurisdiction comes from their token; an administrator may open any organisation (?org=).
onSignedOut(showSignedOut);
const claims = startSession('dashboard');
let organisation = claims?.organisationId ?? (claims?.role === 'administrator' ? query.get('org') : null);
// What this role may do, as docs/access.md grants it: observers watch (cards, explain, timeline, reports); commanders
// and administrators also launch and stand down. The server refuses the rest anyway; the page does not offer it.
const may = {
  command: ['administrator', 'commander'].includes(claims?.role),
};

// As many as the server keeps in an organisation's list (OrganisationIncidents.Kept).
const LISTED = 500;
const incidents = new Map();
const details = new Map();
let selected = null;
let map;
let live;
let attention;
// The jurisdiction's districts (for the filters) and which district each organisation lies in.
let districts = [];
const districtOf = new Map();
const feed = createFeed($('feed'), id => incidents.get(id));
let units;
const filter = { state: 'live', kind: 'all', type: '', district: '', search: '', sort: 'newest' };

useStrings({ zh: { ...strings.zh, ...exerciseStrings.zh }, en: { ...strings.en, ...exerciseStrings.en } });
$('language').onclick = toggleLanguage;
onLanguageChange(() => { renderAll(); renderDrillClock(); renderExercises(); attention?.refresh(); });

if (!claims) {
  showSignedOut();
} else if (!organisation) {
  $('choose-org').onsubmit = e => { e.preventDefault(); location.search = `?org=${encodeURIComponent($('org-id').value.trim())}`; };
  landOnTopOrganisation();
} else {
  start();
}

// An administrator who followed the start-up link names no organisation: open the deployment's top one (the oldest
// city), and ask only when the tree is still empty.
async function landOnTopOrganisation() {
  const tree = claims.role === 'administrator' ? await get('/api/organisation-tree').catch(() => null) : null;
  const top = tree?.roots?.[0];
  if (!top) { $('choose-org').hidden = false; return; }
  organisation = top.id;
  history.replaceState(null, '', `${location.pathname}?org=${encodeURIComponent(top.id)}${location.hash}`);
  start();
}

function showSignedOut() {
  $('signed-out').hidden = false;
  $('layout').hidden = true;
  $('choose-org').hidden = true;
}

async function start() {
  $('layout').hidden = false;
  // The administration page opens the same organisation (an administrator's ?org=).
  $('to-admin').search = location.search;
  $('create').hidden = !may.command;
  // Before the first await: a form shown without its handler would submit itself as a page reload.
  const launch = createLaunch({ organisation, map: { pick: (lat, lon) => map?.pick(lat, lon) }, onLaunched: async id => { selected = id; await follow(id); } });
  $('incidents').onclick = onIncidentClick;
  attention = createAttention({ onChange: renderIncidents });
  units = createUnitBoard($('units'), organisation, () => districts, () => { renderIncidents(); feed.render(); });
  for (const [id, key] of [['incident-search', 'search'], ['incident-state', 'state'], ['incident-kind', 'kind'], ['incident-type', 'type'],
    ['incident-district', 'district'], ['incident-sort', 'sort']])
    $(id).oninput = e => { filter[key] = e.target.value; renderIncidents(); };
  const exercisesShown = mountExercises(organisation, may.command);
  // The jurisdiction's own districts frame the map and name the places a launch can pick.
  const area = await get(`/api/organisations/${encodeURIComponent(organisation)}/area`).catch(() => null);
  map = await createMap($('map'), { region: query.get('region'), area, onPick: (lat, lon) => launch.picked(lat, lon) });
  await launch.load(area);
  loadPositions();
  await showDrillClock();
  const orgStream = `organisation/${organisation}`;
  live = new LiveConnection({
    url: '/hubs/command',
    accessToken: token,
    catchUp: (stream, after) => live.invoke('CatchUp', stream, after),
    onEvents: onEvents,
    onSnapshot: stream => stream === orgStream ? loadOrganisation() : loadIncident(stream.slice('incident/'.length)),
    onState: state => { $('connection').dataset.state = state; $('connection').dataset.i18n = state; $('connection').textContent = t(state); },
  });
  // After a reconnect the server has forgotten our groups: join them again before catching up.
  live.rejoin = async () => {
    await live.invoke('JoinOrganisation', organisation);
    const ids = [...incidents.keys()];
    const sequences = ids.length ? await live.invoke('JoinIncidents', ids) : [];
    // One that never got its sequence (the connection dropped while joining) starts from now and reloads its card.
    ids.forEach((id, i) => { if (!live.last.has(`incident/${id}`)) { live.track(`incident/${id}`, sequences[i]); reload(id); } });
  };
  await live.start();
  try {
    live.track(orgStream, await live.invoke('JoinOrganisation', organisation));
    await loadOrganisation();
    await exercisesShown;
  } catch (error) {
    // An administrator may have typed an organisation that does not exist (?org=): say so instead of an empty page.
    showProblem(error, { line: $('incidents-error'), scope: $('incidents') });
  }
}

async function loadOrganisation() {
  const view = await get(`/api/organisations/${encodeURIComponent(organisation)}`);
  $('org-name').textContent = view.node.name;
  districts = await get(`/api/organisations/${encodeURIComponent(organisation)}/districts`);
  for (const d of districts) for (const o of d.organisations) districtOf.set(o, d);
  units.refresh();
  // The jurisdiction's incidents and its districts', drills included (their cards carry the 演练 badge): all the server
  // keeps, joined in one hub call and followed from the sequence it returns, as for the organisation. Not replayed from
  // the start: replaying every incident's feed at once is what overran the connection once a jurisdiction had a few
  // dozen incidents, and the cards come from REST.
  const listed = await get(`/api/organisations/${encodeURIComponent(organisation)}/incidents?exercises=include&limit=${LISTED}`);
  const fresh = listed.map(incident => incident.id).filter(id => !incidents.has(id));
  fresh.forEach(id => incidents.set(id, null));
  try {
    const sequences = fresh.length ? await live.invoke('JoinIncidents', fresh) : [];
    fresh.forEach((id, i) => live.track(`incident/${id}`, sequences[i]));
  } catch {
    // The connection dropped: its reconnect joins them (rejoin).
  }
  await Promise.all(fresh.map(loadIncident));
  // The first full picture, for the dashboard benchmark (tools/dashboard-bench): drawn now, not on the next timer.
  if (!performance.getEntriesByName('mobilize:first-render').length) {
    drawIncidents();
    performance.mark('mobilize:first-render');
  }
}

async function follow(id) {
  if (incidents.has(id)) return;
  incidents.set(id, null);
  try {
    // An incident that opened while the page watched: its feed from the start (a few events, paged anyway), so the
    // offers sent before the page joined its stream show in the feed too. The incidents listed on opening the page
    // are not replayed (loadOrganisation): their REST snapshots tell the story.
    await live.invoke('JoinIncident', id);
    live.track(`incident/${id}`, 0);
    await live.catchUpStream(`incident/${id}`);
  } catch {
    // The connection dropped: its reconnect joins every incident in the list again and catches each one up.
  }
  await loadIncident(id);
}

async function loadIncident(id) {
  try {
    const asked = performance.now();
    incidents.set(id, await get(`/api/incidents/${encodeURIComponent(id)}`));
    loadedAt.set(id, asked);
    const open = details.get(id);
    if (open) details.set(id, { kind: open.kind, data: await get(detailUrl(id, open.kind)) });
  } catch {
    // Gone or unreadable right now: drop the card rather than show an empty one; the next event brings it back.
    incidents.delete(id);
  }
  renderIncidents();
}

const reloaders = new Map();
function reload(id) {
  if (!reloaders.has(id)) reloaders.set(id, coalesced(() => loadIncident(id)));
  reloaders.get(id)();
}

function onEvents(events) {
  for (const event of events) {
    if (event.stream.startsWith('organisation/')) {
      // The organisation's stream tells what is new; each incident's own stream carries its story.
      if (event.kind === 'incident-created') { follow(event.incident); if (event.exercise) loadExercises(); }
      if (event.kind === 'team-status' && event.team) { units.refresh(); loadPositions(); }
      continue;
    }
    attention.note(event);
    feed.add(event);
    if (!arrivals.has(event.incident)) arrivals.set(event.incident, performance.now());
    // A team holding an offer is "offered" on the board; the team says nothing on the organisation's stream for that.
    if (event.kind.startsWith('offer-')) units.refresh();
    reload(event.incident);
  }
}

// A drill server's clock may run faster than the wall clock; it then opens exercises only, and the page says so.
let drillClockRate = 1;
async function showDrillClock() {
  const clock = await get('/health/clock');
  if (!clock.exercisesOnly) return;
  drillClockRate = clock.rate;
  $('drill-clock').hidden = false;
  $('exercise').checked = true;
  $('exercise').disabled = true;
  renderDrillClock();
}

function renderDrillClock() {
  if (drillClockRate !== 1) $('drill-clock').textContent = t('drillClock', { rate: drillClockRate });
}

async function onIncidentClick(e) {
  const card = e.target.closest('[data-incident]');
  if (!card) return;
  const id = card.dataset.incident;
  selected = id;
  attention.acknowledge(id);
  const action = e.target.closest('[data-action]')?.dataset.action;
  const where = { line: $('incidents-error'), scope: $('incidents') };
  clearProblem(where);
  try {
    if (action === 'stand-down') {
      if (!confirm(t('confirmStandDown'))) return;
      await post(`/api/incidents/${encodeURIComponent(id)}/stand-down`);
    } else if (action === 'report') {
      const exercise = incidents.get(id)?.exerciseId;
      if (exercise) await openDocument(`/api/exercises/${encodeURIComponent(exercise)}/report.html`);
      return;
    } else if (action === 'explain' || action === 'timeline' || action === 'responders') {
      if (details.get(id)?.kind === action) details.delete(id);
      else details.set(id, { kind: action, data: await get(detailUrl(id, action)) });
    }
  } catch (error) {
    showProblem(error, where);
  }
  incidents.get(id) && map.focus(incidents.get(id));
  await loadIncident(id);
}

const detailUrl = (id, kind) => `/api/incidents/${encodeURIComponent(id)}/${{ explain: 'explanation', responders: 'responders' }[kind] ?? 'timeline'}`;

// Hundreds of cards load at once; they are drawn together a moment later, not once per card (a timer, not an animation
// frame: a dashboard in a background tab must stay current too).
let renderPending = false;
function renderIncidents() {
  if (renderPending) return;
  renderPending = true;
  setTimeout(() => { renderPending = false; drawIncidents(); }, 30);
}

// When an incident's live event arrived and when its card's data was last asked for: a card drawn from data asked
// after the event has applied it (the benchmark's "live update applied", measured in the page).
const arrivals = new Map();
const loadedAt = new Map();

function drawIncidents() {
  const all = [...incidents.values()].filter(Boolean);
  const shown = arrange(all, filter, organisation => districtOf.get(organisation));
  drawIncidentFilters(all);
  // Cards are redrawn on every event: a keyboard user keeps the button they were on.
  const focused = document.activeElement?.closest?.('#incidents [data-action]');
  const refocus = focused && [focused.closest('[data-incident]')?.dataset.incident, focused.dataset.action];
  $('incidents').innerHTML = shown.map(s => incidentCard(s, details.get(s.id), s.id === selected, may)).join('')
    || `<p class="muted">${t(all.length ? 'noMatches' : 'noIncidents')}</p>`;
  markAttention();
  if (refocus) [...$('incidents').querySelectorAll(`[data-action="${refocus[1]}"]`)]
    .find(b => b.closest('[data-incident]')?.dataset.incident === refocus[0])?.focus();
  $('incidents-shown').textContent = all.length ? t('incidentsShown', { shown: shown.length, total: all.length }) : '';
  for (const s of all) feed.touch(s.id);
  for (const [id, arrived] of arrivals) {
    if ((loadedAt.get(id) ?? -1) < arrived) continue;
    performance.measure('mobilize:live-update', { start: arrived, end: performance.now(), detail: id });
    arrivals.delete(id);
  }
  for (const s of all) map.showIncident(s, `${incidentTypeLabel(s.incidentType)} · ${t(s.status)}`, id => { selected = id; attention.acknowledge(id); renderIncidents(); });
}

// The type and district choices follow what the list holds; a choice made stays even while nothing matches it.
function drawIncidentFilters(all) {
  const types = [...new Set([...all.map(s => s.incidentType), ...(filter.type ? [filter.type] : [])])].sort();
  setOptions($('incident-type'), [['', t('allTypes')], ...types.map(type => [type, incidentTypeLabel(type)])], filter.type);
  setOptions($('incident-district'), [['', t('allDistricts')], ...districts.map(d => [d.id, d.name])], filter.district);
}

// What needs attention is marked on the cards the incident list drew (attention.js decides what that is).
function markAttention() {
  map.flag(attention.ids());
  for (const id of attention.ids()) {
    const card = $('incidents').querySelector(`[data-incident="${CSS.escape(id)}"]`);
    if (!card) continue;
    card.classList.add('attention');
    card.dataset.attention = attention.reasons(id).join(' ');
    card.querySelector('header')?.insertAdjacentHTML('afterend',
      `<p class="attention-reasons" role="alert">${t('attentionHint')}${attention.reasons(id).map(r => t(`attention.${r}`)).join('，')}</p>`);
  }
}

// Teams and on-duty volunteers for the map, re-read after a burst of team changes.
const loadPositions = coalesced(async () => {
  try {
    map.showPositions(await get(`/api/organisations/${encodeURIComponent(organisation)}/positions`));
  } catch {
    // The map keeps what it drew; the next team change asks again.
  }
}, 500);

function renderAll() {
  if (!map) return;
  renderIncidents();
  units?.render();
  feed.render();
}

