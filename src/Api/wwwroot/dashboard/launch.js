// The launch form (集结出动): the place picked on the map or by district, the incident type chosen from the plans that
// apply there (with what each asks for), severity in words, a dry run of whom the callout would offer first, and for a
// real callout a confirmation. The server decides every one of these; the form shows what it answers.
import { get, post, newId, escapeHtml } from '/shared/api.js';
import { t, onLanguageChange } from '/shared/i18n.js';
import { showProblem, clearProblem } from '/shared/problem.js';

const $ = id => document.getElementById(id);
const km = metres => metres == null ? '' : `${(metres / 1000).toFixed(1)} km`;
const word = (prefix, code) => { const key = `${prefix}.${code}`; const text = t(key); return text === key ? code : text; };
export const capabilityName = code => word('capability', code);
export const severityName = n => t(`severity${n}`);

// Where the server's field names sit on the form: what a plan would have supplied (requirements) is the incident
// type's to answer for.
const where = () => ({
  line: $('create-error'), scope: $('create'),
  fields: { incidentType: 'type', requirements: 'type', severity: 'severity', place: 'lat', 'place.latitude': 'lat',
    'place.longitude': 'lon', latitude: 'lat', longitude: 'lon', description: 'description', exercise: 'exercise', exerciseId: 'exercise' },
});

/**
 * @param {object} o
 * @param {string} o.organisation the jurisdiction the callout is opened for
 * @param {{ pick(lat: number, lon: number): void }} o.map
 * @param {(id: string) => Promise<void>} o.onLaunched
 */
