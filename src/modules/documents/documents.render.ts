/**
 * The PDF of a notice or result, a pure function of its input (deterministic: the same input gives
 * the same bytes; documents.pdf.ts renders it from the stored row): A4, Noto Sans SC (regular + bold, embedded as subsets), the issuing
 * unit as letterhead, title, document number, case number, fields table, paragraphs, numbered list,
 * seal line and date, footer, and the verification QR code at the top right of page 1.
 */
import { createRequire } from 'node:module'
import fs from 'node:fs'
import PDFDocument from 'pdfkit'
import * as fontkit from 'fontkit'
import type { DocumentBody } from './index.js'

const require = createRequire(import.meta.url)
let fonts: { regular: Buffer; bold: Buffer } | null = null
/** Noto Sans SC regular and bold, read once: every PDF the platform makes (notices, results, reports) uses them. */
export function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  }
  return fonts
}

type ParsedFont = ReturnType<typeof fontkit.create>
let parsed: { regular: ParsedFont; bold: ParsedFont } | null = null
/**
 * The fonts parsed once (fontkit) and shared by every document: pdfkit takes a parsed font as well as
 * its bytes, and parsing the CJK font's tables was most of a notice's rendering time (each document
 * still embeds its own subset).
 */
function parsedFonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (!parsed) {
    const f = loadFonts()
    parsed = { regular: fontkit.create(f.regular), bold: fontkit.create(f.bold) }
  }
  return parsed
}

export interface RenderInput {
  unitName: string
  title: string
  docNumber: string
  caseNumber: string
  applicantName: string
  body: DocumentBody
  /** the date printed on the document, '2026年11月21日' */
  dateText: string
  issuedAt: Date
  verificationUrl: string
  verificationCode: string
  qrPng: Buffer
}

/** '2026-11-21' → '2026年11月21日' */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

const RED = '#b40000'
const INK = '#111111'
const GREY = '#555555'

