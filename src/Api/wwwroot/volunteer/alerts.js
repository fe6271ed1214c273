// Standby alerts (待命通知) on the volunteer's phone: the newest few, coloured by warning level, newest first.
import { escapeHtml } from '/shared/api.js';
import { t } from '/shared/i18n.js';

const KEEP = 3;
const shown = [];

/** Adds the alerts among `events`; true when one of them is new, so the page vibrates and sounds as for an offer. */
export function takeAlerts(events) {
  const alerts = events.filter(e => e.kind === 'alert' && !shown.some(s => s.sequence === e.sequence));
  shown.unshift(...alerts.reverse());
  shown.splice(KEEP);
  renderAlerts();
  return alerts.length > 0;
}

export function renderAlerts() {
  const section = document.getElementById('alerts');
  section.hidden = shown.length === 0;
  section.innerHTML = `<h2>${t('alertsTitle')}</h2>` + shown.map(a => `
    <div class="alert level-${escapeHtml(a.level ?? 'Blue')}" data-sequence="${a.sequence}">
      <strong>${t(`level${a.level ?? 'Blue'}`)}</strong> <span class="muted">${new Date(a.at).toLocaleString()}</span>
      <p>${escapeHtml(a.detail ?? '')}</p>
    </div>`).join('');
}
