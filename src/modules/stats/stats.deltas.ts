/**
 * Rollups maintained by difference. A refresh batch subtracts what each changed record's old fact
 * contributed and adds what its new fact contributes; the differences are summed per rollup key in
 * memory and written with one `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE SET m = m + excluded.m`
 * per table. The cost of a refresh follows the number of changed records, never the size of history.
 */
import { sql } from 'kysely'
import type { Trx } from '../../server/context.js'
import { MEASURES, type Measure } from './stats.tables.js'

const M = MEASURES.length
const IDX = Object.fromEntries(MEASURES.map((m, i) => [m, i])) as Record<Measure, number>

type KeyType = 'text' | 'bigint' | 'smallint' | 'boolean'

interface TableSpec {
  table: string
  keys: readonly (readonly [string, KeyType])[]
  measures: readonly string[]
}

const UNIT_KEY = [['unit_id', 'bigint'], ['window_id', 'bigint'], ['channel', 'text'], ['level', 'smallint']] as const
const ITEM_KEY = [['item_id', 'bigint'], ['unit_id', 'bigint'], ['window_id', 'bigint'], ['level', 'smallint']] as const
const STAFF_MEASURES = ['steps', 'on_time', 'early', 'workdays', 'ratings', 'satisfied', 'bad', 'alerts', 'yellow', 'red'] as const
export type StaffMeasure = (typeof STAFF_MEASURES)[number]
const STAFF_IDX = Object.fromEntries(STAFF_MEASURES.map((m, i) => [m, i])) as Record<StaffMeasure, number>

const SPECS = {
  unitDay: { table: 'stats_unit_day', keys: [['day', 'text'], ...UNIT_KEY], measures: MEASURES },
  unitMonth: { table: 'stats_unit_month', keys: [['month', 'text'], ...UNIT_KEY], measures: MEASURES },
  unitTotal: { table: 'stats_unit_total', keys: UNIT_KEY, measures: MEASURES },
  itemDay: { table: 'stats_item_day', keys: [['day', 'text'], ...ITEM_KEY], measures: MEASURES },
  itemMonth: { table: 'stats_item_month', keys: [['month', 'text'], ...ITEM_KEY], measures: MEASURES },
  itemTotal: { table: 'stats_item_total', keys: ITEM_KEY, measures: MEASURES },
  staffDay: { table: 'stats_staff_day', keys: [['day', 'text'], ['user_id', 'bigint'], ['unit_id', 'bigint']], measures: STAFF_MEASURES },
  open: { table: 'stats_open', keys: [['region_code', 'text'], ['unit_id', 'bigint'], ['due', 'text'], ['paused', 'boolean']], measures: ['n'] },
} as const satisfies Record<string, TableSpec>
type Target = keyof typeof SPECS

interface Acc {
  /** the key's columns, and the same joined (the map key and the sort order of the writes) */
  key: unknown[]
  k: string
  v: number[]
}

/** Where a unit / item contribution lands: the dimensions of the record it comes from. */
export interface UnitDims {
  unit_id: number
  window_id: number
  channel: string
  level: number
}
export interface ItemDims extends UnitDims {
  item_id: number
}

export class Deltas {
  private readonly maps = new Map<Target, Map<string, Acc>>()

  /** `active` false: the rollups are being rebuilt from the facts (rebuildRollups), nothing to apply. */
  constructor(private readonly active = true) {}

  /** The accumulator of one key (`k` its columns joined; `key` builds the columns when it is new). */
  private acc(target: Target, k: string, key: () => unknown[], width: number): number[] {
    let m = this.maps.get(target)
    if (!m) this.maps.set(target, (m = new Map()))
    let a = m.get(k)
    if (!a) m.set(k, (a = { key: key(), k, v: new Array<number>(width).fill(0) }))
    return a.v
  }

