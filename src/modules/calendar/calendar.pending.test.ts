import { describe, expect, it } from 'vitest'
import { loadPackageYears } from './calendar.data.js'
import { Calendar, NationalBase } from './calendar.index.js'
import { addOrPending, dueOrPending } from './calendar.pending.js'

const cal = new Calendar(new NationalBase(loadPackageYears()))

describe('deadlines beyond the published holiday data', () => {
  it('are pending (null) instead of guessed, while dates inside the data are computed as usual', () => {
    expect(dueOrPending(cal, { start: '2025-09-26', days: 5 })).toBe('2025-10-10')
    expect(addOrPending(cal, '2025-09-30', 1)).toBe('2025-10-09')
    // the package's data ends with 2026: 20 working days after 14 Dec 2026 fall in 2027
    expect(dueOrPending(cal, { start: '2026-12-14', days: 20 })).toBeNull()
    expect(addOrPending(cal, '2026-12-31', 1)).toBeNull()
  })

  it('still refuses bad input: only the missing year becomes pending', () => {
    expect(() => dueOrPending(cal, { start: '2026-02-30', days: 1 })).toThrow()
    expect(() => addOrPending(cal, 'yesterday', 1)).toThrow()
  })
})
