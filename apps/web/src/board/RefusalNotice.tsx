/** Tells this person, in their language, which of their changes the server undid and why. */
import { type DomainErrorCode, DomainErrorCodeSchema, describeError } from '@codev/domain'
import { useEffect, useState } from 'react'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'

export function RefusalNotice({ connection }: { connection: SessionConnection }) {
  const { language, t } = useI18n()
  const [errors, setErrors] = useState<DomainErrorCode[]>([])

  useEffect(
    () =>
      connection.onServerMessage((message) => {
        if (message.type !== 'refused') return
        console.warn('codev: the server undid', JSON.stringify(message.refusals))
        const codes = message.refusals.map(({ error }) => {
          const parsed = DomainErrorCodeSchema.safeParse(error)
          return parsed.success ? parsed.data : ('permission/denied' as const)
        })
        setErrors([...new Set(codes)])
      }),
    [connection],
  )

  return (
    <div className="refusal-notice" role="status" aria-live="polite" data-testid="refusal-notice">
      {errors.length > 0 && (
        <>
          <span>
            {t('refused.prefix')} {errors.map((code) => describeError(code, language)).join(' ')}
          </span>
          <button type="button" onClick={() => setErrors([])}>
            {t('refused.dismiss')}
          </button>
        </>
      )}
    </div>
  )
}
