/**
 * Region picker (行政区划): a cascader whose children are loaded lazily from
 * /api/org/regions?parent=…; a preset value is resolved through /api/org/regions/:code so its
 * whole path shows by name. Optionally offers 全国 (national calendar only) as the first entry.
 */
import { useEffect, useRef, useState } from 'react'
import { Cascader } from 'antd'
import { regionChildren, regionDetail, type Region } from '../hooks/api/org'

export const NATIONAL = '__national__'

interface Option {
  value: string
  label: string
  isLeaf?: boolean
  children?: Option[]
  loading?: boolean
}

const toOption = (r: Region): Option => ({ value: r.code, label: r.name, isLeaf: !r.hasChildren })

function findOption(options: Option[], code: string): Option | undefined {
  for (const o of options) {
    if (o.value === code) return o
    const c = o.children && findOption(o.children, code)
    if (c) return c
  }
  return undefined
}

export interface RegionPickerProps {
  /** region code, or null for national */
  value: string | null
  onChange: (code: string | null, name: string | null) => void
  allowNational?: boolean
  /** the label of the no-region entry: 全国 for the calendar, 全部区划 for filters */
  nationalLabel?: string
  style?: React.CSSProperties
  placeholder?: string
  disabled?: boolean
  /** set by Form.Item so its label points at the input */
  id?: string
  'data-testid'?: string
}

export function RegionPicker({ value, onChange, allowNational, nationalLabel = '全国（仅国家法定节假日）', style, placeholder = '选择行政区划', disabled, id, ...rest }: RegionPickerProps) {
  const [options, setOptions] = useState<Option[]>([])
  const [path, setPath] = useState<string[]>([])
  const names = useRef(new Map<string, string>())
  const optionsRef = useRef<Option[]>([])
  /** the code this picker itself last reported, so the echo of it does not reload the path */
  const emitted = useRef<string | null | undefined>(undefined)
  optionsRef.current = options

  const national: Option = { value: NATIONAL, label: nationalLabel, isLeaf: true }

  // top level
  useEffect(() => {
    let live = true
    regionChildren(null)
      .then((items) => {
        if (!live) return
        items.forEach((r) => names.current.set(r.code, r.name))
        setOptions((prev) => (prev.length ? prev : items.map(toOption)))
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [])

  // resolve a preset value into a named path, loading the branches it passes through
  useEffect(() => {
    if (!value) {
      setPath(allowNational ? [NATIONAL] : [])
      return
    }
    if (emitted.current === value) return
    let live = true
    ;(async () => {
      const { region, ancestors } = await regionDetail(value)
      const chain = [...ancestors].sort((a, b) => a.level - b.level)
      ;[...chain, region].forEach((r) => names.current.set(r.code, r.name))
      let roots = optionsRef.current.length ? optionsRef.current : (await regionChildren(null)).map(toOption)
      roots = structuredClone(roots)
      let level = roots
      for (const a of chain) {
        let node = level.find((o) => o.value === a.code)
        if (!node) {
          node = { value: a.code, label: a.name, isLeaf: false }
          level.push(node)
        }
        if (!node.children) {
          const kids = await regionChildren(a.code)
          kids.forEach((r) => names.current.set(r.code, r.name))
          node.children = kids.map(toOption)
        }
        level = node.children
      }
      if (!level.some((o) => o.value === region.code)) level.push(toOption(region))
      if (!live) return
      setOptions(roots)
      setPath([...chain.map((a) => a.code), region.code])
    })().catch(() => {
      if (live) setPath([value])
    })
    return () => {
      live = false
    }
  }, [value, allowNational])

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1]
    if (!target || target.value === NATIONAL || target.children) return
    const kids = await regionChildren(target.value)
    kids.forEach((r) => names.current.set(r.code, r.name))
    setOptions((prev) => {
      const next = structuredClone(prev)
      const node = findOption(next, target.value)
      if (node) node.children = kids.map(toOption)
      if (node && kids.length === 0) node.isLeaf = true
      return next
    })
  }

  return (
    <Cascader<Option>
      id={id}
      options={allowNational ? [national, ...options] : options}
      value={path}
      loadData={(sel) => void loadData(sel as Option[])}
      changeOnSelect
      allowClear={false}
      disabled={disabled}
      placeholder={placeholder}
      style={{ minWidth: 220, ...style }}
      displayRender={(labels, selected) =>
        path[0] === NATIONAL ? national.label : (selected?.length ? selected.map((o) => o.label) : path.map((c, i) => names.current.get(c) ?? String(labels[i] ?? c))).join(' / ')
      }
      onChange={(v) => {
        const codes = (v ?? []) as string[]
        const last = codes[codes.length - 1]
        if (!last || last === NATIONAL) {
          setPath(allowNational ? [NATIONAL] : [])
          emitted.current = null
          onChange(null, null)
          return
        }
        setPath(codes)
        emitted.current = last
        onChange(last, names.current.get(last) ?? null)
      }}
      data-testid={rest['data-testid']}
    />
  )
}
