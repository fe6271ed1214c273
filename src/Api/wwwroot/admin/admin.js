// The administration page: one screen at a time, each its own module with its own words. Signed in as on the
// dashboard (the same token); what a role may not change is not offered, and the server refuses it anyway.
import { t, useStrings, toggleLanguage, onLanguageChange } from '/shared/i18n.js';
import { startSession, onSignedOut } from '/shared/session.js';
import { read } from './common.js';
import strings from './strings.js';
import organisations from './organisations.js';
import teams from './teams.js';
import volunteers from './volunteers.js';
import plans from './plans.js';
import rosters from './rosters.js';
import enrolments from './enrolments.js';
import imports from './imports.js';

const screens = { organisations, teams, volunteers, plans, rosters, enrolments, imports };
const $ = id => document.getElementById(id);
const query = new URLSearchParams(location.search);

onSignedOut(showSignedOut);
const claims = startSession('dashboard');
useStrings({
  zh: Object.assign({}, strings.zh, ...Object.values(screens).map(s => s.strings.zh)),
  en: Object.assign({}, strings.en, ...Object.values(screens).map(s => s.strings.en)),
});
$('language').onclick = toggleLanguage;

// docs/access.md: administrators everywhere, commanders within their jurisdiction change things; observers read.
const role = claims?.role;
const context = {
  claims,
  organisation: query.get('org') ?? claims?.organisationId ?? null,
  may: { change: role === 'administrator' || role === 'commander', administer: role === 'administrator' },
  open: id => { const next = new URL(location.href); next.searchParams.set('org', id); location.assign(next); },
};
let current = null;

if (!claims) showSignedOut();
else if (!['administrator', 'commander', 'observer'].includes(role)) $('not-for-role').hidden = false;
else if (!context.organisation) {
  $('choose-org').hidden = false;
  $('choose-org').onsubmit = e => { e.preventDefault(); context.open($('org-id').value.trim()); };
} else start();

function showSignedOut() {
  $('signed-out').hidden = false;
  $('layout').hidden = true;
  $('choose-org').hidden = true;
}

function start() {
  $('layout').hidden = false;
  $('to-dashboard').href = `/dashboard/${role === 'administrator' ? `?org=${encodeURIComponent(context.organisation)}` : ''}`;
  $('screens').onclick = e => { const name = e.target.closest('[data-screen]')?.dataset.screen; if (name) show(name); };
  onLanguageChange(() => { current?.refresh?.(); label(); });
  label();
  show(location.hash.slice(1) in screens ? location.hash.slice(1) : 'organisations');
  read(`/api/organisations/${encodeURIComponent(context.organisation)}`)
    .then(view => { $('org-name').textContent = `· ${view.node.name}`; })
    .catch(() => { $('org-name').textContent = ''; });
}

// Words the language toggle cannot reach through data-i18n: the navigation's name and the tab's title.
function label() {
  $('screens').setAttribute('aria-label', t('title'));
  const name = $('screen').dataset.screen;
  if (name) document.title = `Mobilize · ${t(`screen.${name}`)}`;
}

function show(name) {
  for (const b of $('screens').querySelectorAll('button')) {
    if (b.dataset.screen === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  history.replaceState(null, '', `${location.pathname}${location.search}#${name}`);
  const root = $('screen');
  root.replaceChildren();
  root.dataset.screen = name;
  current = screens[name].mount(root, context) ?? null;
  label();
}
