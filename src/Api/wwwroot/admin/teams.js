// Teams of the jurisdiction and their members. Members join through the consent flow (docs/access.md): a volunteer
// whose record the caller holds joins at once, anyone else is only invited until they accept on their own phone.
import { t } from '/shared/i18n.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { call, read, el, field, button } from './common.js';

function mount(root, context) {
  let teams = [];
  let selected = null;
  const error = el('p', { class: 'error', id: 'teams-error' });
  const list = el('div', { id: 'team-list' });
  const detail = el('section', { id: 'team-detail', 'aria-live': 'polite' });
  root.append(el('h2', { 'data-i18n': 'teams.heading', text: t('teams.heading') }), error, list, detail);

  const f = {
    id: field('team-id', 'teams.id', { required: true, maxlength: 64 }),
    name: field('team-name', 'teams.name', { required: true, maxlength: 60 }),
    leaderId: field('team-leader', 'teams.leader', { required: true, maxlength: 64 }),
    latitude: field('team-lat', 'teams.latitude', { required: true, inputmode: 'decimal' }),
    longitude: field('team-lon', 'teams.longitude', { required: true, inputmode: 'decimal' }),
    minimumMembersToMuster: field('team-minimum', 'teams.minimum', { required: true, type: 'number', min: 1, value: 1 }),
  };
  const line = el('p', { class: 'error', id: 'team-create-error' });
  const form = el('form', { id: 'team-create' },
    el('h3', { 'data-i18n': 'teams.create', text: t('teams.create') }),
    el('div', { class: 'fields' }, ...Object.values(f).map(x => x.label)),
    el('button', { class: 'primary', 'data-i18n': 'teams.createButton', text: t('teams.createButton') }), line);
  if (context.may.change) root.append(form);

  form.onsubmit = async e => {
    e.preventDefault();
    const where = { line, scope: form, fields: { id: f.id.input, name: f.name.input, leaderId: f.leaderId.input, organisationId: f.id.input,
      'baseLocation.latitude': f.latitude.input, 'baseLocation.longitude': f.longitude.input, baseLocation: f.latitude.input,
      minimumMembersToMuster: f.minimumMembersToMuster.input } };
    clearProblem(where);
    try {
      const { body } = await call('POST', '/api/teams', {
        id: f.id.input.value.trim(), name: f.name.input.value.trim(), organisationId: context.organisation,
        leaderId: f.leaderId.input.value.trim(),
        baseLocation: { latitude: Number(f.latitude.input.value), longitude: Number(f.longitude.input.value) },
        minimumMembersToMuster: Number(f.minimumMembersToMuster.input.value),
      });
      form.reset();
      selected = body.id;
      await load();
    } catch (err) { showProblem(err, where); }
  };

  async function load() {
    try {
      const page = await read(`/api/teams?organisationId=${encodeURIComponent(context.organisation)}&limit=200`);
      teams = page.items;
      renderList();
      if (selected) renderDetail(teams.find(x => x.id === selected));
    } catch (err) { showProblem(err, { line: error }); }
  }

  function renderList() {
    list.replaceChildren(teams.length
      ? el('table', { id: 'teams-table' },
          el('thead', {}, el('tr', {}, ...['teams.name', 'teams.id', 'teams.members', 'teams.status'].map(k => el('th', { text: t(k) })))),
          el('tbody', {}, ...teams.map(team => el('tr', { 'data-team': team.id },
            el('td', {}, el('button', { type: 'button', class: 'link-button', onclick: () => { selected = team.id; renderDetail(team); }, text: team.name })),
            el('td', { text: team.id }), el('td', { text: String(team.members.length) }), el('td', { text: t(`duty.${team.status}`) })))))
      : el('p', { class: 'muted', text: t('teams.none') }));
  }

  function renderDetail(team) {
    if (!team) { detail.replaceChildren(); return; }
    const line = el('p', { class: 'error', id: 'member-error' });
    const done = el('p', { class: 'ok', id: 'member-ok', role: 'status' });
    const member = field('member-id', 'teams.volunteerId', { required: true, maxlength: 64 });
    const add = el('form', { id: 'member-add' }, el('div', { class: 'fields' }, member.label),
      el('button', { class: 'primary', text: t('teams.addMember') }), line, done);
    const where = { line, scope: detail, fields: { volunteerId: member.input } };
    const act = async (method, url, body, message) => {
      clearProblem(where);
      done.textContent = '';
      try {
        const answer = await call(method, url, body);
        done.textContent = message(answer);
        await load();
        detail.querySelector('#member-ok')?.replaceChildren(message(answer));
      } catch (err) { showProblem(err, where); }
    };
    add.onsubmit = e => {
      e.preventDefault();
      const volunteerId = member.input.value.trim();
      act('POST', `/api/teams/${encodeURIComponent(team.id)}/members`, { volunteerId },
        answer => t(answer.status === 202 ? 'teams.invited' : 'teams.added', { volunteer: volunteerId }));
    };
    const rows = [
      ...team.members.map(v => el('tr', { 'data-member': v }, el('td', { text: v }),
        el('td', { text: v === team.leader ? t('teams.leaderRole') : t('teams.memberRole') }),
        el('td', {}, context.may.change && v !== team.leader
          ? button('remove', { 'data-action': 'remove', 'aria-label': `${t('remove')} ${v}`,
              onclick: () => act('DELETE', `/api/teams/${encodeURIComponent(team.id)}/members/${encodeURIComponent(v)}`, undefined, () => t('teams.removed', { volunteer: v })) })
          : null))),
      ...(team.invited ?? []).map(v => el('tr', { 'data-invited': v }, el('td', { text: v }), el('td', { text: t('teams.invitedRole') }),
        el('td', {}, context.may.change
          ? button('teams.withdraw', { 'data-action': 'withdraw',
              onclick: () => act('DELETE', `/api/teams/${encodeURIComponent(team.id)}/invitations/${encodeURIComponent(v)}`, undefined, () => t('teams.withdrawn', { volunteer: v })) })
          : null))),
    ];
    detail.replaceChildren(
      el('h3', { text: t('teams.detail', { name: team.name }) }),
      el('p', { class: 'muted', text: t('teams.summary', { id: team.id, minimum: team.minimumMembersToMuster, lat: team.baseLocation.latitude, lon: team.baseLocation.longitude }) }),
      el('table', { id: 'members-table' },
        el('thead', {}, el('tr', {}, ...['teams.volunteerId', 'teams.role', 'teams.actions'].map(k => el('th', { text: t(k) })))),
        el('tbody', {}, ...rows)),
      context.may.change ? add : el('p', { class: 'muted', text: t('readOnly') }));
  }

  load();
  return { refresh: () => { renderList(); if (selected) renderDetail(teams.find(x => x.id === selected)); } };
}

