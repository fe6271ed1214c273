// How one incident reads on the dashboard: requirements filled/needed, its offers, and on request who is coming, the
// explain view and the timeline; and how the list is filtered, searched and sorted. Only what the API returned; the
// page decides nothing.
import { t, has } from '/shared/i18n.js';
import { escapeHtml } from '/shared/api.js';
import { clock, iso } from './when.js';
import { names } from './names.js';

const km = metres => metres == null ? '' : `${(metres / 1000).toFixed(1)} km`;
const time = at => `<time datetime="${iso(at)}">${clock(at)}</time>`;

/** A code the server sends (incident type, capability) in words when the strings know it, else as it came. */
export const incidentTypeLabel = type => has(`type.${type}`) ? t(`type.${type}`) : type;
export const capabilityLabel = code => has(`cap.${code}`) ? t(`cap.${code}`) : code;
export const teamLabel = id => names.team(id) ?? id;

/** @param may what the signed-in role may do (dashboard.js): a card offers no button the server would refuse. */
export function incidentCard(summary, detail, selected, may) {
  const requirements = summary.requirements.map(r => `<div class="requirement" data-requirement="${escapeHtml(r.key)}" data-status="${r.status}">
      <span>${escapeHtml(capabilityLabel(r.capability))} <span class="muted">(${escapeHtml(r.key)} · ≥${r.minimumMembers} ${t('members')} · ${km(r.radiusMeters)})</span></span>
      <span class="count">${r.teamsFilled}/${r.teamsNeeded} · ${t(r.status)}</span></div>`).join('');
  const offers = summary.offers.map(o => `<li data-offer="${escapeHtml(o.id)}" data-status="${o.status}">
      ${escapeHtml(teamLabel(o.team))} · ${escapeHtml(o.requirementKey)} · <strong>${t(o.status)}</strong> <span class="muted">${time(o.sentAt)}</span></li>`).join('');
  const open = summary.status !== 'StoodDown';
  return `<article class="incident ${selected ? 'selected' : ''}" data-incident="${escapeHtml(summary.id)}" data-status="${summary.status}">
    <header><strong>${escapeHtml(incidentTypeLabel(summary.incidentType))}</strong>
      <span class="badge severity" data-severity="${summary.severity}">${t('severityLevel', { level: summary.severity })}</span>
      ${summary.exercise ? drillBadge() : ''}
      <span class="badge status">${t(summary.status)}</span></header>
    <div class="muted">${escapeHtml(summary.id)} · ${time(summary.createdAt)} · ${escapeHtml(summary.description ?? '')}</div>
    ${requirements}
    ${offers ? `<div class="muted">${t('offersHeading')}</div><ul class="offers">${offers}</ul>` : ''}
    <div class="tools">
      <button data-action="responders" aria-pressed="${detail?.kind === 'responders'}">${t('responders')}</button>
      <button data-action="explain" aria-pressed="${detail?.kind === 'explain'}">${t('explain')}</button>
      <button data-action="timeline" aria-pressed="${detail?.kind === 'timeline'}">${t('timeline')}</button>
      ${summary.exerciseId ? `<button data-action="report">${t('report')}</button>` : ''}
      ${open && may.command ? `<button class="primary" data-action="stand-down">${t('standDown')}</button>` : ''}
    </div>
    ${detail ? detailList(detail) : ''}
  </article>`;
}

function detailList(detail) {
  if (detail.kind === 'responders') return respondersList(detail.data);
  if (detail.kind === 'explain') {
    const rows = detail.data.candidates.map(c => `<li>${escapeHtml(teamLabel(c.team))} · ${escapeHtml(c.requirementKey)} ·
      <strong>${t(c.reason ?? 'eligible')}</strong> ${km(c.distanceMeters)}</li>`).join('');
    return `<ul class="detail explain">${rows}</ul>`;
  }
  const marking = detail.data.exercise ? `<li>${drillBadge()}</li>` : '';
  const rows = marking + detail.data.entries.map(e => `<li data-kind="${escapeHtml(e.kind)}">${time(e.at)} ${escapeHtml(timelineKind(e.kind))}
    ${e.team ? escapeHtml(teamLabel(e.team)) : ''} ${escapeHtml(e.requirementKey ?? '')}</li>`).join('');
  return `<ol class="detail timeline">${rows}</ol>`;
}

export const timelineKind = kind => has(`tl.${kind}`) ? t(`tl.${kind}`) : t('timelineEvent');

