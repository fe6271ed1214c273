// Chinese first, English beside it: every visible label has a key, so the toggle never leaves a mixed page.
const storageKey = 'mobilize.lang';
let dictionary = { zh: {}, en: {} };
let language = localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh';
const listeners = [];

export function useStrings(strings) {
  dictionary = strings;
  apply();
}

export function t(key, values = {}) {
  const text = dictionary[language][key] ?? dictionary.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? '');
}

/** Whether the language files say something for this key (the server's words are translated only where they do). */
export const has = key => key in dictionary[language] || key in dictionary.zh;

export const currentLanguage = () => language;

export function onLanguageChange(listener) {
  listeners.push(listener);
}

export function toggleLanguage() {
  language = language === 'zh' ? 'en' : 'zh';
  localStorage.setItem(storageKey, language);
  apply();
  listeners.forEach(listener => listener(language));
}

function apply() {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-placeholder]')) element.placeholder = t(element.dataset.i18nPlaceholder);
  for (const element of document.querySelectorAll('[data-i18n-title]')) element.title = t(element.dataset.i18nTitle);
}
