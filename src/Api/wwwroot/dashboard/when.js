// Times as the jurisdiction reads them: Asia/Shanghai whatever zone the browser is in (a laptop set to UTC, a
// liaison abroad), in the page's language. The server sends instants; nothing else on the dashboard formats time.
import { currentLanguage } from '/shared/i18n.js';

const ZONE = 'Asia/Shanghai';
const formats = new Map();

function format(kind) {
  const key = `${currentLanguage()}:${kind}`;
  if (!formats.has(key)) {
    const locale = currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB';
    const options = kind === 'clock'
      ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    formats.set(key, new Intl.DateTimeFormat(locale, { timeZone: ZONE, ...options }));
  }
  return formats.get(key);
}

/** 14:05 in Beijing time; '' for no time. */
export const clock = at => at ? format('clock').format(new Date(at)) : '';

/** 7/20 14:05 in Beijing time, for what may lie on another day (a rest period's end). */
export const dateTime = at => at ? format('date').format(new Date(at)) : '';

/** The machine-readable instant, for <time datetime> and tests. */
export const iso = at => at ? new Date(at).toISOString() : '';
