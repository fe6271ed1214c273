// The task screen: the steps of the volunteer's deployment as the server records them (mustered, en route, checked in
// at a time, checked out), and once the task has ended, the rest period with its end in Beijing time and why.
import { escapeHtml } from '/shared/api.js';
import { t, currentLanguage } from '/shared/i18n.js';
import { incidentTypes, capabilities, word, localTime } from './labels.js';

const $ = id => document.getElementById(id);

/** @param view the page's loaded state: status, summary (ledger), offers (cards) */
export function renderTask(view, volunteerId) {
  const incident = view.status.currentIncident;
  $('task').hidden = !incident;
  if (incident) {
    const card = view.offers.find(c => c.offer.offer.incident === incident && c.team === view.status.currentTeam)
      ?? view.offers.find(c => c.offer.offer.incident === incident);
    const entries = view.summary.ledger.filter(e => e.incident === incident);
    const checkIn = entries.findLast(e => e.kind === 'CheckIn');
    const checkOut = checkIn && entries.findLast(e => e.kind === 'CheckOut' && e.at >= checkIn.at);
    const eta = card?.offer.answers.filter(a => a.volunteer === volunteerId && a.answer === 'Accept').at(-1)?.etaMinutes;
    const lang = currentLanguage();
    $('task-text').innerHTML = [
      card?.offer.offer.exercise ? `<span class="badge drill">${t('drill')}</span>` : '',
      escapeHtml(card ? word(incidentTypes, card.offer.offer.incidentType, lang) : incident),
      card?.offer.offer.placeName ? escapeHtml(card.offer.offer.placeName) : '',
      card ? escapeHtml(word(capabilities, card.offer.offer.capability, lang)) : '',
      escapeHtml(card?.teamName ?? view.status.currentTeam),
    ].filter(Boolean).join(' · ');
    const step = (name, done, current, text) =>
      `<li data-step="${name}" class="${done ? 'done' : ''} ${current ? 'current' : ''}"${current ? ' aria-current="step"' : ''}>${text}</li>`;
    $('task-steps').innerHTML = [
      step('mustered', true, false, t('stepMustered')),
      step('en-route', !!checkIn, !checkIn, eta != null && !checkIn ? t('stepEnRouteEta', { eta }) : t('stepEnRoute')),
      step('checked-in', !!checkIn, !!checkIn && !checkOut, checkIn ? t('stepCheckedInAt', { time: localTime(checkIn.at, lang) }) : t('stepCheckedIn')),
      step('checked-out', !!checkOut, !!checkOut, checkOut ? t('stepCheckedOutAt', { time: localTime(checkOut.at, lang) }) : t('stepCheckedOut')),
    ].join('');
    $('check-in').disabled = !!checkIn && !checkOut;
    $('check-out').disabled = !checkIn || !!checkOut;
  }
  renderRest(view);
}

/** After a stand-down the server rests the volunteer; the page says until when (Beijing time) and for what. */
function renderRest(view) {
  const resting = view.status.status === 'Resting' && view.status.restUntil;
  $('rest').hidden = !resting;
  if (!resting) return;
  const lang = currentLanguage();
  const reason = view.status.restReason;
  const last = view.summary.sessions.at(-1);
  const incident = reason?.incident ?? last?.incident;
  const card = view.offers.find(c => c.offer.offer.incident === incident);
  $('rest-task').textContent = incident
    ? t('taskEnded', { task: card ? word(incidentTypes, card.offer.offer.incidentType, lang) + (card.offer.offer.placeName ? ` · ${card.offer.offer.placeName}` : '') : incident })
    : t('taskEndedNoTask');
  $('rest-until').textContent = t('restUntil', { time: localTime(view.status.restUntil, lang, true) });
  $('rest-reason').textContent = reason
    ? t(reason.exercise ? 'restReasonDrill' : 'restReason', { worked: reason.workedMinutes, rest: reason.restMinutes })
    : '';
  $('rest-reason').hidden = !reason;
}
