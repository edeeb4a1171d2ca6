/**
 * Every table on the supervision, ratings and statistics pages exports to xlsx through this one
 * helper: a header row in Chinese, one row per record, column widths from the header, frozen header.
 */
import ExcelJS from 'exceljs'
import type { FastifyReply } from 'fastify'

export interface XlsxColumn<T> {
  /** the column's Chinese header */
  header: string
  /** the cell's value: text, number, or a Date (written as a date cell) */
  value: (row: T) => string | number | Date | null | undefined
  /** width in characters (default: from the header, at least 10) */
  width?: number
}

/** Builds one worksheet as an xlsx buffer. */
export async function xlsxBuffer<T>(sheetName: string, columns: readonly XlsxColumn<T>[], rows: readonly T[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.created = new Date(0)
  // Excel limits sheet names to 31 characters and forbids []:*?/\
  const ws = wb.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31))
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }))
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  for (const row of rows) ws.addRow(columns.map((c) => c.value(row) ?? null))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Sends an xlsx download with a Chinese file name (RFC 5987) and an ASCII fallback. */
export async function sendXlsx<T>(
  reply: FastifyReply,
  fileName: string,
  sheetName: string,
  columns: readonly XlsxColumn<T>[],
  rows: readonly T[],
): Promise<FastifyReply> {
  const buf = await xlsxBuffer(sheetName, columns, rows)
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`)}`)
    .send(buf)
}
