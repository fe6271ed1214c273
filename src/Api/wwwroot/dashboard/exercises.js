// Exercises (培训演练) from the console: a trainer starts a named exercise, ends it (which stands down every incident
// injected into it and freezes its after-action report) and opens the report in a tab. The server decides what an
// exercise is and holds; this panel shows what GET /api/organisations/{id}/exercises answers.
import { get, post, newId, openDocument, escapeHtml } from '/shared/api.js';
import { t, currentLanguage } from '/shared/i18n.js';
import { showProblem, clearProblem } from '/shared/problem.js';

const $ = id => document.getElementById(id);
let organisation = null;
let mayCommand = false;
let listed = [];

// The jurisdiction's zone, whatever the browser's: a command centre and its reports read Beijing time.
const when = at => at ? new Intl.DateTimeFormat(currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB',
  { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(at)) : '—';

const startForm = () => ({ line: $('exercise-error'), scope: $('start-exercise'), fields: { name: 'exercise-name', note: 'exercise-name' } });

/** Wires the panel before anything is awaited (a form without its handler would reload the page), then loads it. */
export function mountExercises(org, canCommand) {
  organisation = org;
  mayCommand = canCommand;
  $('exercises-panel').hidden = false;
  $('start-exercise').hidden = !mayCommand;
  $('start-exercise').onsubmit = start;
  $('exercise-list').onclick = onClick;
  return loadExercises();
}

export async function loadExercises() {
  try {
    listed = await get(`/api/organisations/${encodeURIComponent(organisation)}/exercises`);
  } catch (error) {
    showProblem(error, { line: $('exercise-error'), scope: $('exercise-list') });
  }
  renderExercises();
}

export function renderExercises() {
  if (!organisation) return;
  // Running ones first, the newest of each kind on top.
  const shown = [...listed].sort((a, b) => (a.status === 'Running' ? 0 : 1) - (b.status === 'Running' ? 0 : 1)
    || b.startedAt.localeCompare(a.startedAt));
  $('exercise-list').innerHTML = shown.map(e => `<li data-exercise="${escapeHtml(e.id)}" data-status="${e.status}">
      <strong>${escapeHtml(e.name)}</strong> <span class="badge">${t(e.status === 'Running' ? 'exerciseRunning' : 'exerciseEnded')}</span>
      <span class="muted">${t('exerciseStarted')} ${when(e.startedAt)}${e.endedAt ? ` · ${t('exerciseEndedAt')} ${when(e.endedAt)}` : ''}
        · ${t('exerciseIncidents', { count: e.incidents.length })}</span>
      <span class="tools">
        ${e.status === 'Running' && mayCommand ? `<button type="button" data-exercise-action="end">${t('endExercise')}</button>` : ''}
        <button type="button" data-exercise-action="report">${t('exerciseReport')}</button>
      </span></li>`).join('') || `<li class="muted">${t('noExercises')}</li>`;
}

async function start(e) {
  e.preventDefault();
  clearProblem(startForm());
  try {
    // The id is the page's own, so a retry after a lost answer gets the same exercise back, not a second one.
    await post('/api/exercises', { id: newId('ex'), name: $('exercise-name').value.trim(), organisationId: organisation });
    $('exercise-name').value = '';
    await loadExercises();
  } catch (error) {
    showProblem(error, startForm());
  }
}

async function onClick(e) {
  const button = e.target.closest('[data-exercise-action]');
  if (!button) return;
  const id = button.closest('[data-exercise]').dataset.exercise;
  const where = { line: $('exercise-error'), scope: $('exercise-list') };
  clearProblem(where);
  try {
    if (button.dataset.exerciseAction === 'end') {
      if (!confirm(t('confirmEndExercise'))) return;
      await post(`/api/exercises/${encodeURIComponent(id)}/end`);
      await loadExercises();
    } else {
      await openDocument(`/api/exercises/${encodeURIComponent(id)}/report.html`);
    }
  } catch (error) {
    showProblem(error, where);
  }
}