export async function renderDocumentPdf(input: RenderInput): Promise<Buffer> {
  const f = parsedFonts()
  const margin = 60
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 56, left: margin, right: margin },
    // every entry fixed (pdfkit's defaults put the render time in CreationDate, and the file ID is a
    // hash of these): the same document renders to the same bytes, whenever and wherever it is rendered
    info: { Producer: 'PDFKit', Creator: 'OneWindow', Title: input.title, Author: input.unitName, Subject: input.docNumber, Keywords: input.caseNumber, CreationDate: input.issuedAt, ModDate: input.issuedAt },
    bufferPages: false,
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', f.regular as unknown as Buffer)
  doc.registerFont('cjk-bold', f.bold as unknown as Buffer)

  const pageW = doc.page.width
  const contentW = pageW - 2 * margin
  const bottom = () => doc.page.height - doc.page.margins.bottom
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage()
  }

  // QR code, top right of page 1, with the code under it
  const qrSize = 84
  const qrX = pageW - margin - qrSize + 6
  const qrY = 36
  doc.image(input.qrPng, qrX, qrY, { width: qrSize, height: qrSize })
  doc.font('cjk').fontSize(7.5).fillColor(GREY)
  doc.text(input.verificationCode, qrX - 10, qrY + qrSize + 1, { width: qrSize + 20, align: 'center', lineBreak: false })
  doc.text('扫码核验真伪', qrX - 10, qrY + qrSize + 11, { width: qrSize + 20, align: 'center', lineBreak: false })

  // letterhead: centred, keeping clear of the QR code on both sides
  const side = qrSize + 16
  doc.font('cjk-bold').fontSize(20).fillColor(RED)
  doc.text(input.unitName, margin + side, 62, { width: contentW - 2 * side, align: 'center' })
  const ruleY = Math.max(doc.y + 10, qrY + qrSize + 26)
  doc.moveTo(margin, ruleY).lineTo(pageW - margin, ruleY).lineWidth(2).strokeColor(RED).stroke()
  doc.moveTo(margin, ruleY + 4).lineTo(pageW - margin, ruleY + 4).lineWidth(0.6).strokeColor(RED).stroke()

  // title and numbers
  doc.font('cjk-bold').fontSize(22).fillColor(INK)
  doc.text(input.title, margin, ruleY + 22, { width: contentW, align: 'center' })
  doc.moveDown(0.3)
  doc.font('cjk').fontSize(11).fillColor(INK)
  doc.text(input.docNumber, { width: contentW, align: 'center' })
  doc.moveDown(0.4)
  doc.fontSize(10.5).fillColor(GREY).text(`办件编号：${input.caseNumber}`, { width: contentW, align: 'right' })
  doc.moveDown(0.8)

  // addressee and paragraphs
  doc.font('cjk').fontSize(12).fillColor(INK)
  if (input.applicantName) doc.text(`${input.applicantName}：`, margin, doc.y, { width: contentW })
  doc.moveDown(0.3)
  for (const p of input.body.paragraphs) {
    ensure(20)
    doc.text(p, margin, doc.y, { width: contentW, indent: 24, lineGap: 4, align: 'justify' })
    doc.moveDown(0.4)
  }

  // fields table
  const fields = input.body.fields ?? []
  if (fields.length > 0) {
    doc.moveDown(0.3)
    const labelW = 120
    const pad = 5
    doc.fontSize(10.5)
    for (const [label, value] of fields) {
      const h = Math.max(doc.font('cjk-bold').heightOfString(label, { width: labelW - 2 * pad }), doc.font('cjk').heightOfString(value || ' ', { width: contentW - labelW - 2 * pad })) + 2 * pad
      ensure(h)
      const y = doc.y
      doc.rect(margin, y, labelW, h).fillAndStroke('#f3f3f3', '#999999')
      doc.rect(margin + labelW, y, contentW - labelW, h).lineWidth(0.6).strokeColor('#999999').stroke()
      doc.fillColor(INK).font('cjk-bold').text(label, margin + pad, y + pad, { width: labelW - 2 * pad })
      doc.font('cjk').text(value || ' ', margin + labelW + pad, y + pad, { width: contentW - labelW - 2 * pad })
      doc.x = margin
      doc.y = y + h
    }
    doc.moveDown(0.8)
  }

  // numbered list
  if (input.body.list && input.body.list.items.length > 0) {
    ensure(40)
    doc.font('cjk-bold').fontSize(12).fillColor(INK).text(input.body.list.title, margin, doc.y, { width: contentW })
    doc.moveDown(0.2)
    doc.font('cjk').fontSize(11.5)
    input.body.list.items.forEach((item, i) => {
      ensure(18)
      doc.text(`${i + 1}. ${item}`, margin + 12, doc.y, { width: contentW - 12, lineGap: 3 })
    })
    doc.moveDown(0.8)
  }

  // seal line and date
  ensure(70)
  doc.moveDown(1)
  doc.font('cjk').fontSize(12).fillColor(INK)
  doc.text(`（盖章）${input.unitName}`, margin, doc.y, { width: contentW, align: 'right' })
  doc.moveDown(0.3)
  doc.text(input.dateText, margin, doc.y, { width: contentW, align: 'right' })
  doc.moveDown(1.2)

  // footer lines and the verification note
  const footer = [...(input.body.footer ?? []), `本文书可扫描二维码或访问 ${input.verificationUrl} 核验真伪。`]
  ensure(30)
  doc.moveTo(margin, doc.y).lineTo(pageW - margin, doc.y).lineWidth(0.5).strokeColor('#bbbbbb').stroke()
  doc.moveDown(0.4)
  doc.font('cjk').fontSize(9.5).fillColor(GREY)
  for (const line of footer) {
    ensure(14)
    doc.text(line, margin, doc.y, { width: contentW, lineGap: 2 })
  }
  doc.end()
  return finished
}
