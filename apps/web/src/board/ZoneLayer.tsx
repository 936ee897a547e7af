/**
 * The zones of the method drawn on the canvas, in page space, from the domain's
 * layout: the current step highlighted, earlier steps marked read-only, later ones
 * locked. Zones are not records: nobody can move or delete them.
 */
import { phaseRelation, ZONES } from '@codev/domain'
import { useI18n } from '../i18n/useI18n.tsx'
import { useSessionView } from './SessionView.tsx'

const RELATION_LABEL = {
  earlier: 'zone.readOnly',
  current: 'zone.current',
  later: 'zone.locked',
} as const

export function ZoneLayer() {
  const { language, t } = useI18n()
  const { state } = useSessionView()
  if (!state) return null
  return (
    <>
      {ZONES.map((zone) => {
        const relation = phaseRelation(zone.phase, state.phase)
        return (
          <div
            key={zone.phase}
            className={`zone zone-${relation}`}
            data-phase={zone.phase}
            style={{
              transform: `translate(${zone.x}px, ${zone.y}px)`,
              width: zone.w,
              height: zone.h,
              borderColor: zone.colour,
            }}
          >
            <div className="zone-title" style={{ background: zone.colour }}>
              <span>{zone.title[language]}</span>
              <span className="zone-status">
                {relation === 'later' ? '🔒 ' : ''}
                {t(RELATION_LABEL[relation])}
              </span>
            </div>
          </div>
        )
      })}
    </>
  )
}
