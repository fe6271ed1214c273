// The four-level tree (city / district / street / community): where the caller stands, what is beneath, and a new
// organisation one level down, within the caller's jurisdiction.
import { t } from '/shared/i18n.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { call, read, el, field } from './common.js';

const NEXT = { City: 'District', District: 'Street', Street: 'Community' };

function mount(root, context) {
  let view = null;
  const tree = el('div', { class: 'tree', id: 'org-tree' });
  const error = el('p', { class: 'error', id: 'org-error' });
  root.append(el('h2', { 'data-i18n': 'org.heading', text: t('org.heading') }), error, tree);

  const id = field('org-new-id', 'org.id', { required: true, maxlength: 64 });
  const name = field('org-new-name', 'org.name', { required: true, maxlength: 60 });
  const code = field('org-new-code', 'org.districtCode', { inputmode: 'numeric', maxlength: 6 });
  const line = el('p', { class: 'error', id: 'org-create-error' });
  const done = el('p', { class: 'ok', id: 'org-create-ok', role: 'status' });
  const form = el('form', { id: 'org-create', hidden: true },
    el('h3', { id: 'org-create-heading' }),
    el('div', { class: 'fields' }, id.label, name.label, code.label),
    el('button', { class: 'primary', 'data-i18n': 'org.create', text: t('org.create') }), line, done);
  if (context.may.change) root.append(form);

  form.onsubmit = async e => {
    e.preventDefault();
    const where = { line, scope: form, fields: { id: id.input, name: name.input, districtCode: code.input, parentId: id.input, level: name.input } };
    clearProblem(where);
    done.textContent = '';
    try {
      await call('POST', '/api/organisations', {
        id: id.input.value.trim(), name: name.input.value.trim(), level: NEXT[view.node.level],
        parentId: view.node.id, districtCode: code.input.value.trim() || null,
      });
      done.textContent = t('org.created', { name: name.input.value.trim() });
      form.reset();
      await load();
    } catch (err) { showProblem(err, where); }
  };

  async function load() {
    try {
      view = await read(`/api/organisations/${encodeURIComponent(context.organisation)}`);
      const children = await Promise.all(view.children.map(c => read(`/api/organisations/${encodeURIComponent(c)}`).catch(() => null)));
      render(children.filter(Boolean));
    } catch (err) { showProblem(err, { line: error }); }
  }

  let lastChildren = [];
  function render(children = lastChildren) {
    lastChildren = children;
    if (!view) return;
    const node = view.node;
    tree.replaceChildren(
      el('table', {},
        el('tbody', {},
          el('tr', {}, el('th', { text: t('org.name') }), el('td', { id: 'org-current', text: node.name })),
          el('tr', {}, el('th', { text: t('org.level') }), el('td', { text: t(`level.${node.level}`) })),
          el('tr', {}, el('th', { text: t('org.id') }), el('td', { text: node.id })),
          el('tr', {}, el('th', { text: t('org.districtCode') }), el('td', { text: node.districtCode ?? t('none') })),
          el('tr', {}, el('th', { text: t('org.ancestors') }), el('td', {}, ...(view.ancestors.length
            ? view.ancestors.map(a => el('button', { type: 'button', class: 'link-button', onclick: () => context.open(a), text: a }))
            : [t('none')]))),
          el('tr', {}, el('th', { text: t('org.teams') }), el('td', { text: String(view.teams.length) })))),
      el('h3', { text: t('org.children', { level: NEXT[node.level] ? t(`level.${NEXT[node.level]}`) : '' }) }),
      children.length
        ? el('ul', { id: 'org-children' }, ...children.map(c => el('li', { 'data-organisation': c.node.id },
            el('button', { type: 'button', class: 'link-button', onclick: () => context.open(c.node.id), text: c.node.name }),
            ` · ${t(`level.${c.node.level}`)} · ${c.node.id}`)))
        : el('p', { class: 'muted', text: t('org.noChildren') }));
    const next = NEXT[node.level];
    form.hidden = !next;
    form.querySelector('h3').textContent = next ? t('org.createChild', { level: t(`level.${next}`), parent: node.name }) : '';
  }

  load();
  return { refresh: () => render() };
}

export default {
  mount,
  strings: {
    zh: {
      'org.heading': '组织架构（市 / 区 / 街道 / 社区）', 'org.id': '编号', 'org.name': '名称', 'org.level': '层级',
      'org.districtCode': '行政区划代码（6 位，可选）', 'org.ancestors': '上级', 'org.teams': '直属队伍数',
      'org.children': '下级组织（{level}）', 'org.noChildren': '暂无下级组织', 'org.create': '创建',
      'org.createChild': '在“{parent}”下新建{level}', 'org.created': '已创建：{name}',
      'level.City': '市', 'level.District': '区', 'level.Street': '街道', 'level.Community': '社区',
      'msg.a city has no parent': '市级组织没有上级', 'msg.parent organisation not found': '找不到上级组织',
      'msg.must be # digits': '须为 {0} 位数字',
    },
    en: {
      'org.heading': 'Organisations (city / district / street / community)', 'org.id': 'Id', 'org.name': 'Name', 'org.level': 'Level',
      'org.districtCode': 'District code (6 digits, optional)', 'org.ancestors': 'Above', 'org.teams': 'Teams here',
      'org.children': 'Beneath ({level})', 'org.noChildren': 'Nothing beneath yet', 'org.create': 'Create',
      'org.createChild': 'New {level} under “{parent}”', 'org.created': 'Created: {name}',
      'level.City': 'City', 'level.District': 'District', 'level.Street': 'Street', 'level.Community': 'Community',
      'msg.a city has no parent': 'a city has no parent', 'msg.parent organisation not found': 'parent organisation not found',
      'msg.must be # digits': 'must be {0} digits',
    },
  },
};
