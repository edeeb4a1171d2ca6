import { KIND_STYLE, LEGEND_KINDS } from './kinds'

export function Legend() {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '6px 14px', fontSize: 12, color: 'rgba(0,0,0,0.7)' }} data-testid="calendar-legend">
      {LEGEND_KINDS.map((k) => {
        const s = KIND_STYLE[k]
        return (
          <span key={k} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <span
              style={{
                width: 16,
                height: 16,
                borderRadius: 3,
                background: s.bg,
                border: `1px solid ${k === 'workday' ? '#d9d9d9' : s.fg}`,
                color: s.fg,
                fontSize: 10,
                lineHeight: '14px',
                textAlign: 'center',
                fontWeight: 600,
              }}
            >
              {s.badge ?? ''}
            </span>
            {s.label}
          </span>
        )
      })}
    </div>
  )
}
