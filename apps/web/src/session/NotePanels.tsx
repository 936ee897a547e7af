/**
 * Notes that carry more than a text, written from a small form beside the board:
 * the client's request and the kinds of consultation wanted (contrat, and when the
 * client re-opens it during the consultation), and the client's answer attached
 * to a selected clarification question. Offered only when `can` says the server
 * will accept it; the note lands in the open zone like any other.
 */
import {
  type Actor,
  CONSULTATION_TYPES,
  type ConsultationType,
  can,
  grantsFor,
  type NoteKind,
  type SessionState,
  zoneOf,
} from '@codev/domain'
import { type FormEvent, useState } from 'react'
import {
  createShapeId,
  type Editor,
  type JsonObject,
  type TLDefaultColorStyle,
  toRichText,
  useValue,
} from 'tldraw'
import { useI18n } from '../i18n/useI18n.tsx'

interface PanelProps {
  editor: Editor
  state: SessionState
  actor: Actor
}

/**
 * May this person write a note of this kind as themselves now? (The facilitator's
 * scribe rights need a "on behalf of" choice these forms do not offer.)
 */
export function writesOwn(actor: Actor, kind: NoteKind, state: SessionState): boolean {
  return (
    can(actor, 'create', kind, state.phase, state).ok &&
    grantsFor(kind, 'create', state.phase, actor.role).some((grant) => grant.scope === 'own')
  )
}

/**
 * Puts a note written from a form on the board, where `at` says; the board's method
 * rules then stamp its author, role and step (methodRules.ts) and the server judges it.
 */
export function putNote(
  editor: Editor,
  at: { x: number; y: number },
  text: string,
  meta: Record<string, unknown>,
  color?: TLDefaultColorStyle,
): void {
  editor.createShape({
    id: createShapeId(),
    type: 'note',
    ...at,
    props: { ...(color ? { color } : {}), richText: toRichText(text) },
    meta: meta as JsonObject,
  })
}

/** Where a new note goes: the top of the open zone, below what is already there. */
export function freeSpotInZone(editor: Editor, state: SessionState): { x: number; y: number } {
  const zone = zoneOf(state.phase)
  const inZone = editor
    .getCurrentPageShapes()
    .filter((shape) => (shape.meta as { phase?: string }).phase === state.phase)
  const lowest = Math.max(zone.y + 80, ...inZone.map((shape) => shape.y + 240))
  return { x: zone.x + 60, y: Math.min(lowest, zone.y + zone.h - 260) }
}

