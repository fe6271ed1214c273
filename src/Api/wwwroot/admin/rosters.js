// The duty roster: who is on call until when, team by team across the jurisdiction, and each member's own duty for the
// team opened. A team's duty is set here (commanders over it); a member's own duty is theirs and their leader's to set.
import { t } from '/shared/i18n.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { call, read, el, when, fromLocalInput } from './common.js';

function mount(root, context) {
  let teams = [];
  let opened = null;
  let members = [];
  const error = el('p', { class: 'error', id: 'roster-error' });
  const table = el('div', { id: 'roster' });
  const memberView = el('section', { id: 'roster-members' });
  root.append(el('h2', { 'data-i18n': 'roster.heading', text: t('roster.heading') }),
    el('p', { class: 'muted', 'data-i18n': 'roster.help', text: t('roster.help') }), error, table, memberView);

  async function load() {
    try {
      teams = (await read(`/api/teams?organisationId=${encodeURIComponent(context.organisation)}&limit=200`)).items;
      render();
    } catch (err) { showProblem(err, { line: error }); }
  }

  const until = team => team.status === 'OnCall' ? when(team.onCallUntil) : team.status === 'Resting' ? when(team.restUntil) : '—';

  function render() {
    table.replaceChildren(teams.length ? el('table', { id: 'roster-table' },
      el('thead', {}, el('tr', {}, ...['roster.team', 'roster.status', 'roster.until', 'roster.change'].map(k => el('th', { text: t(k) })))),
      el('tbody', {}, ...teams.map(row))) : el('p', { class: 'muted', text: t('teams.none') }));
    renderMembers();
  }

  function row(team) {
    const line = el('span', { class: 'error' });
    const status = el('select', { 'aria-label': t('roster.statusFor', { team: team.name }), 'data-field': 'status' },
      ...['Available', 'OnCall', 'Off'].map(s => el('option', { value: s, selected: s === team.status, text: t(`duty.${s}`) })));
    const end = el('input', { type: 'datetime-local', 'aria-label': t('roster.untilFor', { team: team.name }), 'data-field': 'onCallUntil' });
    const save = el('button', { type: 'submit', class: 'primary', text: t('roster.save') });
    const form = el('form', { class: 'row-tools', 'data-team': team.id }, status, end, save, line);
    form.onsubmit = async e => {
      e.preventDefault();
      const where = { line, scope: form, fields: { status, onCallUntil: end } };
      clearProblem(where);
      try {
        const { body } = await call('PUT', `/api/teams/${encodeURIComponent(team.id)}/duty`, {
          status: status.value, onCallUntil: status.value === 'OnCall' ? fromLocalInput(end.value) : null });
        teams = teams.map(x => x.id === body.id ? body : x);
        render();
      } catch (err) { showProblem(err, where); }
    };
    return el('tr', { 'data-team': team.id },
      el('td', {}, el('button', { type: 'button', class: 'link-button', onclick: () => openTeam(team), text: team.name })),
      el('td', { class: 'status', text: t(`duty.${team.status}`) }),
      el('td', { class: 'until', text: until(team) }),
      el('td', {}, context.may.change && !['Assigned', 'Resting'].includes(team.status) ? form : null));
  }

  async function openTeam(team) {
    opened = team;
    members = await Promise.all(team.members.map(id => read(`/api/volunteers/${encodeURIComponent(id)}/status`).catch(() => ({ id, hidden: true }))));
    renderMembers();
  }

  function renderMembers() {
    if (!opened) return;
    memberView.replaceChildren(el('h3', { text: t('roster.members', { team: opened.name }) }),
      el('table', { id: 'roster-members-table' },
        el('thead', {}, el('tr', {}, ...['teams.volunteerId', 'roster.status', 'roster.until'].map(k => el('th', { text: t(k) })))),
        el('tbody', {}, ...members.map(m => el('tr', { 'data-member': m.id },
          el('td', { text: m.id }),
          el('td', { text: m.hidden ? t('roster.hidden') : t(`duty.${m.status}`) }),
          el('td', { text: m.hidden ? '—' : m.status === 'OnCall' ? when(m.onCallUntil) : m.status === 'Resting' ? when(m.restUntil) : '—' }))))));
  }

  load();
  return { refresh: render };
}

export default {
  mount,
  strings: {
    zh: {
      'roster.heading': '值守排班', 'roster.help': '各队伍的值守状态与截止时间（北京时间）。值守中须给出截止时间，到时自动转为未值守。',
      'roster.team': '队伍', 'roster.status': '状态', 'roster.until': '截止（北京时间）', 'roster.change': '调整',
      'roster.save': '保存', 'roster.statusFor': '{team} 的值守状态', 'roster.untilFor': '{team} 值守截止时间',
      'roster.members': '{team} 队员的值守', 'roster.hidden': '无权查看',
    },
    en: {
      'roster.heading': 'Duty roster', 'roster.help': "Each team's duty and until when (Beijing time). On call needs an end; at that time the team goes off duty.",
      'roster.team': 'Team', 'roster.status': 'Duty', 'roster.until': 'Until (Beijing time)', 'roster.change': 'Change',
      'roster.save': 'Save', 'roster.statusFor': "{team}'s duty", 'roster.untilFor': '{team} on call until',
      'roster.members': "{team}'s members on duty", 'roster.hidden': 'not visible to you',
    },
  },
};
