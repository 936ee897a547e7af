/** Asks a newcomer for the name the group will see on their cursor and notes. */
import { useState } from 'react'
import { useI18n } from './i18n/useI18n.tsx'

export function NameForm({ onSubmit }: { onSubmit: (name: string) => void }) {
  const { t } = useI18n()
  const [name, setName] = useState('')
  return (
    <main className="page">
      <h1>{t('name.title')}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (name.trim()) onSubmit(name.trim())
        }}
      >
        <label>
          {t('name.label')}
          <input
            name="name"
            value={name}
            maxLength={60}
            required
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          {t('name.submit')}
        </button>
      </form>
    </main>
  )
}
