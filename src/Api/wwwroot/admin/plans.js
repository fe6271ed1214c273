// The plan editor (预案): for one incident type here, what to muster (capability × teams × minimum members each), how
// far to look, how long a team has to answer, how many to ask at once, and how the search widens when too few accept.
// Saved through the plan API; the next callout of that type reads it.
import { t } from '/shared/i18n.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { call, read, el, field, button } from './common.js';

const LEVELS = ['Community', 'Street', 'District', 'City', 'MutualAid'];

const minutesOf = span => {
  const [h, m, s] = String(span ?? '00:30:00').split(':').map(Number);
  return Math.round((h * 3600 + m * 60 + (s || 0)) / 60 * 100) / 100;
};
const spanOf = minutes => {
  const seconds = Math.round(Number(minutes) * 60);
  if (!Number.isFinite(seconds)) return null;
  const pad = n => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds % 3600 / 60))}:${pad(seconds % 60)}`;
};

function mount(root, context) {
  root.append(el('h2', { 'data-i18n': 'plan.heading', text: t('plan.heading') }));
  const type = field('plan-type', 'plan.type', { required: true, maxlength: 32, value: 'flood', list: 'plan-types' });
  const types = el('datalist', { id: 'plan-types' }, ...['flood', 'earthquake', 'landslide', 'typhoon', 'fire', 'search'].map(v => el('option', { value: v })));
  const loadLine = el('p', { class: 'error', id: 'plan-load-error' });
  const loadForm = el('form', { id: 'plan-load' }, el('div', { class: 'fields' }, type.label, types),
    el('button', { 'data-i18n': 'plan.load', text: t('plan.load') }), loadLine);
  const editor = el('form', { id: 'plan-editor', hidden: true });
  root.append(loadForm, editor);
  let plan = null;

  loadForm.onsubmit = async e => {
    e.preventDefault();
    clearProblem({ line: loadLine, scope: loadForm });
    const incidentType = type.input.value.trim();
    try {
      plan = await read(`/api/organisations/${encodeURIComponent(context.organisation)}/plans/${encodeURIComponent(incidentType)}`);
      plan.isNew = false;
    } catch (err) {
      if (err.status !== 404) { showProblem(err, { line: loadLine, scope: loadForm, fields: { incidentType: type.input } }); return; }
      // No plan for this type yet: start from one line the commander changes.
      plan = { id: `${context.organisation}-${incidentType}`, incidentType, requirements: [{ key: 'main', capability: '', teams: 1, minimumMembers: 1 }],
        radiusMeters: 10000, offerTimeout: '00:10:00', overOfferFactor: 1.5, ladder: [], isNew: true };
    }
    render();
  };

  function render() {
    if (!plan) return;
    const p = plan;
    const readOnly = !context.may.change;
    const reqBody = el('tbody', {});
    const addRequirement = r => {
      const i = reqBody.children.length;
      reqBody.append(el('tr', { 'data-requirement': i },
        el('td', {}, el('input', { id: `req-${i}-key`, 'aria-label': t('plan.key'), value: r.key, maxlength: 32, required: true })),
        el('td', {}, el('input', { id: `req-${i}-capability`, 'aria-label': t('plan.capability'), value: r.capability, maxlength: 64, required: true })),
        el('td', {}, el('input', { id: `req-${i}-teams`, 'aria-label': t('plan.teams'), type: 'number', min: 1, value: r.teams, required: true })),
        el('td', {}, el('input', { id: `req-${i}-minimumMembers`, 'aria-label': t('plan.minimumMembers'), type: 'number', min: 1, value: r.minimumMembers, required: true })),
        el('td', {}, button('remove', { 'aria-label': `${t('remove')} ${r.key}`, onclick: e => { e.target.closest('tr').remove(); } }))));
    };
    p.requirements.forEach(addRequirement);

    const ladderBody = el('tbody', {});
    const addStep = s => {
      const i = ladderBody.children.length;
      ladderBody.append(el('tr', { 'data-step': i },
        el('td', {}, el('select', { id: `step-${i}-level`, 'aria-label': t('plan.level') },
          ...LEVELS.map(l => el('option', { value: l, selected: l === s.level, text: t(`ladder.${l}`) })))),
        el('td', {}, el('input', { id: `step-${i}-factor`, 'aria-label': t('plan.factor'), inputmode: 'decimal', value: s.radiusFactor ?? '' })),
        el('td', {}, el('input', { id: `step-${i}-km`, 'aria-label': t('plan.radiusKm'), inputmode: 'decimal', value: s.radiusMeters == null ? '' : s.radiusMeters / 1000 })),
        el('td', {}, button('remove', { 'aria-label': `${t('remove')} ${t(`ladder.${s.level}`)}`, onclick: e => { e.target.closest('tr').remove(); } }))));
    };
    p.ladder.forEach(addStep);

    const planId = field('plan-id', 'plan.id', { required: true, maxlength: 64, value: p.id });
    const radius = field('plan-radius', 'plan.radiusKm', { required: true, inputmode: 'decimal', value: p.radiusMeters / 1000 });
    const timeout = field('plan-timeout', 'plan.timeoutMinutes', { required: true, inputmode: 'decimal', value: minutesOf(p.offerTimeout) });
    const factor = field('plan-factor', 'plan.overOffer', { required: true, inputmode: 'decimal', value: p.overOfferFactor });
    const line = el('p', { class: 'error', id: 'plan-error' });
    const done = el('p', { class: 'ok', id: 'plan-ok', role: 'status' });
    editor.replaceChildren(
      el('h3', { id: 'plan-title', text: t(p.isNew ? 'plan.new' : 'plan.editing', { type: p.incidentType }) }),
      el('div', { class: 'fields' }, planId.label, radius.label, timeout.label, factor.label),
      el('h4', { text: t('plan.requirements') }),
      el('table', { class: 'editor-rows', id: 'requirements' },
        el('thead', {}, el('tr', {}, ...['plan.key', 'plan.capability', 'plan.teams', 'plan.minimumMembers', 'teams.actions'].map(k => el('th', { text: t(k) })))),
        reqBody),
      button('plan.addRequirement', { id: 'add-requirement', onclick: () => addRequirement({ key: '', capability: '', teams: 1, minimumMembers: 1 }) }),
      el('h4', { text: t('plan.ladder') }),
      el('p', { class: 'muted', text: t('plan.ladderHelp') }),
      el('table', { class: 'editor-rows', id: 'ladder' },
        el('thead', {}, el('tr', {}, ...['plan.level', 'plan.factor', 'plan.radiusKm', 'teams.actions'].map(k => el('th', { text: t(k) })))),
        ladderBody),
      button('plan.addStep', { id: 'add-step', onclick: () => addStep({ level: LEVELS[Math.min(ladderBody.children.length + 2, 4)], radiusFactor: 2 }) }),
      el('div', { class: 'row-tools' }, readOnly ? el('p', { class: 'muted', text: t('readOnly') }) : el('button', { class: 'primary', id: 'plan-save', text: t('plan.save') })),
      line, done);
    editor.hidden = false;

    editor.onsubmit = async e => {
      e.preventDefault();
      const reqRows = [...reqBody.children];
      const stepRows = [...ladderBody.children];
      const fields = { id: planId.input, radiusMeters: radius.input, offerTimeout: timeout.input, overOfferFactor: factor.input, requirements: reqBody.closest('table') };
      reqRows.forEach((row, i) => { for (const name of ['key', 'capability', 'teams', 'minimumMembers']) fields[`requirements[${i}].${name}`] = row.querySelector(`[id$=-${name}]`); });
      stepRows.forEach((row, i) => {
        fields[`ladder[${i}].level`] = row.querySelector('select');
        fields[`ladder[${i}].radiusFactor`] = row.querySelector('[id$=-factor]');
        fields[`ladder[${i}].radiusMeters`] = row.querySelector('[id$=-km]');
        fields[`ladder[${i}]`] = row.querySelector('[id$=-km]');
      });
      const where = { line, scope: editor, fields };
      clearProblem(where);
      done.textContent = '';
      const number = input => input.value.trim() === '' ? null : Number(input.value);
      const body = {
        id: planId.input.value.trim(),
        requirements: reqRows.map(row => ({
          key: row.querySelector('[id$=-key]').value.trim(), capability: row.querySelector('[id$=-capability]').value.trim(),
          teams: number(row.querySelector('[id$=-teams]')), minimumMembers: number(row.querySelector('[id$=-minimumMembers]')) })),
        radiusMeters: number(radius.input) == null ? null : number(radius.input) * 1000,
        offerTimeout: spanOf(timeout.input.value),
        overOfferFactor: number(factor.input),
        ladder: stepRows.map(row => {
          const km = number(row.querySelector('[id$=-km]'));
          return { level: row.querySelector('select').value, radiusFactor: number(row.querySelector('[id$=-factor]')), radiusMeters: km == null ? null : km * 1000 };
        }),
      };
      try {
        const { body: saved } = await call('PUT', `/api/organisations/${encodeURIComponent(context.organisation)}/plans/${encodeURIComponent(p.incidentType)}`, body);
        plan = { ...saved, isNew: false };
        render();
        editor.querySelector('#plan-ok').textContent = t('plan.saved', { type: saved.incidentType });
      } catch (err) { showProblem(err, where); }
    };
  }

  return { refresh: render };
}

export default {
  mount,
  strings: {
    zh: {
      'plan.heading': '预案编辑', 'plan.type': '事件类型', 'plan.load': '打开预案', 'plan.new': '新建“{type}”预案',
      'plan.editing': '“{type}”预案', 'plan.id': '预案编号', 'plan.radiusKm': '搜索半径（公里）', 'plan.timeoutMinutes': '答复时限（分钟）',
      'plan.overOffer': '超额邀请倍数（1–5）', 'plan.requirements': '集结需求：资质 × 队伍数 × 每队最少合格人数', 'plan.key': '需求名',
      'plan.capability': '资质', 'plan.teams': '队伍数', 'plan.minimumMembers': '每队最少人数', 'plan.addRequirement': '添加需求',
      'plan.ladder': '升级梯次', 'plan.ladderHelp': '人手不足时逐级扩大：每一级填写半径倍数或新的半径（公里），二选一。',
      'plan.level': '层级', 'plan.factor': '半径倍数', 'plan.addStep': '添加梯次', 'plan.save': '保存预案', 'plan.saved': '“{type}”预案已保存，下一次集结即按此执行',
      'ladder.Community': '社区', 'ladder.Street': '街道', 'ladder.District': '区', 'ladder.City': '市', 'ladder.MutualAid': '跨市支援',
    },
    en: {
      'plan.heading': 'Plan editor', 'plan.type': 'Incident type', 'plan.load': 'Open plan', 'plan.new': 'New “{type}” plan',
      'plan.editing': '“{type}” plan', 'plan.id': 'Plan id', 'plan.radiusKm': 'Search radius (km)', 'plan.timeoutMinutes': 'Offer deadline (minutes)',
      'plan.overOffer': 'Over-offer factor (1–5)', 'plan.requirements': 'Requirements: capability × teams × minimum qualified members each', 'plan.key': 'Name',
      'plan.capability': 'Capability', 'plan.teams': 'Teams', 'plan.minimumMembers': 'Minimum members', 'plan.addRequirement': 'Add requirement',
      'plan.ladder': 'Escalation ladder', 'plan.ladderHelp': 'When too few accept, widen step by step: each step gives a radius factor or a new radius (km), one of the two.',
      'plan.level': 'Level', 'plan.factor': 'Radius factor', 'plan.addStep': 'Add step', 'plan.save': 'Save plan', 'plan.saved': 'The “{type}” plan is saved; the next callout uses it',
      'ladder.Community': 'Community', 'ladder.Street': 'Street', 'ladder.District': 'District', 'ladder.City': 'City', 'ladder.MutualAid': 'Mutual aid',
    },
  },
};
