// Words for the codes the server sends (incident types, capabilities, severities), Chinese first. Shared by the page
// and the service worker, which shows a notification while the page is closed and so cannot ask the page.
export const incidentTypes = {
  zh: { flood: '洪涝', earthquake: '地震', fire: '火灾', typhoon: '台风', landslide: '山体滑坡', chemical: '危化品泄漏',
    rescue: '救援', 'earthquake-drill': '地震演练', 'search-rescue': '搜救', rainstorm: '暴雨', snowstorm: '暴雪' },
  en: { flood: 'Flood', earthquake: 'Earthquake', fire: 'Fire', typhoon: 'Typhoon', landslide: 'Landslide', chemical: 'Chemical spill',
    rescue: 'Rescue', 'earthquake-drill': 'Earthquake drill', 'search-rescue': 'Search and rescue', rainstorm: 'Rainstorm', snowstorm: 'Snowstorm' },
};

export const capabilities = {
  zh: { 'water-rescue': '水上救援', 'first-aid': '医疗急救', 'search-rescue': '搜索救援', logistics: '后勤保障', swimming: '游泳',
    'rope-rescue': '绳索救援', 'fire-fighting': '灭火', communications: '通信保障', driving: '驾驶', psychological: '心理疏导' },
  en: { 'water-rescue': 'Water rescue', 'first-aid': 'First aid', 'search-rescue': 'Search and rescue', logistics: 'Logistics',
    swimming: 'Swimming', 'rope-rescue': 'Rope rescue', 'fire-fighting': 'Fire fighting', communications: 'Communications',
    driving: 'Driving', psychological: 'Psychological support' },
};

// The national four levels (一般 IV … 特别重大 I), CAP's Minor … Extreme.
export const severities = {
  zh: { 1: '一般（IV级）', 2: '较大（III级）', 3: '重大（II级）', 4: '特别重大（I级）' },
  en: { 1: 'Minor (level IV)', 2: 'Moderate (level III)', 3: 'Severe (level II)', 4: 'Extreme (level I)' },
};

export const notifications = {
  zh: { offer: '新的集结出动任务', alert: '待命通知', drill: '【演练】', answerBy: '请在 {time} 前答复', open: '打开查看' },
  en: { offer: 'New callout offer', alert: 'Standby alert', drill: '[EXERCISE] ', answerBy: 'Answer by {time}', open: 'Open' },
};

const lang = language => (language === 'en' ? 'en' : 'zh');

/** The word for a code; a code the lists do not know yet is shown as the server wrote it. */
export const word = (list, code, language) => list[lang(language)][code] ?? list.zh[code] ?? String(code ?? '');

/** A time as people in the jurisdiction read it: Beijing time, whatever zone the phone is set to. */
export function localTime(iso, language, withDate = false) {
  const options = { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (withDate) Object.assign(options, { month: 'numeric', day: 'numeric' });
  return new Intl.DateTimeFormat(lang(language) === 'en' ? 'en-GB' : 'zh-CN', options).format(new Date(iso));
}

/** A date (yyyy-mm-dd, as the server writes dates) as people read it. */
export function localDate(date, language) {
  return new Intl.DateTimeFormat(lang(language) === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' })
    .format(new Date(`${date}T00:00:00Z`));
}