  /** Adds `amount` of `measure` on `day` to the unit rollups (day, month, all-time), and to the item rollups when `item` is given. */
  add(day: string, measure: Measure, amount: number, u: UnitDims, item?: number): void {
    if (amount === 0 || !this.active) return
    const i = IDX[measure]
    const month = day.slice(0, 7)
    const uk = `${u.unit_id}|${u.window_id}|${u.channel}|${u.level}`
    this.acc('unitDay', `${day}|${uk}`, () => [day, u.unit_id, u.window_id, u.channel, u.level], M)[i]! += amount
    this.acc('unitMonth', `${month}|${uk}`, () => [month, u.unit_id, u.window_id, u.channel, u.level], M)[i]! += amount
    this.acc('unitTotal', uk, () => [u.unit_id, u.window_id, u.channel, u.level], M)[i]! += amount
    if (item !== undefined) {
      const ik = `${item}|${u.unit_id}|${u.window_id}|${u.level}`
      this.acc('itemDay', `${day}|${ik}`, () => [day, item, u.unit_id, u.window_id, u.level], M)[i]! += amount
      this.acc('itemMonth', `${month}|${ik}`, () => [month, item, u.unit_id, u.window_id, u.level], M)[i]! += amount
      this.acc('itemTotal', ik, () => [item, u.unit_id, u.window_id, u.level], M)[i]! += amount
    }
  }

  staff(day: string, userId: number, unitId: number, measure: StaffMeasure, amount: number): void {
    if (amount === 0 || !userId || !this.active) return
    this.acc('staffDay', `${day}|${userId}|${unitId}`, () => [day, userId, unitId], STAFF_MEASURES.length)[STAFF_IDX[measure]]! += amount
  }

  open(regionCode: string, unitId: number, due: string, paused: boolean, amount: number): void {
    if (amount === 0 || !this.active) return
    this.acc('open', `${regionCode}|${unitId}|${due}|${paused}`, () => [regionCode, unitId, due, paused], 1)[0]! += amount
  }

  get size(): number {
    let n = 0
    for (const m of this.maps.values()) n += m.size
    return n
  }

  /** Writes every non-zero difference (one statement per table) and empties the accumulator. */
  async flush(trx: Trx): Promise<void> {
    await this.invalidateExpectations(trx)
    for (const [target, m] of this.maps) {
      const spec: TableSpec = SPECS[target]
      const rows = [...m.values()].filter((a) => a.v.some((x) => x !== 0))
      // sorted keys: concurrent writers (there are none under the watermark lock, but a direct call
      // beside the sweep waits on it) would take row locks in one order
      rows.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
      for (let from = 0; from < rows.length; from += 20_000) {
        const chunk = rows.slice(from, from + 20_000)
        const keyArrays = spec.keys.map(([, type], ki) => sql`${chunk.map((r) => r.key[ki])}::${sql.raw(type)}[]`)
        const measureArrays = spec.measures.map((_, mi) => sql`${chunk.map((r) => r.v[mi])}::bigint[]`)
        const cols = [...spec.keys.map(([c]) => c), ...spec.measures]
        await sql`
          INSERT INTO ${sql.table(spec.table)} (${sql.join(cols.map((c) => sql.ref(c)))})
          SELECT * FROM unnest(${sql.join([...keyArrays, ...measureArrays])})
          ON CONFLICT (${sql.join(spec.keys.map(([c]) => sql.ref(c)))})
          DO UPDATE SET ${sql.join(spec.measures.map((c) => sql`${sql.ref(c)} = ${sql.table(spec.table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`))}`.execute(trx)
      }
    }
    this.maps.clear()
  }

  /** The fair view's kept expectations whose window holds a changed item figure are deleted. */
  private async invalidateExpectations(trx: Trx): Promise<void> {
    let min: string | null = null
    let max: string | null = null
    const see = (from: string, to: string) => {
      if (min === null || from < min) min = from
      if (max === null || to > max) max = to
    }
    for (const a of this.maps.get('itemDay')?.values() ?? []) if (a.v.some((x) => x !== 0)) see(a.key[0] as string, a.key[0] as string)
    for (const a of this.maps.get('itemMonth')?.values() ?? []) if (a.v.some((x) => x !== 0)) see(`${a.key[0] as string}-01`, `${a.key[0] as string}-31`)
    if (min === null) return
    await sql`DELETE FROM stats_item_expect_window WHERE from_day <= ${max} AND to_day >= ${min}`.execute(trx)
  }
}
