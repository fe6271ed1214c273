// The offer cards: what happened, where and how far, what is asked, how bad, the commander's note, the time left,
// a way to navigate there, and accept in one tap with the arrival time the server suggests (editable).
import { escapeHtml } from '/shared/api.js';
import { t, currentLanguage } from '/shared/i18n.js';
import { incidentTypes, capabilities, severities, word, localTime } from './labels.js';
import { serverNow } from './clock.js';

const SHOWN = 6;

/** The cards for the newest offers; `volunteerId` tells the volunteer's own answer from their teammates'. */
export function renderOffers(section, offers, volunteerId) {
  const cards = offers.slice(0, SHOWN).map(card => offerCard(card, volunteerId));
  section.innerHTML = `<h2>${t('offersTitle')}</h2>${cards.join('') || `<p class="muted">${t('noOffers')}</p>`}`;
  tick();
}

function offerCard(card, volunteerId) {
  const o = card.offer;
  const offer = o.offer;
  const lang = currentLanguage();
  const mine = o.answers.filter(a => a.volunteer === volunteerId).at(-1);
  const open = o.status === 'Open' && !mine;
  const state = o.status === 'Open' && mine ? t(mine.answer === 'Accept' ? 'answeredAccept' : 'answeredDecline') : t(o.status);
  const severity = offer.severity ? `<span class="badge severity s${offer.severity}">${escapeHtml(word(severities, offer.severity, lang))}</span>` : '';
  const place = offer.placeName ?? t('placeUnknown');
  const distance = t(card.distanceFrom === 'Location' ? 'distanceFromYou' : 'distanceFromBase', { km: (card.distanceMeters / 1000).toFixed(1) });
  const lat = offer.place.latitude.toFixed(5);
  const lon = offer.place.longitude.toFixed(5);
  const label = encodeURIComponent(place);
  const actions = open ? `<div class="row answer">
        <label>${t('eta')} <input type="number" min="0" max="1440" value="${card.suggestedEtaMinutes}" data-eta></label>
        <button class="good" data-answer="Accept">${t('accept')}</button>
        <button data-answer="Decline">${t('decline')}</button></div>` : `<p class="offer-status">${escapeHtml(state)}</p>`;
  return `<article class="offer ${open ? '' : 'closed'}" data-offer="${escapeHtml(offer.offer)}" data-team="${escapeHtml(card.team)}" tabindex="-1">
      <div class="offer-head">
        <h3>${offer.exercise ? `<span class="badge drill">${t('drill')}</span> ` : ''}${escapeHtml(word(incidentTypes, offer.incidentType, lang))} ${severity}</h3>
        ${open ? `<span class="countdown" data-expires="${escapeHtml(offer.expiresAt)}" role="timer"></span>` : ''}
      </div>
      <dl class="facts">
        <dt>${t('where')}</dt><dd data-place>${escapeHtml(place)} · <span data-distance>${escapeHtml(distance)}</span></dd>
        <dt>${t('asked')}</dt><dd data-capability>${escapeHtml(word(capabilities, offer.capability, lang))} · ${escapeHtml(card.teamName)}</dd>
        ${offer.description ? `<dt>${t('note')}</dt><dd data-note>${escapeHtml(offer.description)}</dd>` : ''}
        <dt>${t('deadline')}</dt><dd>${t('answerBy', { time: localTime(offer.expiresAt, lang) })}</dd>
      </dl>
      <div class="row navigate">
        <a class="button" data-navigate href="geo:${lat},${lon}?q=${lat},${lon}(${label})">${t('navigate')}</a>
        <a class="button" data-map href="https://uri.amap.com/marker?position=${lon},${lat}&amp;name=${label}&amp;coordinate=wgs84" target="_blank" rel="noopener">${t('openMap')}</a>
      </div>${actions}</article>`;
}

// One timer for every card: the time left by the server's clock, which a drill may run fast.
setInterval(tick, 1000);

function tick() {
  for (const element of document.querySelectorAll('.countdown[data-expires]')) {
    const left = Math.max(0, Date.parse(element.dataset.expires) - serverNow());
    const minutes = Math.floor(left / 60_000);
    const seconds = Math.floor(left / 1000) % 60;
    element.textContent = left > 0 ? t('timeLeft', { time: `${minutes}:${String(seconds).padStart(2, '0')}` }) : t('Expired');
    element.classList.toggle('urgent', left < 5 * 60_000);
  }
}

/** Brings the card a notification was about into view, ready for the first tap. */
export function showOffer(offer) {
  const card = offer && [...document.querySelectorAll('.offer[data-offer]')].find(c => c.dataset.offer === offer);
  if (!card) return false;
  for (const other of document.querySelectorAll('.offer.highlight')) other.classList.remove('highlight');
  card.classList.add('highlight');
  card.scrollIntoView({ block: 'center' });
  card.focus();
  return true;
}
