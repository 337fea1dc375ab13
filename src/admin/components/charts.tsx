import { Text } from "@medusajs/ui"
import { useLanguage } from "../hooks/use-language"
import { formatList, formatNumber } from "../lib/i18n"

/**
 * Small SVG charts drawn with the admin's own colour variables, so they read in light and dark mode
 * without a chart library.
 */

export const SERIES_COLORS = [
  "var(--tag-green-icon)",
  "var(--tag-blue-icon)",
  "var(--tag-orange-icon)",
  "var(--tag-purple-icon)",
  "var(--tag-red-icon)",
  "var(--tag-neutral-icon)",
]

export type StackedBar = { label: string; total: number; parts: Array<{ key: string; label: string; value: number; display: string }> }

/** One horizontal bar per row, split into its parts (aging buckets of one currency). */
export const StackedBars = ({ bars, legend, label }: { bars: StackedBar[]; legend: string[]; label: string }) => {
  const { t } = useLanguage()
  return (
    <div className="flex flex-col gap-y-3" role="img" aria-label={label}>
      {bars.map((bar) => (
        <div key={bar.label} className="flex flex-col gap-y-1">
          <Text size="xsmall" weight="plus">
            {bar.label}
          </Text>
          <svg width="100%" height="20" viewBox="0 0 100 4" preserveAspectRatio="none">
            <rect x="0" y="0" width="100" height="4" style={{ fill: "var(--bg-component)" }} />
            {(() => {
              let x = 0
              return bar.parts.map((part, i) => {
                const w = bar.total > 0 ? (part.value / bar.total) * 100 : 0
                const rect = (
                  <rect key={part.key} x={x} y="0" width={w} height="4" style={{ fill: SERIES_COLORS[i % SERIES_COLORS.length] }}>
                    <title>{`${part.label}: ${part.display}`}</title>
                  </rect>
                )
                x += w
                return rect
              })
            })()}
          </svg>
          <div className="flex flex-wrap gap-x-3">
            {bar.parts.map((part, i) => (
              <Text key={part.key} size="xsmall" className="text-ui-fg-subtle">
                <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} />
                {part.label} {part.display}
              </Text>
            ))}
          </div>
        </div>
      ))}
      {bars.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle">
          {t("charts.nothingOutstanding")}
        </Text>
      )}
      <span className="sr-only">{legend.join(", ")}</span>
    </div>
  )
}

export type LineSeries = { name: string; points: Array<{ x: string; y: number | null }> }

/**
 * Monthly trend lines; months without data leave a gap instead of a fake zero. Each point's `x` is the
 * month as its label reads ("May 26"), `unit` what the values count ("days").
 */
export const TrendChart = ({ series, unit }: { series: LineSeries[]; unit: string }) => {
  const { t, locale } = useLanguage()
  const xs = series[0]?.points.map((p) => p.x) ?? []
  const values = series.flatMap((s) => s.points.map((p) => p.y)).filter((v): v is number => v !== null)
  if (!xs.length || !values.length) {
    return (
      <Text size="small" className="text-ui-fg-subtle">
        {t("charts.notEnoughHistory")}
      </Text>
    )
  }
  const width = 600
  const height = 180
  const pad = { left: 36, right: 8, top: 8, bottom: 24 }
  const max = Math.max(...values, 1)
  const niceMax = Math.ceil(max / 10) * 10 || 10
  const x = (i: number) => pad.left + (xs.length === 1 ? 0 : (i / (xs.length - 1)) * (width - pad.left - pad.right))
  const y = (v: number) => pad.top + (1 - v / niceMax) * (height - pad.top - pad.bottom)
  return (
    <div className="flex flex-col gap-y-2">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={formatList(series.map((s) => s.name), locale)}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={pad.left} x2={width - pad.right} y1={y(niceMax * f)} y2={y(niceMax * f)} style={{ stroke: "var(--border-base)" }} />
            <text x={pad.left - 4} y={y(niceMax * f) + 4} textAnchor="end" fontSize="10" style={{ fill: "var(--fg-subtle)" }}>
              {Math.round(niceMax * f)}
            </text>
          </g>
        ))}
        {xs.map((label, i) =>
          i % Math.ceil(xs.length / 6) === 0 || i === xs.length - 1 ? (
            <text key={label} x={x(i)} y={height - 6} textAnchor={i === xs.length - 1 ? "end" : "middle"} fontSize="10" style={{ fill: "var(--fg-subtle)" }}>
              {label}
            </text>
          ) : null
        )}
        {series.map((s, si) => {
          const color = SERIES_COLORS[(si + 1) % SERIES_COLORS.length]
          const segments: string[] = []
          let current = ""
          s.points.forEach((p, i) => {
            if (p.y === null) {
              if (current) segments.push(current)
              current = ""
              return
            }
            current += `${current ? "L" : "M"}${x(i).toFixed(1)},${y(p.y).toFixed(1)}`
          })
          if (current) segments.push(current)
          return (
            <g key={s.name}>
              {segments.map((d, i) => (
                <path key={i} d={d} fill="none" strokeWidth="2" style={{ stroke: color }} />
              ))}
              {s.points.map((p, i) =>
                p.y === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(p.y)} r="3" style={{ fill: color }}>
                    <title>{`${s.name} ${p.x}: ${formatNumber(p.y, locale)} ${unit}`}</title>
                  </circle>
                )
              )}
            </g>
          )
        })}
      </svg>
      <div className="flex gap-x-4">
        {series.map((s, si) => (
          <Text key={s.name} size="xsmall" className="text-ui-fg-subtle">
            <span className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: SERIES_COLORS[(si + 1) % SERIES_COLORS.length] }} />
            {s.name} ({unit})
          </Text>
        ))}
      </div>
    </div>
  )
}