/** Who is coming, per requirement: each offered team, and each member's answer, ETA and arrival. */
function respondersList(view) {
  names.learn(view);
  const requirements = view.requirements.map(r => {
    const teams = r.teams.map(team => `<li class="responder-team" data-team="${escapeHtml(team.team)}" data-offer-status="${team.offerStatus}">
        <div><strong>${escapeHtml(team.name)}</strong> <span class="badge">${t(`teamOffer.${team.teamStatus}`)}</span>
        ${team.musteredAt ? `<span class="muted">${t('musteredAt', { time: clock(team.musteredAt) })}</span>` : ''}</div>
        <ul class="members">${team.members.map(member).join('')}</ul></li>`).join('');
    return `<section class="responders-requirement" data-requirement="${escapeHtml(r.key)}">
      <h3>${escapeHtml(capabilityLabel(r.capability))} <span class="count">${r.teamsFilled}/${r.teamsNeeded} · ${t(r.status)}</span></h3>
      ${teams ? `<ul class="responder-teams">${teams}</ul>` : `<p class="muted">${t('noResponders')}</p>`}</section>`;
  }).join('');
  return `<div class="detail responders">${requirements}</div>`;
}

function member(m) {
  const answer = m.answer ? t(`answered.${m.answer}`) : t('noAnswer');
  const eta = m.answer === 'Accept' && m.etaMinutes != null
    ? ` · ${t('etaMinutes', { minutes: m.etaMinutes })}${m.expectedArrival ? ` <span class="arrives">${t('arrivesAt', { time: time(m.expectedArrival) })}</span>` : ''}` : '';
  const arrival = {
    CheckedIn: () => t('checkedInAt', { time: time(m.checkedInAt) }),
    CheckedOut: () => t('checkedOutAt', { time: time(m.checkedOutAt) }),
    EnRoute: () => t('arrival.EnRoute'),
    Mustered: () => t('arrival.Mustered'),
  }[m.arrival]?.() ?? '';
  return `<li data-volunteer="${escapeHtml(m.volunteer)}" data-answer="${m.answer ?? ''}" data-arrival="${m.arrival}">
    <span class="name" ${m.nameMasked ? `title="${escapeHtml(t('nameMasked'))}"` : ''}>${escapeHtml(m.name ?? m.volunteer)}</span> · ${answer}${eta}
    ${arrival ? ` · <strong class="arrival">${arrival}</strong>` : ''}</li>`;
}

// Every exercise line carries the marking the server sent (or the page's own), so a drill is never read as real.
export const drillBadge = marking => `<span class="badge drill">${escapeHtml(marking ?? t('drill'))}</span> `;

export function teamRow(team) {
  const assignment = team.assignment
    ? ` → ${escapeHtml(team.assignment.incident)}${team.assignment.exercise ? ' ' + drillBadge() : ''}` : '';
  return `<tr data-team="${escapeHtml(team.id)}"><td>${escapeHtml(team.name)}</td><td>${team.members.length} ${t('members')}</td>
    <td class="team-status">${t(team.status)}${assignment}</td></tr>`;
}

// Finding one incident among forty: the live list holds every incident not stood down, open ones first; the stood-down
// ones are one filter away.
const OPEN = ['Recruiting', 'Unfillable'];
const rank = s => OPEN.includes(s.status) ? 0 : s.status === 'Filled' ? 1 : 2;
const unfilled = s => s.requirements.reduce((n, r) => n + Math.max(0, r.teamsNeeded - r.teamsFilled), 0);
const sorts = {
  newest: (a, b) => b.createdAt.localeCompare(a.createdAt),
  severity: (a, b) => b.severity - a.severity || sorts.newest(a, b),
  unfilled: (a, b) => unfilled(b) - unfilled(a) || sorts.newest(a, b),
};

/**
 * @param filter {{state: string, kind: string, type: string, district: string, search: string, sort: string}}
 * @param districtOf organisation id → { id, name } of its district, when the page knows it
 */
export function arrange(summaries, filter, districtOf) {
  const words = filter.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const keep = s => {
    if (filter.state === 'live' ? s.status === 'StoodDown' : s.status !== filter.state) return false;
    if (filter.kind === 'real' && s.exercise) return false;
    if (filter.kind === 'exercise' && !s.exercise) return false;
    if (filter.type && s.incidentType !== filter.type) return false;
    const district = districtOf(s.organisation);
    if (filter.district && district?.id !== filter.district) return false;
    const text = [s.id, s.incidentType, incidentTypeLabel(s.incidentType), s.description ?? '', district?.name ?? ''].join(' ').toLowerCase();
    return words.every(w => text.includes(w));
  };
  const order = sorts[filter.sort] ?? sorts.newest;
  return summaries.filter(keep).sort((a, b) => rank(a) - rank(b) || order(a, b));
}
