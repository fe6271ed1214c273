// What needs the commander now: a callout that became unfillable, a wave that escalated (a wider search), an offer left
// unanswered past its deadline. Each is read from the events the feed already sends; it sounds once, marks its
// incident until the commander opens it, and the tab title counts the incidents waiting.
import { t } from '/shared/i18n.js';

// The feed's facts, by the timeline kind the server wrote first in the event's detail.
const reasonOf = event => {
  const kind = String(event.detail ?? '').split(':')[0];
  if (kind === 'unfillable') return 'unfillable';
  if (kind === 'escalated') return 'escalated';
  if (kind === 'offer-timed-out') return 'timedOut';
  return null;
};

// Lower for the louder news: unfillable is the one a commander must act on.
const tones = { unfillable: [440, 330, 440, 330], escalated: [660, 880], timedOut: [520] };

/** @param {{ onChange: () => void }} o */
export function createAttention({ onChange }) {
  const waiting = new Map();
  const badge = document.getElementById('attention');
  const title = document.title;
  let audio = null;
  let sounded = 0;
  // Browsers start audio only after the person has used the page; until then the highlight and the title carry it.
  const unlock = () => {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') audio.resume();
  };
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, unlock, { capture: true });

  function sound(reason) {
    if (!audio || audio.state !== 'running') return;
    let at = audio.currentTime;
    for (const frequency of tones[reason]) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + 0.18);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.2);
      at += 0.22;
      if (frequency === tones[reason].at(-1)) oscillator.onended = () => { badge.dataset.sounded = String(++sounded); };
    }
  }

  function show() {
    const count = waiting.size;
    document.title = count ? `(${count}) ${title}` : title;
    badge.hidden = count === 0;
    badge.textContent = count ? t('attentionCount', { count }) : '';
    onChange();
  }

  return {
    /** An incident's event: whether it is one that needs attention, and if so sound and mark it. */
    note(event) {
      const reason = reasonOf(event);
      if (!reason || !event.incident) return;
      const reasons = waiting.get(event.incident) ?? new Set();
      reasons.add(reason);
      waiting.set(event.incident, reasons);
      sound(reason);
      show();
    },
    /** The commander opened the incident: it no longer waits. */
    acknowledge(incident) {
      if (waiting.delete(incident)) show();
    },
    reasons: incident => [...(waiting.get(incident) ?? [])],
    ids: () => [...waiting.keys()],
    refresh: show,
  };
}
