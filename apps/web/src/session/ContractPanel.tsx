/**
 * The contract. Step 3 (contrat): each consultant confirms the client's request is clear enough
 * to consult on; everyone sees who has, and the facilitator knows before moving on.
 * After it, the contract lives on: its history, and the client's requests to make
 * a contribution precise, shown to the consultant who wrote it.
 */
import {
  type Actor,
  type ContractVersion,
  consultantsOf,
  contractVersions,
  describeError,
  type SessionState,
  shapeText,
} from '@codev/domain'
import { useState } from 'react'
import { type Editor, useValue } from 'tldraw'
import type { MessageKey } from '../i18n/messages.ts'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'

export function ContractPanel({
  state,
  actor,
  connection,
}: {
  state: SessionState
  actor: Actor
  connection: SessionConnection
}) {
  const { language, t } = useI18n()
  const [error, setError] = useState<string | null>(null)
  const consultants = consultantsOf(state)
  const nameOf = (id: string) => state.members.find((member) => member.id === id)?.name ?? id
  const confirmed = state.contractConfirmations
  const mine = confirmed.includes(actor.memberId)

  async function confirm() {
    const result = await connection.sendCommand({ type: 'confirmContract' })
    setError(result.ok ? null : describeError(result.error as never, language))
  }

  return (
    <section className="side-panel" aria-labelledby="contract-title" data-testid="contract">
      <h2 id="contract-title">{t('contract.title')}</h2>
      <p data-testid="contract-count">
        {t('contract.confirmed')} : {confirmed.length} / {consultants.length}
        {confirmed.length > 0 && ` (${confirmed.map(nameOf).join(', ')})`}
      </p>
      {actor.role === 'consultant' &&
        (mine ? (
          <p role="status">{t('contract.mine')}</p>
        ) : (
          <button type="button" className="primary" onClick={confirm}>
            {t('contract.confirm')}
          </button>
        ))}
      {error && <p role="alert">{error}</p>}
    </section>
  )
}

/** The client's requests, oldest first (the domain's rule, as in the report). */
function versionsOnBoard(editor: Editor): ContractVersion[] {
  return contractVersions(editor.getCurrentPageShapes())
}

/**
 * The living contract, for everyone after the contract step: the request in force
 * (the client's latest) and the previous versions; a re-opening is announced.
 */
export function ContractHistory({ editor }: { editor: Editor }) {
  const { t } = useI18n()
  const versions = useValue('contract versions', () => versionsOnBoard(editor), [editor])
  const current = versions.at(-1)
  if (!current) return null
  const previous = versions.slice(0, -1).reverse()
  const types = (version: ContractVersion) =>
    version.consultationTypes.length > 0
      ? ` (${version.consultationTypes.map((type) => t(`consultation.${type}` as MessageKey)).join(', ')})`
      : ''
  return (
    <section
      className="side-panel"
      aria-labelledby="contract-history-title"
      data-testid="contract-history"
    >
      <h2 id="contract-history-title">{t('contract.current')}</h2>
      <p aria-live="polite" data-testid="contract-current">
        {previous.length > 0 && <strong>{t('contract.reopened')} </strong>}
        {current.request}
        {types(current)}
      </p>
      {previous.length > 0 && (
        <>
          <h3>{t('contract.previous')}</h3>
          <ol reversed data-testid="contract-previous">
            {previous.map((version) => (
              <li key={version.id}>
                <s>{version.request}</s>
                {types(version)}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  )
}

/** For a consultant: the client's requests to make their contributions precise. */
export function ClarifyRequests({ editor, actor }: { editor: Editor; actor: Actor }) {
  const { t } = useI18n()
  const asked = useValue(
    'contributions to make precise',
    () =>
      editor.getCurrentPageShapes().flatMap((shape) => {
        const meta = shape.meta as {
          author?: string
          onBehalfOf?: string
          flags?: { toClarify?: boolean }
        }
        if (!meta.flags?.toClarify || (meta.onBehalfOf ?? meta.author) !== actor.memberId) return []
        return [
          { id: shape.id, text: shapeText(shape as unknown as { props: Record<string, unknown> }) },
        ]
      }),
    [editor, actor.memberId],
  )
  if (actor.role !== 'consultant') return null
  return (
    <div role="status" aria-live="polite" data-testid="clarify-requests">
      {asked.length > 0 && (
        <section className="side-panel clarify-requests" aria-labelledby="clarify-title">
          <h2 id="clarify-title">{t('contract.clarifyTitle')}</h2>
          <p>{t('contract.clarifyHelp')}</p>
          <ul>
            {asked.map((note) => (
              <li key={note.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => editor.select(note.id)}
                >
                  « {note.text} »
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
