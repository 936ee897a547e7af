/** Home: explains the product in one line and creates a new session. */
import { useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'
import { LanguageSwitch } from '../LanguageSwitch.tsx'

export function HomePage({ navigate }: { navigate: (path: string) => void }) {
  const { t } = useI18n()
  const [status, setStatus] = useState<'idle' | 'creating' | 'failed'>('idle')

  async function createSession() {
    setStatus('creating')
    try {
      const response = await fetch('/api/sessions', { method: 'POST' })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      const { path } = (await response.json()) as { path: string }
      navigate(path)
    } catch {
      setStatus('failed')
    }
  }

  return (
    <main className="page">
      <header className="page-header">
        <h1>{t('app.title')}</h1>
        <LanguageSwitch />
      </header>
      <p>{t('home.tagline')}</p>
      <button
        type="button"
        className="primary"
        onClick={createSession}
        disabled={status === 'creating'}
      >
        {status === 'creating' ? t('home.creating') : t('home.newSession')}
      </button>
      {status === 'failed' && <p role="alert">{t('home.createFailed')}</p>}
    </main>
  )
}
