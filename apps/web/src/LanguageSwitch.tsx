import { LANGUAGES, type Language } from './i18n/messages.ts'
import { useI18n } from './i18n/useI18n.tsx'

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n()
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('language.label')}</span>
      <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
        {LANGUAGES.map((option) => (
          <option key={option} value={option}>
            {option.toUpperCase()}
          </option>
        ))}
      </select>
    </label>
  )
}
