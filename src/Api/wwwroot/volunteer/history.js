// The volunteer's record: each task (what, which team, when, how long), the hours in total, and their certifications
// with the dates they run out, those expired or running out soon marked.
import { escapeHtml } from '/shared/api.js';
import { t, currentLanguage } from '/shared/i18n.js';
import { incidentTypes, capabilities, word, localTime, localDate } from './labels.js';
import { serverNow } from './clock.js';

const $ = id => document.getElementById(id);
const SOON_DAYS = 30;

export function renderHistory(view) {
  const lang = currentLanguage();
  const byIncident = new Map(view.offers.map(c => [c.offer.offer.incident, c]));
  const teamNames = new Map(view.offers.map(c => [c.team, c.teamName]));
  const sessions = [...view.summary.sessions].reverse();
  $('history-list').innerHTML = sessions.map(s => {
    const card = byIncident.get(s.incident);
    const what = card ? word(incidentTypes, card.offer.offer.incidentType, lang) + (card.offer.offer.placeName ? ` · ${card.offer.offer.placeName}` : '') : s.incident;
    const when = `${localTime(s.checkedIn, lang, true)} – ${s.checkedOut ? localTime(s.checkedOut, lang, localDay(s.checkedOut) !== localDay(s.checkedIn)) : t('ongoing')}`;
    const length = s.checkedOut ? t('hoursShort', { hours: hours(s.duration) }) : '';
    return `<li data-incident="${escapeHtml(s.incident)}">
        <div><strong>${s.exercise ? `<span class="badge drill">${t('drill')}</span> ` : ''}${escapeHtml(what)}</strong>
          <span class="muted">${escapeHtml(teamNames.get(s.team) ?? s.team)}</span></div>
        <div class="muted"><span data-when>${escapeHtml(when)}</span> <strong data-hours>${escapeHtml(length)}</strong></div></li>`;
  }).join('') || `<li class="muted">${t('noHistory')}</li>`;

  const today = new Date(serverNow()).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
  $('certifications').innerHTML = view.profile.certifications.map(c => {
    const state = c.expires < today ? 'expired' : c.expires <= soon ? 'expiring' : 'valid';
    return `<li data-capability="${escapeHtml(c.capability)}" data-state="${state}">
        <strong>${escapeHtml(word(capabilities, c.capability, lang))}</strong>${c.issuer ? ` <span class="muted">${escapeHtml(c.issuer)}</span>` : ''}
        <div><span data-expires>${t('validUntil', { date: localDate(c.expires, lang) })}</span>
          ${state === 'valid' ? '' : `<span class="badge ${state}">${t(state === 'expired' ? 'certExpired' : 'certExpiring')}</span>`}</div></li>`;
  }).join('') || `<li class="muted">${t('noCertifications')}</li>`;
}

const localDay = iso => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** "1.02:30:00" (a .NET TimeSpan as the server writes it) in hours with two decimals. */
export function hours(span) {
  const [h, m, s] = String(span).split(':');
  const whole = h.includes('.') ? Number(h.split('.')[0]) * 24 + Number(h.split('.')[1]) : Number(h);
  return (whole + Number(m) / 60 + Number(s ?? 0) / 3600).toFixed(2);
}
