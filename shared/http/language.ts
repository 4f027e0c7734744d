/** The caller's language for problem messages: Chinese or English, from Accept-Language. */
export type Language = 'zh' | 'en';

/** Chinese when the caller's most preferred language is Chinese, else English (the API's default). */
export function languageOf(acceptLanguage: string | undefined): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag.startsWith('zh') ? 'zh' : 'en';
}

export const contentLanguage = (language: Language) => (language === 'zh' ? 'zh-CN' : 'en');
