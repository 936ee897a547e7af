/**
 * Clarification at a glance: how many of the consultants' questions still wait
 * for the client's answer (an answer is a note whose `answersTo` links to the
 * question), each listed as a button that brings the question into view and
 * selects it (so the client can answer it at once). On the canvas, each question
 * says whether it is answered. Visible to all, from the clarification on.
 */
import { phaseIndex, type SessionState, shapeText } from '@codev/domain'
import { useId } from 'react'
import { type Editor, type TLShapeId, useEditor, useValue } from 'tldraw'
import { fill } from '../board/offers.ts'
import { useI18n } from '../i18n/useI18n.tsx'

interface QuestionStatus {
  id: TLShapeId
  text: string
  answered: boolean
}

/** The clarification's questions, in reading order, each with whether an answer links to it. */
export function questionStatuses(editor: Editor): QuestionStatus[] {
  const shapes = editor.getCurrentPageShapes()
  const answered = new Set(
    shapes.flatMap((shape) => {
      const meta = shape.meta as { kind?: string; answersTo?: string }
      return meta.kind === 'answer' && meta.answersTo ? [meta.answersTo] : []
    }),
  )
  return shapes
    .filter((shape) => {
      const meta = shape.meta as { kind?: string; phase?: string }
      return meta.kind === 'question' && meta.phase === 'clarification'
    })
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((shape) => ({
      id: shape.id,
      text: shapeText(shape as unknown as { props: Record<string, unknown> }),
      answered: answered.has(shape.id),
    }))
}

export function QuestionsPanel({ editor, state }: { editor: Editor; state: SessionState }) {
  const { t } = useI18n()
  const titleId = useId()
  const questions = useValue('questions', () => questionStatuses(editor), [editor])
  if (phaseIndex(state.phase) < phaseIndex('clarification')) return null
  if (state.phase !== 'clarification' && questions.length === 0) return null
  const waiting = questions.filter((question) => !question.answered)

  function show(id: TLShapeId) {
    editor.select(id)
    editor.zoomToSelection({ animation: { duration: 200 } })
  }

  return (
    <section className="side-panel" aria-labelledby={titleId} data-testid="questions">
      <h2 id={titleId}>{t('questions.title')}</h2>
      <p aria-live="polite" data-testid="unanswered-count" data-count={waiting.length}>
        {waiting.length === 0
          ? questions.length === 0
            ? t('questions.none')
            : t('questions.allAnswered')
          : fill(t('questions.unanswered'), {
              n: String(waiting.length),
              total: String(questions.length),
            })}
      </p>
      {waiting.length > 0 && (
        <ul className="questions-list" data-testid="unanswered-list">
          {waiting.map((question) => (
            <li key={question.id}>
              <button type="button" className="link-button" onClick={() => show(question.id)}>
                {question.text || t('questions.empty')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** On the canvas: each clarification question marked answered or waiting. */
export function QuestionMarks() {
  const editor = useEditor()
  const { t } = useI18n()
  const marks = useValue(
    'question marks',
    () =>
      questionStatuses(editor).flatMap((question) => {
        const bounds = editor.getShapePageBounds(question.id)
        // Under the note: the canvas draws notes over this layer.
        return bounds ? [{ ...question, x: bounds.x, y: bounds.maxY + 4 }] : []
      }),
    [editor],
  )
  return (
    <>
      {marks.map((mark) => (
        <div
          key={mark.id}
          className={mark.answered ? 'question-mark question-answered' : 'question-mark'}
          data-testid="question-mark"
          data-answered={mark.answered}
          style={{ transform: `translate(${mark.x}px, ${mark.y}px)` }}
        >
          {mark.answered ? `✓ ${t('questions.answered')}` : t('questions.waiting')}
        </div>
      ))}
    </>
  )
}
