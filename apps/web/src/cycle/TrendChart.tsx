/**
 * The evaluation trend as a hand-drawn SVG line chart: one point per session for
 * the average appréciation and the average respect of the method (1 to 5). Read
 * by screen readers through its title and description, with the same figures in
 * the table beside it; the two lines differ by dash and marker, not colour alone.
 */
import { useId } from 'react'

export interface TrendPoint {
  label: string
  appreciation: number | null
  methodRespected: number | null
}

const WIDTH = 640
const HEIGHT = 280
const PAD = { left: 44, right: 16, top: 16, bottom: 36 }
const SCORE_MIN = 1
const SCORE_MAX = 5

export function TrendChart({
  points,
  title,
  description,
  series,
}: {
  points: readonly TrendPoint[]
  title: string
  description: string
  series: { appreciation: string; methodRespected: string }
}) {
  const titleId = useId()
  const descId = useId()
  const plotWidth = WIDTH - PAD.left - PAD.right
  const plotHeight = HEIGHT - PAD.top - PAD.bottom
  const x = (index: number) =>
    PAD.left + (points.length <= 1 ? plotWidth / 2 : (index * plotWidth) / (points.length - 1))
  const y = (score: number) =>
    PAD.top + plotHeight - ((score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)) * plotHeight
  /** A path through the sessions that have a value, broken where one has none. */
  const path = (key: 'appreciation' | 'methodRespected') => {
    let d = ''
    let drawing = false
    points.forEach((point, index) => {
      const value = point[key]
      if (value === null) {
        drawing = false
        return
      }
      d += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)} `
      drawing = true
    })
    return d.trim()
  }
  const ticks = [1, 2, 3, 4, 5]

  return (
    <svg
      className="cycle-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT + 28}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      data-testid="trend-chart"
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#d8dde3" />
          <text x={PAD.left - 10} y={y(tick) + 4} textAnchor="end" fontSize="12" fill="#3b4650">
            {tick}
          </text>
        </g>
      ))}
      {points.map((point, index) => (
        <text
          key={point.label}
          x={x(index)}
          y={HEIGHT - PAD.bottom + 20}
          textAnchor="middle"
          fontSize="12"
          fill="#3b4650"
        >
          {point.label}
        </text>
      ))}
      <path d={path('appreciation')} fill="none" stroke="#1f5fa8" strokeWidth="3" />
      <path
        d={path('methodRespected')}
        fill="none"
        stroke="#b34700"
        strokeWidth="3"
        strokeDasharray="8 5"
      />
      {points.map((point, index) => (
        <g key={`m-${point.label}`}>
          {point.appreciation !== null && (
            <circle cx={x(index)} cy={y(point.appreciation)} r="5" fill="#1f5fa8" />
          )}
          {point.methodRespected !== null && (
            <rect
              x={x(index) - 5}
              y={y(point.methodRespected) - 5}
              width="10"
              height="10"
              fill="#b34700"
            />
          )}
        </g>
      ))}
      <g transform={`translate(${PAD.left}, ${HEIGHT + 10})`} fontSize="13" fill="#1d2329">
        <circle cx="6" cy="6" r="5" fill="#1f5fa8" />
        <text x="18" y="11">
          {series.appreciation}
        </text>
        <rect x="220" y="1" width="10" height="10" fill="#b34700" />
        <text x="238" y="11">
          {series.methodRespected}
        </text>
      </g>
    </svg>
  )
}
