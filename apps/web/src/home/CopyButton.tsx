/** Copies a link to the clipboard and says so. */
import { useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'

export function CopyButton({ text }: { text: string }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard?.writeText(text)
        setCopied(true)
      }}
    >
      {copied ? t('home.copied') : t('home.copy')}
    </button>
  )
}
