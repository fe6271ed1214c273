// The unit status board (单位状态): every team of the jurisdiction by status, with counts per status that double as
// filters, and capability and district filters. The server derives each team's status (UnitStatusRule); the board
// shows what it says and asks again when a team's status moves on the live feed.
import { get, escapeHtml } from '/shared/api.js';
import { t } from '/shared/i18n.js';
import { coalesced } from '/shared/coalesce.js';
import { showProblem, clearProblem } from '/shared/problem.js';
import { dateTime, clock } from './when.js';
import { names } from './names.js';
import { setOptions } from './options.js';
import { capabilityLabel, drillBadge } from './incidents.js';

export const STATUSES = ['Available', 'OnCall', 'Offered', 'Mustered', 'EnRoute', 'OnScene', 'Resting', 'Off'];
const PAGE = 100;

/**
 * @param root the board's section (#units)
 * @param organisation the jurisdiction shown
 * @param districts the jurisdiction's districts ({ id, name }), for the district filter
 * @param onNames called after a load taught the page team names (cards and feed then say them)
 */
export function createUnitBoard(root, organisation, districts, onNames) {
  const $ = selector => root.querySelector(selector);
  const filter = { status: '', capability: '', district: '' };
  let board = null;
  let limit = PAGE;
  const where = { line: $('.error'), scope: root, fields: { capability: $('#unit-capability'), district: $('#unit-district'), status: $('#unit-counts') } };

  // Before the first await: the controls work as soon as they are drawn.
  $('#unit-counts').onclick = e => {
    const button = e.target.closest('[data-status]');
    if (!button) return;
    filter.status = filter.status === button.dataset.status ? '' : button.dataset.status;
    limit = PAGE;
    refresh();
  };
  $('#unit-capability').onchange = e => { filter.capability = e.target.value; limit = PAGE; refresh(); };
  $('#unit-district').onchange = e => { filter.district = e.target.value; limit = PAGE; refresh(); };
  $('#unit-more').onclick = () => { limit += PAGE; refresh(); };

  async function load() {
    const query = new URLSearchParams({ limit: String(Math.min(limit, 500)) });
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
    try {
      board = await get(`/api/organisations/${encodeURIComponent(organisation)}/units?${query}`);
      clearProblem(where);
      if (names.teams(board.units)) onNames?.();
    } catch (error) {
      showProblem(error, where);
    }
    render();
  }
  const refresh = coalesced(load, 250);

  function render() {
    setOptions($('#unit-district'), [['', t('allDistricts')], ...districts().map(d => [d.id, d.name])], filter.district);
    const capabilities = [...new Set([...(board?.capabilities ?? []), ...(filter.capability ? [filter.capability] : [])])];
    setOptions($('#unit-capability'), [['', t('allCapabilities')], ...capabilities.map(c => [c, capabilityLabel(c)])], filter.capability);
    if (!board) return;
    // Updated in place, so the chip a keyboard user just pressed keeps the focus.
    if (!$('#unit-counts').children.length)
      $('#unit-counts').innerHTML = STATUSES.map(s => `<button type="button" data-status="${s}"><span class="label"></span> <span class="count"></span></button>`).join('');
    for (const button of $('#unit-counts').children) {
      const s = button.dataset.status;
      button.setAttribute('aria-pressed', String(filter.status === s));
      button.querySelector('.label').textContent = t(`unit.${s}`);
      button.querySelector('.count').textContent = board.counts[s] ?? 0;
    }
    $('#unit-list').innerHTML = board.units.length
      ? board.units.map(row).join('')
      : `<tr><td class="muted">${t('noUnits')}</td></tr>`;
    $('#unit-total').textContent = t('unitsShown', { shown: board.units.length, total: board.total });
    $('#unit-more').hidden = board.units.length >= board.total || limit >= 500;
  }

  return { refresh, render };
}

function row(unit) {
  const note = unit.incident
    ? `${escapeHtml(unit.incident)}${unit.exercise ? ' ' + drillBadge() : ''}${unit.since ? ` · ${t('sinceTime', { time: clock(unit.since) })}` : ''}`
    : unit.restUntil ? t('restUntil', { time: dateTime(unit.restUntil) })
    : unit.onCallUntil ? t('onCallUntil', { time: dateTime(unit.onCallUntil) })
    : '';
  const capabilities = Object.entries(unit.capabilities).filter(([, n]) => n > 0).map(([c, n]) => `${escapeHtml(capabilityLabel(c))}×${n}`).join(' ');
  return `<tr data-unit="${escapeHtml(unit.id)}" data-status="${unit.status}">
    <td><strong>${escapeHtml(unit.name)}</strong><div class="muted">${capabilities}</div></td>
    <td>${unit.members} ${t('members')}</td>
    <td class="unit-status"><span class="badge" data-status="${unit.status}">${t(`unit.${unit.status}`)}</span> <span class="muted">${note}</span></td></tr>`;
}