export default {
  mount,
  strings: {
    zh: {
      'teams.heading': '本辖区的志愿服务队', 'teams.id': '队伍编号', 'teams.name': '队名', 'teams.leader': '队长（志愿者编号）',
      'teams.latitude': '驻地纬度', 'teams.longitude': '驻地经度', 'teams.minimum': '最少集结人数', 'teams.create': '新建队伍',
      'teams.createButton': '创建队伍', 'teams.members': '队员', 'teams.status': '状态', 'teams.none': '暂无队伍',
      'teams.volunteerId': '志愿者编号', 'teams.addMember': '加入或邀请', 'teams.role': '身份', 'teams.actions': '操作',
      'teams.leaderRole': '队长', 'teams.memberRole': '队员', 'teams.invitedRole': '已邀请，待本人确认', 'teams.withdraw': '撤回邀请',
      'teams.added': '{volunteer} 已加入队伍', 'teams.invited': '已邀请 {volunteer}：本人在手机上确认后才加入',
      'teams.removed': '{volunteer} 已移出队伍', 'teams.withdrawn': '已撤回对 {volunteer} 的邀请',
      'teams.detail': '{name}', 'teams.summary': '编号 {id} · 最少 {minimum} 人集结 · 驻地 {lat}, {lon}',
      'duty.Off': '未值守', 'duty.Available': '待命', 'duty.OnCall': '值守中', 'duty.Assigned': '执行任务', 'duty.Resting': '休整',
      'msg.must be at least # to muster': '至少 {0} 人', 'msg.lies outside the area': '不在辖区内',
    },
    en: {
      'teams.heading': 'Teams of this jurisdiction', 'teams.id': 'Team id', 'teams.name': 'Name', 'teams.leader': 'Leader (volunteer id)',
      'teams.latitude': 'Base latitude', 'teams.longitude': 'Base longitude', 'teams.minimum': 'Members to muster', 'teams.create': 'New team',
      'teams.createButton': 'Create team', 'teams.members': 'Members', 'teams.status': 'Status', 'teams.none': 'No teams yet',
      'teams.volunteerId': 'Volunteer id', 'teams.addMember': 'Add or invite', 'teams.role': 'Role', 'teams.actions': 'Actions',
      'teams.leaderRole': 'Leader', 'teams.memberRole': 'Member', 'teams.invitedRole': 'Invited, waiting for their consent', 'teams.withdraw': 'Withdraw invitation',
      'teams.added': '{volunteer} joined the team', 'teams.invited': 'Invited {volunteer}: they join once they accept on their phone',
      'teams.removed': '{volunteer} left the team', 'teams.withdrawn': 'Invitation to {volunteer} withdrawn',
      'teams.detail': '{name}', 'teams.summary': 'Id {id} · musters with {minimum} · base {lat}, {lon}',
      'duty.Off': 'Off duty', 'duty.Available': 'Available', 'duty.OnCall': 'On call', 'duty.Assigned': 'On a task', 'duty.Resting': 'Resting',
      'msg.must be at least # to muster': 'at least {0}', 'msg.lies outside the area': 'outside the area',
    },
  },
};
