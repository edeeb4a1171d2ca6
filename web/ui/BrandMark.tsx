/** The platform's mark: a red seal-like square with the character 政. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <span
      aria-hidden
      style={{
        width: size,
        height: size,
        borderRadius: 4,
        background: '#c62828',
        color: '#fff',
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        fontWeight: 700,
        fontSize: Math.round(size * 0.58),
        boxShadow: 'inset 0 0 0 2px rgba(255,255,255,0.35)',
        flex: 'none',
      }}
    >
      政
    </span>
  )
}
