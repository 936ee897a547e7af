/**
 * Choix du sujet: members propose subjects (préoccupation, problème, projet; a
 * title; why now) and place their dots on the proposals; everyone sees the
 * results. The facilitator then confirms the client and subject (roles panel).
 */
import {
  type Actor,
  can,
  parseRecord,
  type SessionState,
  SUBJECT_KINDS,
  type Vote,
  voteId,
} from '@codev/domain'
import { type FormEvent, useSyncExternalStore } from 'react'
import { type Editor, useValue } from 'tldraw'
import { useI18n } from '../i18n/useI18n.tsx'
import type { SessionConnection } from '../transport/connectSession.ts'
import { freeSpotInZone, putNote, writesOwn } from './NotePanels.tsx'

/** The votes of the session, live from the document (they are not tldraw records). */
function useVotes(connection: SessionConnection): Vote[] {
  const snapshot = useSyncExternalStore(
    (listener) => {
      connection.records.observe(listener)
      return () => connection.records.unobserve(listener)
    },
    () =>
      JSON.stringify(
        [...connection.records.keys()]
          .filter((key) => key.startsWith('codev_vote:'))
          .map((key) => connection.records.get(key)),
      ),
  )
  return (JSON.parse(snapshot) as unknown[]).flatMap((value) => {
    const parsed = parseRecord(value)
    return parsed.ok && parsed.record.typeName === 'codev_vote' ? [parsed.record] : []
  })
}

export function SubjectChoicePanel({
  editor,
  state,
  actor,
  connection,
}: {
  editor: Editor
  state: SessionState
  actor: Actor
  connection: SessionConnection
}) {
  const { t } = useI18n()
  const votes = useVotes(connection)
  const proposals = useValue(
    'proposals',
    () =>
      editor
        .getCurrentPageShapes()
        .filter((shape) => (shape.meta as { kind?: string }).kind === 'proposal')
        .map((shape) => ({
          id: shape.id,
          title: (shape.meta as { proposal?: { title: string } }).proposal?.title ?? '',
        })),
    [editor],
  )
  const selected = useValue('selected proposal', () => {
    const shape = editor.getOnlySelectedShape()
    return (shape?.meta as { kind?: string } | undefined)?.kind === 'proposal' ? shape : null
  }, [editor])
  const mayPropose = writesOwn(actor, 'proposal', state)
  const mayVote = can(actor, 'create', 'vote', state.phase, state).ok
  const mine = votes.filter((vote) => vote.voter === actor.memberId)
  const freeDot = Array.from({ length: state.dotsPerMember }, (_, i) => i + 1).find(
    (dot) => !mine.some((vote) => vote.id === voteId(actor.memberId, dot)),
  )

  function propose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const data = new FormData(form)
    const title = String(data.get('title') ?? '').trim()
    const why = String(data.get('why') ?? '').trim()
    if (title === '') return
    const kind = String(data.get('kind')) as (typeof SUBJECT_KINDS)[number]
    putNote(
      editor,
      freeSpotInZone(editor, state),
      `${t(`subject.${kind}`)} — ${title}`,
      { kind: 'proposal', proposal: { kind, title, ...(why ? { why } : {}) } },
      'violet',
    )
    form.reset()
  }

  function vote(dot: number, proposalId: string | null) {
    const id = voteId(actor.memberId, dot)
    connection.doc.transact(() => {
      if (proposalId === null) connection.records.delete(id)
      else
        connection.records.set(id, {
          id,
          typeName: 'codev_vote',
          voter: actor.memberId,
          proposalId,
        })
    })
  }
  const myDotOnSelected = selected ? mine.find((v) => v.proposalId === selected.id) : undefined

  return (
    <section className="side-panel" aria-labelledby="choice-title" data-testid="subject-choice">
      <h2 id="choice-title">{t('choice.title')}</h2>
      {mayPropose && (
        <form onSubmit={propose} className="evaluation-form">
          <label>
            {t('roles.subjectKind')}
            <select name="kind" defaultValue="probleme">
              {SUBJECT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`subject.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('roles.subjectTitle')}
            <input name="title" maxLength={200} required />
          </label>
          <label>
            {t('choice.why')}
            <textarea name="why" rows={2} maxLength={2000} />
          </label>
          <button type="submit">{t('choice.propose')}</button>
        </form>
      )}
      {mayVote && (
        <p data-testid="my-dots">
          {t('choice.dots').replace('{n}', String(state.dotsPerMember - mine.length))}
        </p>
      )}
      {mayVote && selected && (
        <div className="triage-buttons">
          <button
            type="button"
            className="primary"
            disabled={freeDot === undefined}
            onClick={() => freeDot !== undefined && vote(freeDot, selected.id)}
          >
            {t('choice.vote')}
          </button>
          {myDotOnSelected && (
            <button
              type="button"
              onClick={() => vote(Number(myDotOnSelected.id.split(':').at(-1)), null)}
            >
              {t('choice.unvote')}
            </button>
          )}
        </div>
      )}
      <ul data-testid="vote-results">
        {proposals
          .map((proposal) => ({
            ...proposal,
            count: votes.filter((v) => v.proposalId === proposal.id).length,
          }))
          .sort((a, b) => b.count - a.count)
          .map((proposal) => (
            <li key={proposal.id}>
              {proposal.title} — {proposal.count}
            </li>
          ))}
      </ul>
    </section>
  )
}
