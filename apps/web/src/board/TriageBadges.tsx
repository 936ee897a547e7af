/**
 * The client's sort of the contributions, drawn on the canvas beside each note:
 * kept, maybe, not now, to make precise, starred. Read from the notes' codev meta.
 */
import { useEditor, useValue } from 'tldraw'
import { useI18n } from '../i18n/useI18n.tsx'

interface Flags {
  starred?: boolean
  toClarify?: boolean
  keep?: 'yes' | 'maybe' | 'not-now'
}

const KEEP_LABEL = {
  yes: 'triage.keep.yes',
  maybe: 'triage.keep.maybe',
  'not-now': 'triage.keep.not-now',
} as const

export function TriageBadges() {
  const editor = useEditor()
  const { t } = useI18n()
  const flagged = useValue(
    'flagged notes',
    () =>
      editor
        .getCurrentPageShapes()
        .map((shape) => ({ shape, flags: (shape.meta as { flags?: Flags }).flags }))
        .filter(({ flags }) => flags && (flags.starred || flags.toClarify || flags.keep)),
    [editor],
  )
  return (
    <>
      {flagged.map(({ shape, flags }) => (
        <div
          key={shape.id}
          className="triage-badge"
          data-testid="triage-badge"
          style={{ transform: `translate(${shape.x}px, ${shape.y - 44}px)` }}
        >
          {flags?.starred && <span>★ {t('triage.starred')}</span>}
          {flags?.keep && <span>{t(KEEP_LABEL[flags.keep])}</span>}
          {flags?.toClarify && <span>{t('triage.toClarify')}</span>}
        </div>
      ))}
    </>
  )
}
