/** The language context: French by default, the user's choice remembered in localStorage. */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react'
import { LANGUAGES, type Language, MESSAGES, type MessageKey } from './messages.ts'

const STORAGE_KEY = 'codev.language'

interface I18n {
  language: Language
  setLanguage: (language: Language) => void
  t: (key: MessageKey) => string
}

const I18nContext = createContext<I18n | null>(null)

function storedLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
  return LANGUAGES.find((language) => language === stored) ?? 'fr'
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage)
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next)
    setLanguageState(next)
  }, [])
  // Screen readers and the browser's spelling follow the chosen language.
  useEffect(() => {
    document.documentElement.lang = language
  }, [language])
  const value = useMemo<I18n>(
    () => ({ language, setLanguage, t: (key) => MESSAGES[language][key] }),
    [language, setLanguage],
  )
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext)
  if (!i18n) throw new Error('useI18n outside I18nProvider')
  return i18n
}
