// Bulk import from CSV: a dry run lists every bad row (line, column, reason) and imports nothing; the import itself is
// offered only for the very file whose dry run came back clean, and the server still refuses a file that is not.
import { t, has } from '/shared/i18n.js';
import { showProblem, clearProblem, translate } from '/shared/problem.js';
import { call, el, select, download } from './common.js';

const COLUMNS = {
  volunteers: 'id, realName, phone, idNumber, skills, certifications, insurancePolicyNumber, insuranceValidFrom, insuranceValidTo',
  teams: 'id, name, organisationId, leaderId, latitude, longitude, minimumMembersToMuster, members',
};

function mount(root, context) {
  let report = null;
  let checked = null;
  root.append(el('h2', { 'data-i18n': 'imp.heading', text: t('imp.heading') }));
  if (!context.may.change) { root.append(el('p', { class: 'muted', text: t('readOnly') })); return null; }

  const kind = select('imp-kind', 'imp.kind', [['volunteers', 'imp.volunteers'], ['teams', 'imp.teams']]);
  const file = el('input', { id: 'imp-file', type: 'file', accept: '.csv,text/csv' });
  const fileLabel = el('label', { for: 'imp-file' }, el('span', { 'data-i18n': 'imp.file', text: t('imp.file') }), file);
  const columns = el('p', { class: 'muted', id: 'imp-columns' });
  const template = el('button', { type: 'button', id: 'imp-template', 'data-i18n': 'imp.template', text: t('imp.template') });
  const check = el('button', { type: 'button', id: 'imp-check', 'data-i18n': 'imp.check', text: t('imp.check') });
  const run = el('button', { type: 'button', class: 'primary', id: 'imp-run', disabled: true, 'data-i18n': 'imp.run', text: t('imp.run') });
  const line = el('p', { class: 'error', id: 'imp-error' });
  const result = el('section', { id: 'imp-result', 'aria-live': 'polite' });
  const form = el('form', { id: 'imp-form' }, el('div', { class: 'fields' }, kind.label, fileLabel), columns,
    el('div', { class: 'row-tools' }, template, check, run), line);
  root.append(form, result);
  form.onsubmit = e => e.preventDefault();

  const where = { line, scope: form, fields: { file } };
  const showColumns = () => { columns.textContent = t('imp.columns', { columns: COLUMNS[kind.input.value] }); };
  const reset = () => { checked = null; run.disabled = true; report = null; result.replaceChildren(); clearProblem(where); showColumns(); };
  kind.input.onchange = reset;
  file.onchange = reset;
  showColumns();

  template.onclick = () => download(`/api/imports/${kind.input.value}/template.csv`, `${kind.input.value}-template.csv`).catch(err => showProblem(err, where));

  check.onclick = async () => {
    clearProblem(where);
    const chosen = file.files[0];
    if (!chosen) { line.textContent = t('imp.choose'); return; }
    const text = await chosen.text();
    try {
      report = (await call('POST', `/api/imports/${kind.input.value}?dryRun=true`, text, 'text/csv')).body;
      // Only this text, of this kind, may be imported: a file changed on disk since is checked again.
      checked = report.clean ? { kind: kind.input.value, text } : null;
      run.disabled = !checked;
      render();
    } catch (err) { showProblem(err, where); }
  };

  run.onclick = async () => {
    if (!checked) return;
    clearProblem(where);
    try {
      report = (await call('POST', `/api/imports/${checked.kind}`, checked.text, 'text/csv')).body;
      checked = null;
      run.disabled = true;
      render();
    } catch (err) {
      // Someone changed the registry since the dry run: the server lists what is wrong now.
      if (err.problem?.problems) { report = { dryRun: false, clean: false, rows: err.problem.rows, imported: 0, problems: err.problem.problems }; render(); }
      showProblem(err, where);
    }
  };

  function render() {
    if (!report) return;
    const summary = report.dryRun
      ? t(report.clean ? 'imp.clean' : 'imp.dirty', { rows: report.rows, problems: report.problems.length })
      : report.clean ? t('imp.imported', { rows: report.imported }) : t('imp.notImported');
    result.replaceChildren(
      el('p', { id: 'imp-summary', class: report.clean ? 'ok' : 'error', text: summary }),
      report.problems.length ? el('table', { id: 'imp-problems' },
        el('caption', { class: 'muted', text: t('imp.problemsCaption') }),
        el('thead', {}, el('tr', {}, ...['imp.line', 'imp.column', 'imp.reason'].map(k => el('th', { scope: 'col', text: t(k) })))),
        el('tbody', {}, ...report.problems.map(p => el('tr', { 'data-line': p.line, 'data-column': p.column },
          el('td', { text: String(p.line) }),
          el('td', { text: p.column === '*' ? t('imp.wholeLine') : has(`field.${p.column}`) ? `${t(`field.${p.column}`)} (${p.column})` : p.column }),
          el('td', { text: translate(p.message) })))))
        : null);
  }

  return { refresh: () => { showColumns(); render(); } };
}

export default {
  mount,
  strings: {
    zh: {
      'imp.heading': '批量导入（CSV）', 'imp.kind': '导入内容', 'imp.volunteers': '志愿者', 'imp.teams': '队伍（队长与队员须已注册）',
      'imp.file': 'CSV 文件（UTF-8，逗号分隔，第一行为列名）', 'imp.columns': '列：{columns}', 'imp.template': '下载模板',
      'imp.check': '检查（试导入，不写入）', 'imp.run': '正式导入', 'imp.choose': '请先选择文件',
      'imp.clean': '检查通过：{rows} 行均可导入。确认无误后点击“正式导入”。', 'imp.dirty': '共 {rows} 行，发现 {problems} 处问题；未导入任何内容。请修改文件后重新检查。',
      'imp.imported': '已导入 {rows} 行', 'imp.notImported': '文件有问题，未导入任何内容',
      'imp.problemsCaption': '有问题的行（第 1 行为表头）', 'imp.line': '行号', 'imp.column': '列', 'imp.reason': '原因', 'imp.wholeLine': '整行',
      'field.insurancePolicyNumber': '保单号', 'field.insuranceValidFrom': '起保日期', 'field.insuranceValidTo': '终保日期',
      'field.latitude': '纬度', 'field.longitude': '经度', 'field.members': '队员',
    },
    en: {
      'imp.heading': 'Bulk import (CSV)', 'imp.kind': 'Import', 'imp.volunteers': 'Volunteers', 'imp.teams': 'Teams (leaders and members registered first)',
      'imp.file': 'CSV file (UTF-8, commas, the first line names the columns)', 'imp.columns': 'Columns: {columns}', 'imp.template': 'Download template',
      'imp.check': 'Check (dry run, writes nothing)', 'imp.run': 'Import', 'imp.choose': 'Choose a file first',
      'imp.clean': 'Clean: all {rows} rows can be imported. Press “Import” to write them.', 'imp.dirty': '{rows} rows, {problems} problems; nothing was imported. Fix the file and check again.',
      'imp.imported': 'Rows imported: {rows}', 'imp.notImported': 'The file has problems; nothing was imported',
      'imp.problemsCaption': 'Rows with problems (line 1 is the header)', 'imp.line': 'Line', 'imp.column': 'Column', 'imp.reason': 'Reason', 'imp.wholeLine': 'whole line',
      'field.insurancePolicyNumber': 'Policy number', 'field.insuranceValidFrom': 'Valid from', 'field.insuranceValidTo': 'Valid to',
      'field.latitude': 'Latitude', 'field.longitude': 'Longitude', 'field.members': 'Members',
    },
  },
};
