// Real-name registration (实名注册) with the server's ID-number check, then a volunteer's certifications and insurance:
// added or renewed, each with its expiry date. Phone and ID number come back masked; the page never asks them unmasked.
import { t } from '/shared/i18n.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { call, read, el, field, day } from './common.js';

function mount(root, context) {
  let profile = null;
  root.append(el('h2', { 'data-i18n': 'vol.heading', text: t('vol.heading') }));

  const r = {
    id: field('vol-id', 'vol.id', { required: true, maxlength: 64 }),
    realName: field('vol-name', 'vol.realName', { required: true, maxlength: 40 }),
    phone: field('vol-phone', 'vol.phone', { required: true, inputmode: 'tel', maxlength: 20 }),
    idNumber: field('vol-idnumber', 'vol.idNumber', { maxlength: 18, autocomplete: 'off' }),
    skills: field('vol-skills', 'vol.skills', { maxlength: 200 }),
  };
  const regLine = el('p', { class: 'error', id: 'vol-register-error' });
  const regDone = el('p', { class: 'ok', id: 'vol-register-ok', role: 'status' });
  const register = el('form', { id: 'vol-register' },
    el('h3', { 'data-i18n': 'vol.register', text: t('vol.register') }),
    el('div', { class: 'fields' }, ...Object.values(r).map(x => x.label)),
    el('button', { class: 'primary', 'data-i18n': 'vol.registerButton', text: t('vol.registerButton') }), regLine, regDone);
  // Any commander registers (their organisation then holds the record); observers do not.
  if (context.may.change) root.append(register);
  register.onsubmit = async e => {
    e.preventDefault();
    const where = { line: regLine, scope: register, fields: { id: r.id.input, realName: r.realName.input, phone: r.phone.input, idNumber: r.idNumber.input, skills: r.skills.input } };
    clearProblem(where);
    regDone.textContent = '';
    try {
      const { body } = await call('POST', '/api/volunteers', {
        id: r.id.input.value.trim(), realName: r.realName.input.value.trim(), phone: r.phone.input.value.trim(),
        idNumber: r.idNumber.input.value.trim() || null,
        skills: r.skills.input.value.split(/[,，;；\s]+/).filter(Boolean),
      });
      regDone.textContent = t('vol.registered', { name: body.realName, id: body.id });
      lookupInput.input.value = body.id;
      register.reset();
      show(body);
    } catch (err) { showProblem(err, where); }
  };

  const lookupInput = field('vol-lookup-id', 'vol.id', { required: true, maxlength: 64 });
  const lookLine = el('p', { class: 'error', id: 'vol-lookup-error' });
  const lookup = el('form', { id: 'vol-lookup' },
    el('h3', { 'data-i18n': 'vol.lookup', text: t('vol.lookup') }),
    el('div', { class: 'fields' }, lookupInput.label),
    el('button', { 'data-i18n': 'vol.open', text: t('vol.open') }), lookLine);
  const detail = el('section', { id: 'vol-detail' });
  root.append(lookup, detail);
  lookup.onsubmit = async e => {
    e.preventDefault();
    const where = { line: lookLine, scope: lookup, fields: { id: lookupInput.input } };
    clearProblem(where);
    try { show(await read(`/api/volunteers/${encodeURIComponent(lookupInput.input.value.trim())}`)); }
    catch (err) { showProblem(err, where); }
  };

  function show(value) {
    profile = value;
    render();
  }

  function render() {
    if (!profile) { detail.replaceChildren(); return; }
    const p = profile;
    const certRows = p.certifications.map((c, i) => el('tr', { 'data-capability': c.capability },
      el('td', { text: c.capability }), el('td', { text: day(c.issued) }),
      el('td', { class: 'expires', text: day(c.expires) }), el('td', { text: c.issuer ?? '' }),
      el('td', {}, context.may.change ? el('button', { type: 'button', 'data-action': 'renew', text: t('vol.renew'), onclick: () => fillCert(c) }) : null)));
    const c = {
      capability: field('cert-capability', 'vol.capability', { required: true, maxlength: 64 }),
      issued: field('cert-issued', 'vol.issued', { required: true, type: 'date' }),
      expires: field('cert-expires', 'vol.expires', { required: true, type: 'date' }),
      issuer: field('cert-issuer', 'vol.issuer', { maxlength: 100 }),
    };
    const fillCert = cert => {
      c.capability.input.value = cert.capability;
      c.issued.input.value = cert.issued;
      c.expires.input.value = '';
      c.issuer.input.value = cert.issuer ?? '';
      c.expires.input.focus();
    };
    const certLine = el('p', { class: 'error', id: 'cert-error' });
    const certForm = el('form', { id: 'cert-form' },
      el('h4', { text: t('vol.addCert') }), el('div', { class: 'fields' }, ...Object.values(c).map(x => x.label)),
      el('button', { class: 'primary', text: t('vol.saveCert') }), certLine);
    certForm.onsubmit = async e => {
      e.preventDefault();
      const capability = c.capability.input.value.trim();
      // Renewing replaces the certificate for the same capability; the server judges the dates.
      const list = [...p.certifications.filter(x => x.capability !== capability),
        { capability, issued: c.issued.input.value || null, expires: c.expires.input.value || null, issuer: c.issuer.input.value.trim() || null }];
      const index = list.length - 1;
      const where = { line: certLine, scope: certForm, fields: { [`certifications[${index}].capability`]: c.capability.input,
        [`certifications[${index}].issued`]: c.issued.input, [`certifications[${index}].expires`]: c.expires.input, [`certifications[${index}].issuer`]: c.issuer.input } };
      clearProblem(where);
      try { show((await call('PUT', `/api/volunteers/${encodeURIComponent(p.id)}/certifications`, { certifications: list })).body); }
      catch (err) { showProblem(err, where); }
    };

    const ins = {
      policyNumber: field('ins-policy', 'vol.policy', { required: true, maxlength: 64, value: p.insurance?.policyNumber ?? '' }),
      validFrom: field('ins-from', 'vol.validFrom', { required: true, type: 'date', value: p.insurance?.validFrom ?? '' }),
      validTo: field('ins-to', 'vol.validTo', { required: true, type: 'date', value: p.insurance?.validTo ?? '' }),
    };
    const insLine = el('p', { class: 'error', id: 'ins-error' });
    const insForm = el('form', { id: 'ins-form' },
      el('h4', { text: t('vol.insurance') }), el('div', { class: 'fields' }, ...Object.values(ins).map(x => x.label)),
      el('button', { class: 'primary', text: t('vol.saveInsurance') }), insLine);
    insForm.onsubmit = async e => {
      e.preventDefault();
      const where = { line: insLine, scope: insForm, fields: { 'insurance.policyNumber': ins.policyNumber.input, 'insurance.validFrom': ins.validFrom.input, 'insurance.validTo': ins.validTo.input } };
      clearProblem(where);
      try {
        show((await call('PUT', `/api/volunteers/${encodeURIComponent(p.id)}/insurance`, { insurance: {
          policyNumber: ins.policyNumber.input.value.trim(), validFrom: ins.validFrom.input.value || null, validTo: ins.validTo.input.value || null } })).body);
      } catch (err) { showProblem(err, where); }
    };

    detail.replaceChildren(
      el('h3', { id: 'vol-detail-name', text: `${p.realName} · ${p.id}` }),
      el('table', {}, el('tbody', {},
        el('tr', {}, el('th', { text: t('vol.phone') }), el('td', { text: p.phone })),
        el('tr', {}, el('th', { text: t('vol.idNumber') }), el('td', { text: p.idNumber ?? t('none') })),
        el('tr', {}, el('th', { text: t('vol.skills') }), el('td', { text: p.skills.join('、') || t('none') })),
        el('tr', {}, el('th', { text: t('vol.teams') }), el('td', { text: p.teams.join('、') || t('none') })),
        el('tr', {}, el('th', { text: t('vol.insurance') }), el('td', { id: 'vol-insurance', text: p.insurance
          ? t('vol.insuranceLine', { policy: p.insurance.policyNumber, from: day(p.insurance.validFrom), to: day(p.insurance.validTo) })
          : t('none') })))),
      el('h4', { text: t('vol.certifications') }),
      p.certifications.length
        ? el('table', { id: 'cert-table' },
            el('thead', {}, el('tr', {}, ...['vol.capability', 'vol.issued', 'vol.expires', 'vol.issuer', 'teams.actions'].map(k => el('th', { text: t(k) })))),
            el('tbody', {}, ...certRows))
        : el('p', { class: 'muted', text: t('vol.noCerts') }),
      ...(context.may.change ? [certForm, insForm] : []));
  }

  return { refresh: render };
}

