import dayjs from 'dayjs'

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

export function weekdayName(date: string | dayjs.Dayjs): string {
  return WEEKDAYS[dayjs(date).day()]!
}

export function fmtDate(date: string | null | undefined): string {
  return date ? dayjs(date).format('YYYY-MM-DD') : '—'
}

export function fmtDateTime(at: string | null | undefined): string {
  return at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '—'
}

/** 2026年12月14日（周一） */
export function fmtLongDate(date: string): string {
  return `${dayjs(date).format('YYYY年M月D日')}（${weekdayName(date)}）`
}

/** An applicant's ID number or credit code shown on screen: 3714**********1236 (like the server's logs). */
export function maskCode(s: string): string {
  return s.length > 8 ? `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}` : s
}
