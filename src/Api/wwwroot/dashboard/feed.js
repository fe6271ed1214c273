// The live feed in words, grouped per incident (newest group on top): each line says who did what, with team and
// volunteer names where the page knows them, answers and reasons translated, and the time in Beijing time.
import { t, has } from '/shared/i18n.js';
import { escapeHtml } from '/shared/api.js';
import { clock, iso } from './when.js';
import { names } from './names.js';
import { incidentTypeLabel, capabilityLabel, teamLabel, timelineKind, drillBadge } from './incidents.js';

// Enough to read back a busy morning; older lines fall off so a dashboard left open for a day stays quick.
const KEPT_PER_INCIDENT = 500;

/**
 * @param element where the groups go
 * @param incidentOf id → the incident's summary, when the page has it (for the group's heading)
 */
export function createFeed(element, incidentOf) {
  const groups = new Map();

  function group(id) {
    let g = groups.get(id);
    if (!g) {
      const section = document.createElement('section');
      section.className = 'feed-group';
      section.dataset.incident = id;
      section.innerHTML = `<h3></h3><ol></ol>`;
      g = { section, heading: section.querySelector('h3'), list: section.querySelector('ol'), events: [] };
      groups.set(id, g);
    }
    // The incident that moved last comes first.
    if (element.firstElementChild !== g.section) element.prepend(g.section);
    return g;
  }

  function heading(g, id) {
    const s = incidentOf(id);
    g.heading.innerHTML = s
      ? `${s.exercise ? drillBadge() : ''}${escapeHtml(incidentTypeLabel(s.incidentType))} <span class="muted">${escapeHtml(s.description ?? '')} · ${t(s.status)}</span>`
      : escapeHtml(id);
  }

  return {
    add(event) {
      if (!shown(event)) return;
      const id = event.incident ?? '';
      const g = group(id);
      g.events.push(event);
      g.list.insertAdjacentHTML('afterbegin', line(event));
      if (g.events.length > KEPT_PER_INCIDENT) { g.events.shift(); g.list.lastElementChild?.remove(); }
      heading(g, id);
    },
    /** The incident's card changed (status, description): its group's heading follows. */
    touch(id) { const g = groups.get(id); if (g) heading(g, id); },
    render() {
      for (const [id, g] of groups) {
        g.list.innerHTML = g.events.map(line).reverse().join('');
        heading(g, id);
      }
    },
  };
}

// A member's answer reaches the incident twice: as the team's own event, and as the timeline line the incident keeps
// for the after-action clocks. One line says it.
const shown = event => !(event.kind === 'timeline' && prefix(event.detail) === 'member-answered');

const prefix = detail => /^([a-z-]+)(?::|$)/.exec(detail ?? '')?.[1];
const rest = detail => (detail ?? '').replace(/^[a-z-]+:\s*/, '');

function line(event) {
  const when = `<time datetime="${iso(event.at)}">${clock(event.at)}</time>`;
  const marking = event.exercise ? drillBadge(event.marking) : '';
  return `<li data-kind="${escapeHtml(event.kind)}"${event.volunteer ? ` data-volunteer="${escapeHtml(event.volunteer)}"` : ''}${event.team ? ` data-team="${escapeHtml(event.team)}"` : ''}>${when} ${marking}${words(event)}</li>`;
}

function words(event) {
  const team = event.team ? `<strong>${escapeHtml(teamLabel(event.team))}</strong>` : '';
  const volunteer = event.volunteer ? escapeHtml(names.volunteer(event.volunteer) ?? event.volunteer) : '';
  const requirement = event.requirementKey ? escapeHtml(event.requirementKey) : '';
  const kind = prefix(event.detail);
  switch (event.kind) {
    case 'incident-created':
      return t('feed.created', { type: escapeHtml(incidentTypeLabel(event.detail ?? '')) });
    case 'offer-sent':
      return t('feed.offerSent', { team, requirement });
    case 'offer-answered':
      if (event.volunteer) return t(event.detail === 'Accept' ? 'feed.memberAccepted' : 'feed.memberDeclined', { team, volunteer });
      return t({ 'offer-accepted': 'feed.teamAccepted', 'offer-declined': 'feed.teamDeclined', 'offer-timed-out': 'feed.teamTimedOut' }[kind]
        ?? 'feed.teamAnswered', { team });
    case 'offer-withdrawn': {
      const reason = rest(event.detail);
      return t('feed.offerWithdrawn', { team, reason: has(`withdrawn.${reason}`) ? t(`withdrawn.${reason}`) : '' });
    }
    case 'requirement-filled':
      return t('feed.requirementFilled', { requirement });
    case 'timeline':
      return timelineWords(kind, event, { team, volunteer, requirement });
    default:
      return escapeHtml(has(event.kind) ? t(event.kind) : event.kind);
  }
}

function timelineWords(kind, event, who) {
  const detail = rest(event.detail);
  switch (kind) {
    case 'member-arrived':
    case 'member-left':
      return t(kind === 'member-arrived' ? 'feed.memberArrived' : 'feed.memberLeft',
        { team: who.team, volunteer: escapeHtml(names.volunteer(detail) ?? detail) });
    case 'escalated': {
      const [, level, metres] = /^(\w+), radius (\d+) m/.exec(detail) ?? [];
      return t('feed.escalated', { requirement: who.requirement, level: level ? t(`level.${level}`) : '', km: metres ? (Number(metres) / 1000).toFixed(0) : '?' });
    }
    case 'unfillable': {
      const [, filled, needed] = /^(\d+) of (\d+)/.exec(detail) ?? [];
      return t('feed.unfillable', { requirement: who.requirement, filled: filled ?? '?', needed: needed ?? '?' });
    }
    case 'stood-down':
      return t('feed.stoodDown');
    case 'team-released':
      return t('feed.teamReleased', { team: who.team });
    case 'team-called-away':
      return t('feed.teamCalledAway', { team: who.team });
    case 'recruitment-started':
    case 'candidates-received':
    case 'incident-created':
      return `${escapeHtml(timelineKind(kind))} ${who.requirement ? `<span class="muted">${who.requirement}</span>` : ''}`;
    default:
      // Not a line the incident writes (another tool's note): the server's own words, under the timeline's heading.
      return `${t('timelineEvent')} ${who.team} <span class="muted">${escapeHtml(event.detail ?? '')}</span>`;
  }
}