export default {
  mount,
  strings: {
    zh: {
      'vol.heading': '志愿者', 'vol.register': '实名注册', 'vol.registerButton': '注册', 'vol.id': '志愿者编号',
      'vol.realName': '真实姓名', 'vol.phone': '手机号', 'vol.idNumber': '身份证号（18 位，可选）', 'vol.skills': '技能（用逗号分隔）',
      'vol.registered': '已注册：{name}（{id}）', 'vol.lookup': '查看志愿者', 'vol.open': '查看', 'vol.teams': '所在队伍',
      'vol.insurance': '保险', 'vol.insuranceLine': '保单 {policy}，{from} 至 {to}', 'vol.certifications': '资质证书（先培训再上岗）',
      'vol.noCerts': '暂无资质证书', 'vol.capability': '资质', 'vol.issued': '发证日期', 'vol.expires': '有效期至', 'vol.issuer': '发证机构',
      'vol.renew': '续期', 'vol.addCert': '添加或续期资质', 'vol.saveCert': '保存资质', 'vol.policy': '保单号',
      'vol.validFrom': '起保日期', 'vol.validTo': '终保日期', 'vol.saveInsurance': '保存保险',
    },
    en: {
      'vol.heading': 'Volunteers', 'vol.register': 'Real-name registration', 'vol.registerButton': 'Register', 'vol.id': 'Volunteer id',
      'vol.realName': 'Real name', 'vol.phone': 'Phone', 'vol.idNumber': 'ID number (18 characters, optional)', 'vol.skills': 'Skills (comma-separated)',
      'vol.registered': 'Registered: {name} ({id})', 'vol.lookup': 'Open a volunteer', 'vol.open': 'Open', 'vol.teams': 'Teams',
      'vol.insurance': 'Insurance', 'vol.insuranceLine': 'Policy {policy}, {from} to {to}', 'vol.certifications': 'Certifications (trained before deployed)',
      'vol.noCerts': 'No certifications', 'vol.capability': 'Capability', 'vol.issued': 'Issued', 'vol.expires': 'Valid until', 'vol.issuer': 'Issuer',
      'vol.renew': 'Renew', 'vol.addCert': 'Add or renew a certification', 'vol.saveCert': 'Save certification', 'vol.policy': 'Policy number',
      'vol.validFrom': 'Valid from', 'vol.validTo': 'Valid to', 'vol.saveInsurance': 'Save insurance',
    },
  },
};
