/** Pretty JSON for the audit record's before/after values. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  const empty = value === null || value === undefined
  return (
    <div style={{ flex: '1 1 280px', minWidth: 0 }}>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', marginBottom: 4 }}>{label}</div>
      <pre
        className="ow-mono"
        style={{ margin: 0, padding: 8, background: '#f7f9fc', border: '1px solid #e8ecf1', borderRadius: 4, maxHeight: 320, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {empty ? '（无）' : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  )
}
