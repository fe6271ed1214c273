// How one incident reads on the dashboard: requirements filled/needed, its offers, and on request the explain view
// and the timeline. Only what the API returned; the page decides nothing.
import { t } from '/shared/i18n.js';
import { escapeHtml } from '/shared/api.js';

const time = at => new Date(at).toLocaleTimeString();
const km = metres => metres == null ? '' : `${(metres / 1000).toFixed(1)} km`;

/** @param may what the signed-in role may do (dashboard.js): a card offers no button the server would refuse. */
export function incidentCard(summary, detail, selected, may) {
  const requirements = summary.requirements.map(r => `<div class="requirement" data-requirement="${escapeHtml(r.key)}" data-status="${r.status}">
      <span>${escapeHtml(r.capability)} <span class="muted">(${escapeHtml(r.key)} · ≥${r.minimumMembers} ${t('members')} · ${km(r.radiusMeters)})</span></span>
      <span class="count">${r.teamsFilled}/${r.teamsNeeded} · ${t(r.status)}</span></div>`).join('');
  const offers = summary.offers.map(o => `<li data-offer="${escapeHtml(o.id)}" data-status="${o.status}">
      ${escapeHtml(o.team)} · ${escapeHtml(o.requirementKey)} · <strong>${t(o.status)}</strong> <span class="muted">${time(o.sentAt)}</span></li>`).join('');
  const open = summary.status !== 'StoodDown';
  return `<article class="incident ${selected ? 'selected' : ''}" data-incident="${escapeHtml(summary.id)}" data-status="${summary.status}">
    <header><strong>${escapeHtml(summary.incidentType)}</strong>
      ${summary.exercise ? drillBadge() : ''}
      <span class="badge status">${t(summary.status)}</span></header>
    <div class="muted">${escapeHtml(summary.id)} · ${time(summary.createdAt)} · ${escapeHtml(summary.description ?? '')}</div>
    ${requirements}
    ${offers ? `<div class="muted">${t('offersHeading')}</div><ul class="offers">${offers}</ul>` : ''}
    <div class="tools">
      <button data-action="explain">${t('explain')}</button>
      <button data-action="timeline">${t('timeline')}</button>
      ${summary.exerciseId ? `<button data-action="report">${t('report')}</button>` : ''}
      ${open && may.command ? `<button class="primary" data-action="stand-down">${t('standDown')}</button>` : ''}
    </div>
    ${detail ? detailList(detail) : ''}
  </article>`;
}

function detailList(detail) {
  if (detail.kind === 'explain') {
    const rows = detail.data.candidates.map(c => `<li>${escapeHtml(c.team)} · ${escapeHtml(c.requirementKey)} ·
      <strong>${t(c.reason ?? 'eligible')}</strong> ${km(c.distanceMeters)}</li>`).join('');
    return `<ul class="detail explain">${rows}</ul>`;
  }
  const marking = detail.data.exercise ? `<li>${drillBadge()}</li>` : '';
  const rows = marking + detail.data.entries.map(e => `<li>${time(e.at)} ${escapeHtml(e.kind)} ${escapeHtml(e.team ?? '')}
    ${escapeHtml(e.requirementKey ?? '')} <span class="muted">${escapeHtml(e.detail ?? '')}</span></li>`).join('');
  return `<ol class="detail timeline">${rows}</ol>`;
}

export function feedLine(event) {
  const label = t(event.kind === 'timeline' ? 'timelineEvent' : event.kind);
  const who = [event.team, event.volunteer].filter(Boolean).map(escapeHtml).join(' / ');
  const answer = event.kind === 'offer-answered' && event.volunteer
    ? t(event.detail === 'Accept' ? 'answerAccept' : 'answerDecline') : escapeHtml(event.detail ?? '');
  return `<li data-kind="${escapeHtml(event.kind)}">${time(event.at)} ${event.exercise ? drillBadge(event.marking) : ''}<strong>${label}</strong> ${who} <span class="muted">${answer}</span></li>`;
}

// Every exercise line carries the marking the server sent (or the page's own), so a drill is never read as real.
const drillBadge = marking => `<span class="badge drill">${escapeHtml(marking ?? t('drill'))}</span> `;

export function teamRow(team) {
  const assignment = team.assignment
    ? ` → ${escapeHtml(team.assignment.incident)}${team.assignment.exercise ? ' ' + drillBadge() : ''}` : '';
  return `<tr data-team="${escapeHtml(team.id)}"><td>${escapeHtml(team.name)}</td><td>${team.members.length} ${t('members')}</td>
    <td class="team-status">${t(team.status)}${assignment}</td></tr>`;
}