export function ContractRequestPanel({ editor, state, actor }: PanelProps) {
  const { t } = useI18n()
  const [types, setTypes] = useState<ConsultationType[]>([])
  if (!writesOwn(actor, 'contract-request', state)) return null

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const request = String(new FormData(form).get('request') ?? '').trim()
    if (request === '' || types.length === 0) return
    const labels = types.map((type) => t(`consultation.${type}`)).join(', ')
    putNote(editor, freeSpotInZone(editor, state), `${request}\n(${labels})`, {
      kind: 'contract-request',
      contract: { request, consultationTypes: types },
    })
    form.reset()
    setTypes([])
  }

  return (
    <section className="side-panel" aria-labelledby="request-title" data-testid="contract-request">
      <h2 id="request-title">{t('request.title')}</h2>
      <form onSubmit={submit} className="evaluation-form">
        <label>
          {t('request.label')}
          <textarea name="request" rows={3} maxLength={4000} required />
        </label>
        <fieldset className="request-types">
          <legend>{t('request.types')}</legend>
          {CONSULTATION_TYPES.map((type) => (
            <label key={type}>
              <input
                type="checkbox"
                checked={types.includes(type)}
                onChange={(event) =>
                  setTypes(
                    event.target.checked ? [...types, type] : types.filter((kept) => kept !== type),
                  )
                }
              />{' '}
              {t(`consultation.${type}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={types.length === 0}>
          {t('request.add')}
        </button>
      </form>
    </section>
  )
}

export function AnswerPanel({ editor, state, actor }: PanelProps) {
  const { t } = useI18n()
  const question = useValue('selected question', () => {
    const shape = editor.getOnlySelectedShape()
    const meta = shape?.meta as { kind?: string } | undefined
    return meta?.kind === 'question' ? shape : null
  }, [editor])
  if (!question || !writesOwn(actor, 'answer', state)) return null

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!question) return
    const form = event.currentTarget
    const answer = String(new FormData(form).get('answer') ?? '').trim()
    if (answer === '') return
    putNote(
      editor,
      { x: question.x + 220, y: question.y },
      answer,
      { kind: 'answer', answersTo: question.id },
      'light-green',
    )
    form.reset()
  }

  return (
    <section className="side-panel" aria-labelledby="answer-title" data-testid="answer">
      <h2 id="answer-title">{t('answer.title')}</h2>
      <form onSubmit={submit} className="evaluation-form">
        <label>
          {t('answer.label')}
          <textarea name="answer" rows={3} maxLength={4000} required />
        </label>
        <button type="submit" className="primary">
          {t('answer.add')}
        </button>
      </form>
    </section>
  )
}

/**
 * Synthèse: the client groups the contributions they keep and turns them into
 * actions. Both keep links to their source notes: the notes selected on the board.
 */
export function SynthesisPanel({ editor, state, actor }: PanelProps) {
  const { t } = useI18n()
  const sources = useValue(
    'selected contributions',
    () =>
      editor
        .getSelectedShapes()
        .filter((shape) => (shape.meta as { phase?: string }).phase === 'consultation')
        .map((shape) => shape.id),
    [editor],
  )
  const mayCluster = writesOwn(actor, 'cluster', state)
  const mayAct = writesOwn(actor, 'action', state)
  if (!mayCluster && !mayAct) return null
  const withSources = sources.length > 0 ? { sources } : {}

  function cluster(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const title = String(new FormData(form).get('title') ?? '').trim()
    if (title === '' || sources.length === 0) return
    putNote(
      editor,
      freeSpotInZone(editor, state),
      title,
      { kind: 'cluster', ...withSources },
      'light-blue',
    )
    form.reset()
  }

  function act(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const data = new FormData(form)
    const field = (name: string) => String(data.get(name) ?? '').trim()
    const what = field('what')
    if (what === '') return
    const dueDate = field('dueDate')
    putNote(
      editor,
      freeSpotInZone(editor, state),
      what,
      {
        kind: 'action',
        action: {
          what,
          firstStep: field('firstStep'),
          successIndicator: field('successIndicator'),
          ...(dueDate ? { dueDate } : {}),
        },
        ...withSources,
      },
      'orange',
    )
    form.reset()
  }

  return (
    <section className="side-panel" aria-labelledby="synthesis-title" data-testid="synthesis">
      <h2 id="synthesis-title">{t('synthesis.title')}</h2>
      <p>{t('synthesis.selected').replace('{n}', String(sources.length))}</p>
      {mayCluster && (
        <form onSubmit={cluster} className="evaluation-form">
          <label>
            {t('synthesis.clusterTitle')}
            <input name="title" maxLength={200} />
          </label>
          <button type="submit" disabled={sources.length === 0}>
            {t('synthesis.cluster')}
          </button>
        </form>
      )}
      {mayAct && (
        <form onSubmit={act} className="evaluation-form">
          <label>
            {t('synthesis.what')}
            <input name="what" maxLength={500} required />
          </label>
          <label>
            {t('synthesis.firstStep')}
            <input name="firstStep" maxLength={500} />
          </label>
          <label>
            {t('synthesis.dueDate')}
            <input name="dueDate" type="date" />
          </label>
          <label>
            {t('synthesis.success')}
            <input name="successIndicator" maxLength={500} />
          </label>
          <button type="submit" className="primary">
            {t('synthesis.addAction')}
          </button>
        </form>
      )}
    </section>
  )
}