export function createLaunch({ organisation, map, onLaunched }) {
  let plans = [];
  let districts = [];
  let preview = null;
  // One id per callout being prepared: the dry run names the offers the launch will make, and a retried launch is the same incident.
  let pendingId = newId('inc');
  const org = encodeURIComponent(organisation);

  $('create').onsubmit = submit;
  $('preview').onclick = runPreview;
  $('district').onchange = () => {
    const district = districts.find(d => d.code === $('district').value);
    if (district) setPlace(district.inside.latitude, district.inside.longitude);
  };
  for (const id of ['lat', 'lon']) $(id).onchange = () => placeChanged();
  $('type').onchange = () => { preview = null; render(); };
  $('severity').onchange = () => { preview = null; render(); };
  $('confirm-no').onclick = () => $('confirm-launch').close();
  $('confirm-yes').onclick = () => { $('confirm-launch').close(); send(); };
  onLanguageChange(() => { fillSeverity(); fillDistricts(); fillTypes(); render(); });
  fillSeverity();

  function setPlace(lat, lon) {
    $('lat').value = lat.toFixed(5);
    $('lon').value = lon.toFixed(5);
    map.pick(lat, lon);
    placeChanged();
  }

  function place() {
    const latitude = Number($('lat').value), longitude = Number($('lon').value);
    return $('lat').value.trim() && $('lon').value.trim() && Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude, longitude } : null;
  }

  // The plans of the place, asked afresh each time it moves: the server also says here when it lies outside the
  // jurisdiction, before anything is sent.
  let asked = 0;
  async function placeChanged() {
    preview = null;
    const at = place();
    const ask = ++asked;
    clearProblem(where());
    try {
      const answer = await get(`/api/organisations/${org}/plans${at ? `?latitude=${at.latitude}&longitude=${at.longitude}` : ''}`);
      if (ask !== asked) return;
      plans = answer.plans;
      $('create').dataset.place = at ? 'inside' : 'none';
    } catch (error) {
      if (ask !== asked) return;
      $('create').dataset.place = 'outside';
      showProblem(error, where());
    }
    fillTypes();
    render();
  }

  function fillSeverity() {
    const chosen = $('severity').value || '2';
    $('severity').innerHTML = [1, 2, 3, 4].map(n => `<option value="${n}">${escapeHtml(severityName(n))}</option>`).join('');
    $('severity').value = chosen;
  }

  function fillDistricts() {
    const chosen = $('district').value;
    $('district').innerHTML = `<option value="">${escapeHtml(t('pickDistrict'))}</option>`
      + districts.map(d => `<option value="${escapeHtml(d.code)}">${escapeHtml(d.name)}</option>`).join('');
    $('district').value = chosen;
    $('district').closest('label').hidden = districts.length === 0;
  }

  function fillTypes() {
    const chosen = $('type').value;
    $('type').innerHTML = plans.length
      ? plans.map(p => `<option value="${escapeHtml(p.incidentType)}">${escapeHtml(word('incidentType', p.incidentType.toLowerCase()))}</option>`).join('')
      : `<option value="">${escapeHtml(t('noPlans'))}</option>`;
    if (plans.some(p => p.incidentType === chosen)) $('type').value = chosen;
    $('preview').disabled = $('launch').disabled = plans.length === 0;
  }

  const chosenPlan = () => plans.find(p => p.incidentType === $('type').value);

  function render() {
    const plan = chosenPlan();
    $('plan').innerHTML = plan ? `<div class="muted">${escapeHtml(t(plan.jurisdiction === organisation ? 'ownPlan' : 'inheritedPlan', { minutes: minutes(plan.offerTimeout) }))}</div>
      <ul class="plan-requirements">${plan.requirements.map(r => `<li data-requirement="${escapeHtml(r.key)}">
        ${escapeHtml(t('planRequirement', { capability: capabilityName(r.capability), teams: r.teams, members: r.minimumMembers }))}
        <span class="muted">${escapeHtml(t('withinRadius', { km: km(plan.radiusMeters) }))}</span></li>`).join('')}</ul>` : '';
    $('preview-result').innerHTML = preview ? previewList(preview) : '';
  }

  function previewList(p) {
    return `<h3>${escapeHtml(t('previewHeading'))}</h3>` + p.requirements.map(r => {
      const offers = r.offers.map(o => `<li data-team="${escapeHtml(o.team)}">${escapeHtml(o.name)}
          <span class="muted">${escapeHtml(t('offerEta', { minutes: o.etaMinutes ?? '?', km: km(o.distanceMeters) }))}</span></li>`).join('');
      const excluded = Object.entries(r.excluded).map(([reason, count]) => `${escapeHtml(t(reason))} ×${count}`).join('，');
      return `<div class="preview-requirement" data-requirement="${escapeHtml(r.key)}" data-status="${escapeHtml(r.status)}">
        <strong>${escapeHtml(capabilityName(r.capability))}</strong> <span class="muted">${escapeHtml(t('teamsNeeded', { teams: r.teams }))} · ${escapeHtml(word('level', r.level))} · ${km(r.radiusMeters)}</span>
        ${offers ? `<ol class="preview-offers">${offers}</ol>` : `<p class="warning">${escapeHtml(t('nobodyToOffer'))}</p>`}
        ${excluded ? `<p class="muted">${escapeHtml(t('excludedCount'))}：${excluded}</p>` : ''}</div>`;
    }).join('');
  }

  function body() {
    const at = place();
    return {
      id: pendingId, organisationId: organisation, incidentType: $('type').value, severity: Number($('severity').value),
      place: at ?? { latitude: $('lat').value.trim() === '' ? null : Number($('lat').value), longitude: $('lon').value.trim() === '' ? null : Number($('lon').value) },
      exercise: $('exercise').checked, description: $('description').value.trim() || null,
    };
  }

  async function runPreview() {
    asked++;
    clearProblem(where());
    try {
      preview = await post('/api/incidents/preview', body());
    } catch (error) {
      preview = null;
      showProblem(error, where());
    }
    render();
  }

  function submit(e) {
    e.preventDefault();
    if ($('exercise').checked) return send();
    // A real callout pages real people: said once more in words, and sent only on a second, deliberate press.
    const at = place();
    $('confirm-summary').textContent = t('confirmSummary', {
      type: $('type').selectedOptions[0]?.textContent ?? '', severity: severityName($('severity').value),
      place: at ? `${at.latitude.toFixed(4)}, ${at.longitude.toFixed(4)}` : '—',
    });
    $('confirm-launch').showModal();
  }

  async function send() {
    // A plans answer still on its way must not wipe what the launch's answer shows.
    asked++;
    clearProblem(where());
    const id = pendingId;
    try {
      await post('/api/incidents', body());
      pendingId = newId('inc');
      preview = null;
      render();
      await onLaunched(id);
    } catch (error) {
      showProblem(error, where());
    }
  }

  return {
    /** The jurisdiction's districts (GET …/area), for picking a place by name. */
    async load(area) {
      districts = area?.districts ?? [];
      fillDistricts();
      await placeChanged();
    },
    picked: (lat, lon) => setPlace(lat, lon),
  };
}

const minutes = span => {
  const [h, m, s] = String(span).split(':').map(Number);
  return Math.round((h * 3600 + m * 60 + (s || 0)) / 6) / 10;
};
