// A one-time enrolment link for a volunteer whose record the caller holds, with its QR code to scan from this screen
// or a printout. The server makes both; only the one who makes the link ever sees its code.
import { t } from '/shared/i18n.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { call, el, field, when } from './common.js';

function mount(root, context) {
  let link = null;
  root.append(el('h2', { 'data-i18n': 'enrol.heading', text: t('enrol.heading') }),
    el('p', { class: 'muted', 'data-i18n': 'enrol.help', text: t('enrol.help') }));
  const volunteer = field('enrol-volunteer', 'enrol.volunteer', { required: true, maxlength: 64 });
  const days = field('enrol-days', 'enrol.days', { type: 'number', min: 1, max: 30, value: 3 });
  const line = el('p', { class: 'error', id: 'enrol-error' });
  const result = el('section', { id: 'enrol-result', 'aria-live': 'polite' });
  const form = el('form', { id: 'enrol-form' }, el('div', { class: 'fields' }, volunteer.label, days.label),
    el('button', { class: 'primary', 'data-i18n': 'enrol.create', text: t('enrol.create') }), line);
  if (context.may.change) root.append(form, result);
  else root.append(el('p', { class: 'muted', text: t('readOnly') }));

  form.onsubmit = async e => {
    e.preventDefault();
    const where = { line, scope: form, fields: { volunteerId: volunteer.input, lifetimeMinutes: days.input } };
    clearProblem(where);
    try {
      link = (await call('POST', '/api/enrolments', { volunteerId: volunteer.input.value.trim(), lifetimeMinutes: Math.round(Number(days.input.value || 3) * 24 * 60) })).body;
      render();
    } catch (err) { showProblem(err, where); }
  };

  function render() {
    if (!link) return;
    const qr = el('figure', { class: 'qr', id: 'enrol-qr' });
    // The server's own SVG, drawn from QRCoder's matrix: no script in it, parsed as an SVG document, not as HTML.
    const svg = new DOMParser().parseFromString(link.qrSvg, 'image/svg+xml').documentElement;
    qr.append(document.importNode(svg, true), el('figcaption', { text: t('enrol.scan', { volunteer: link.volunteerId }) }));
    const copy = el('button', { type: 'button', text: t('enrol.copy'), onclick: async () => {
      try { await navigator.clipboard.writeText(link.url); copy.textContent = t('enrol.copied'); } catch { copy.textContent = t('enrol.copyFailed'); }
    } });
    result.replaceChildren(
      el('h3', { text: t('enrol.for', { volunteer: link.volunteerId }) }), qr,
      el('p', {}, el('a', { id: 'enrol-link', href: link.url, text: link.url })),
      el('p', { class: 'row-tools' }, copy, el('button', { type: 'button', text: t('enrol.print'), onclick: () => window.print() })),
      el('p', { class: 'muted', id: 'enrol-expires', text: t('enrol.expires', { at: when(link.expiresAt) }) }));
  }

  return { refresh: render };
}

export default {
  mount,
  strings: {
    zh: {
      'enrol.heading': '登记链接与二维码', 'enrol.help': '为已注册的志愿者生成一次性登录链接：志愿者用手机扫码即可登录志愿者端，链接只能使用一次。',
      'enrol.volunteer': '志愿者编号', 'enrol.days': '有效天数（1–30）', 'enrol.create': '生成链接', 'enrol.for': '{volunteer} 的登记链接',
      'enrol.scan': '请 {volunteer} 用手机扫码', 'enrol.copy': '复制链接', 'enrol.copied': '已复制', 'enrol.copyFailed': '无法复制，请手动选择链接',
      'enrol.print': '打印', 'enrol.expires': '有效期至 {at}（北京时间）',
    },
    en: {
      'enrol.heading': 'Enrolment links and QR codes', 'enrol.help': 'A one-time sign-in link for a registered volunteer: they scan the code with their phone to open the volunteer app; the link works once.',
      'enrol.volunteer': 'Volunteer id', 'enrol.days': 'Valid for (days, 1–30)', 'enrol.create': 'Make link', 'enrol.for': 'Enrolment link for {volunteer}',
      'enrol.scan': '{volunteer} scans this with their phone', 'enrol.copy': 'Copy link', 'enrol.copied': 'Copied', 'enrol.copyFailed': 'Cannot copy; select the link instead',
      'enrol.print': 'Print', 'enrol.expires': 'Valid until {at} (Beijing time)',
    },
  },
};
