/**
 * The monthly e-supervision report (电子监察月报) as a PDF: the month's KPIs, cases by department,
 * alerts by kind, yellow and red cards, the department ranking's top and bottom, bad reviews and
 * their rectification. pdfkit with Noto Sans SC (the font the documents module uses).
 */
import PDFDocument from 'pdfkit'
import { sql } from 'kysely'
import type { Actor, Deps } from '../../server/context.js'
import { scopeOf } from '../org/index.js'
import { ALERT_KINDS } from '../supervision/index.js'
import { RECTIFICATION_STATUS_NAMES } from '../evaluation/index.js'
import { pdfFonts as loadFonts } from '../documents/index.js'
import * as repo from './stats.repository.js'
import { periodRange } from './stats.kpis.js'
import { breakdownFor, kpisFor, RANK_ROLES, rankingFor, scopeSql } from './stats.service.js'
import { StatsErrors } from './stats.errors.js'
import type { KpiSet } from './stats.types.js'


export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)
export const num = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d))

export interface ReportData {
  month: string
  scopeName: string
  kpis: KpiSet
  departments: { name: string; accepted: number; completed: number; onTimeRate: number | null; avgWorkdays: number | null; overdue: number; badReviews: number }[]
  alertsByKind: { name: string; count: number }[]
  top: { rank: number; name: string; score: number }[]
  bottom: { rank: number; name: string; score: number }[]
  rectifications: { name: string; count: number }[]
}

export async function reportData(deps: Deps, actor: Actor, month: string): Promise<ReportData> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw StatsErrors.VALIDATION_ERROR('月份格式应为 YYYY-MM')
  const r = periodRange('month', `${month}-01`)
  const scope = scopeOf(actor, RANK_ROLES)
  const where = scopeSql(scope)
  const kpis = await kpisFor(deps, where, 'month', r.from)
  const depts = await breakdownFor(deps, where, 'department', 'month', r.from)
  const ranking = await rankingFor(deps, scope, 'department', 'month', r.from, true)
  const from = new Date(`${r.from}T00:00:00+08:00`)
  const to = new Date(new Date(`${r.to}T00:00:00+08:00`).getTime() + 86_400_000)
  const unitFilter = sql`EXISTS (SELECT 1 FROM org_unit u LEFT JOIN org_unit w ON false WHERE u.id = x.unit_id AND ${where})`
  const alertsByKind: ReportData['alertsByKind'] = []
  if (await repo.tableExists(deps.db, 'public.supervision_alert')) {
    const rows = (await sql<{ kind: string; n: string }>`SELECT x.kind, count(*) n FROM supervision_alert x WHERE x.raised_at >= ${from} AND x.raised_at < ${to} AND ${unitFilter} GROUP BY x.kind ORDER BY count(*) DESC, x.kind`.execute(deps.db)).rows
    for (const a of rows) alertsByKind.push({ name: (ALERT_KINDS as Record<string, { name: string }>)[a.kind]?.name ?? a.kind, count: Number(a.n) })
  }
  const rectifications: ReportData['rectifications'] = []
  if (await repo.tableExists(deps.db, 'public.rectification')) {
    const rows = (await sql<{ status: string; n: string }>`SELECT x.status, count(*) n FROM rectification x WHERE x.created_at >= ${from} AND x.created_at < ${to} AND ${unitFilter} GROUP BY x.status ORDER BY x.status`.execute(deps.db)).rows
    for (const a of rows) rectifications.push({ name: (RECTIFICATION_STATUS_NAMES as Record<string, string>)[a.status] ?? a.status, count: Number(a.n) })
  }
  const rows = ranking.rows
  const top = rows.slice(0, 3).map((x) => ({ rank: x.rank, name: x.name, score: x.score }))
  const bottom = rows.length > 3 ? rows.slice(-Math.min(3, rows.length - 3)).map((x) => ({ rank: x.rank, name: x.name, score: x.score })) : []
  let scopeName = '全市'
  if (!scope.all) {
    const g = actor.grants.find((x) => RANK_ROLES.includes(x.role))
    scopeName = g?.unitName ?? (g?.regionCode ? ((await deps.db.selectFrom('region').select('name').where('code', '=', g.regionCode).executeTakeFirst())?.name ?? g.regionCode) : '本级')
  }
  return {
    month,
    scopeName,
    kpis,
    departments: depts.map((d) => ({ name: d.name, accepted: d.kpis.accepted, completed: d.kpis.completed, onTimeRate: d.kpis.onTimeRate, avgWorkdays: d.kpis.avgWorkdays, overdue: d.kpis.overdue, badReviews: d.kpis.badReviews })),
    alertsByKind,
    top,
    bottom,
    rectifications,
  }
}

