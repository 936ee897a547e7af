/** A calm page that says why a link or a session cannot be opened, and what to do. */

import type { MessageKey } from './i18n/messages.ts'
import { useI18n } from './i18n/useI18n.tsx'
import { LanguageSwitch } from './LanguageSwitch.tsx'

const PROBLEMS = {
  'token/expired': ['link.expiredTitle', 'link.expired'],
  'token/revoked': ['link.revokedTitle', 'link.revoked'],
  'token/invalid': ['link.invalidTitle', 'link.invalid'],
  'token/missing': ['link.noAccessTitle', 'link.noAccess'],
  'session/not-member': ['link.noAccessTitle', 'link.noAccess'],
  'session/not-found': ['link.notFoundTitle', 'link.notFound'],
} as const satisfies Record<string, readonly [MessageKey, MessageKey]>

export function LinkProblem({ reason }: { reason: string }) {
  const { t } = useI18n()
  const [title, text] = PROBLEMS[reason as keyof typeof PROBLEMS] ?? PROBLEMS['token/invalid']
  return (
    <main className="page" data-testid="link-problem" data-reason={reason}>
      <header className="page-header">
        <h1>{t(title)}</h1>
        <LanguageSwitch />
      </header>
      <p>{t(text)}</p>
      <p>
        <a href="/">{t('link.home')}</a>
      </p>
    </main>
  )
}