export async function renderReport(d: ReportData): Promise<Buffer> {
  const f = loadFonts()
  const margin = 56
  const doc = new PDFDocument({ size: 'A4', margins: { top: 50, bottom: 56, left: margin, right: margin }, info: { Title: `电子监察月报 ${d.month}`, Author: d.scopeName } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', f.regular)
  doc.registerFont('cjk-bold', f.bold)
  const W = doc.page.width - 2 * margin
  const bottomY = () => doc.page.height - doc.page.margins.bottom
  const heading = (t: string) => {
    if (doc.y + 60 > bottomY()) doc.addPage()
    doc.moveDown(0.6).font('cjk-bold').fontSize(13).fillColor('#b40000').text(t, margin, doc.y, { width: W })
    doc.moveDown(0.3)
  }
  const table = (headers: string[], rows: (string | number)[][], widths: number[]) => {
    const total = widths.reduce((a, b) => a + b, 0)
    const ws = widths.map((w) => (w / total) * W)
    const line = (cells: (string | number)[], bold: boolean) => {
      if (doc.y + 20 > bottomY()) doc.addPage()
      const y = doc.y
      let x = margin
      doc.font(bold ? 'cjk-bold' : 'cjk').fontSize(9.5).fillColor('#111111')
      let h = 0
      cells.forEach((c, i) => {
        h = Math.max(h, doc.heightOfString(String(c), { width: ws[i]! - 6 }))
      })
      cells.forEach((c, i) => {
        doc.text(String(c), x + 3, y + 3, { width: ws[i]! - 6 })
        x += ws[i]!
      })
      doc.moveTo(margin, y + h + 6).lineTo(margin + W, y + h + 6).lineWidth(0.4).strokeColor('#999999').stroke()
      doc.x = margin
      doc.y = y + h + 8
    }
    line(headers, true)
    if (rows.length === 0) line(['（无）', ...headers.slice(1).map(() => '')], false)
    for (const r of rows) line(r, false)
  }
  const [y, m] = d.month.split('-')
  doc.font('cjk-bold').fontSize(20).fillColor('#b40000').text('电子监察月报', { width: W, align: 'center' })
  doc.font('cjk').fontSize(12).fillColor('#111111').text(`${d.scopeName}　${y}年${Number(m)}月（${d.kpis.from} 至 ${d.kpis.to}）`, { width: W, align: 'center' })
  const k = d.kpis
  heading('一、主要指标')
  table(
    ['指标', '数值', '指标', '数值'],
    [
      ['收件', k.received, '受理', k.accepted],
      ['办结', k.completed, '按时办结', k.completedOnTime],
      ['办结率', pct(k.completionRate), '按时办结率', pct(k.onTimeRate)],
      ['即办率', pct(k.instantRate), '件均办理工作日', num(k.avgWorkdays)],
      ['提速率', pct(k.speedUpRate), '满意率', pct(k.satisfactionRate)],
      ['超期件', k.overdue, '补正告知', k.corrections],
      ['网上受理', k.byChannel.online, '窗口受理', k.byChannel.window],
    ],
    [3, 2, 3, 2],
  )
  heading('二、各部门办件情况')
  table(
    ['部门', '受理', '办结', '按时办结率', '件均工作日', '超期', '差评'],
    d.departments.map((x) => [x.name, x.accepted, x.completed, pct(x.onTimeRate), num(x.avgWorkdays), x.overdue, x.badReviews]),
    [5, 1.4, 1.4, 2, 2, 1.4, 1.4],
  )
  heading('三、预警与亮牌')
  doc.font('cjk').fontSize(10.5).fillColor('#111111').text(`本月预警提示等 ${k.alerts} 条，黄牌 ${k.yellowCards} 张，红牌 ${k.redCards} 张。`, margin, doc.y, { width: W })
  doc.moveDown(0.3)
  table(['预警类别', '条数'], d.alertsByKind.map((a) => [a.name, a.count]), [5, 2])
  heading('四、效能排行（按事项难度校正）')
  table(['名次', '前列部门', '得分'], d.top.map((x) => [x.rank, x.name, x.score.toFixed(1)]), [1, 5, 2])
  doc.moveDown(0.3)
  table(['名次', '后列部门', '得分'], d.bottom.map((x) => [x.rank, x.name, x.score.toFixed(1)]), [1, 5, 2])
  heading('五、差评与整改')
  doc.font('cjk').fontSize(10.5).fillColor('#111111').text(`本月有效评价 ${k.ratings} 条，满意率 ${pct(k.satisfactionRate)}，差评 ${k.badReviews} 条。`, margin, doc.y, { width: W })
  doc.moveDown(0.3)
  table(['整改状态', '件数'], d.rectifications.map((x) => [x.name, x.count]), [5, 2])
  doc.end()
  return done
}
