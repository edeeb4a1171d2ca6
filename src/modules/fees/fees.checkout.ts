/**
 * The simulated provider's checkout page (模拟支付平台). A plain HTML form posting urlencoded to
 * the notification endpoint: the CSP allows no inline script, and none is needed.
 */
import { formatYuan } from './fees.quote.js'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export interface CheckoutView {
  orderId: number
  orderNumber: string
  caseNumber: string
  payerName: string
  amountCents: number
  status: 'unpaid' | 'paid' | 'waived' | 'cancelled'
  providerRef: string
  sig: string
}

const STYLE = `body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans SC",sans-serif;background:#f0f2f5;margin:0;padding:24px 12px;color:#1f1f1f}
.card{max-width:420px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 4px rgba(0,0,0,.1)}
h1{font-size:20px;margin:0 0 4px}.note{color:#8c8c8c;font-size:13px;margin:0 0 20px}
dl{display:grid;grid-template-columns:6em 1fr;gap:8px;margin:0 0 20px}dt{color:#595959}dd{margin:0}
.amount{font-size:28px;color:#cf1322;font-weight:600}
button{width:100%;padding:12px;font-size:16px;border:0;border-radius:6px;background:#1677ff;color:#fff;cursor:pointer}
.done{color:#389e0d;font-size:16px}`

export function checkoutHtml(v: CheckoutView): string {
  const payable = v.status === 'unpaid'
  const body = payable
    ? `<form method="post" action="/api/fees/simulated/notify">
<input type="hidden" name="orderId" value="${v.orderId}">
<input type="hidden" name="amountCents" value="${v.amountCents}">
<input type="hidden" name="providerRef" value="${esc(v.providerRef)}">
<input type="hidden" name="sig" value="${esc(v.sig)}">
<button type="submit">确认支付</button>
</form>`
    : `<p class="done">${v.status === 'paid' ? '该缴费单已支付，无需重复支付。' : '该缴费单无需支付。'}</p>`
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>模拟支付平台</title><style>${STYLE}</style></head>
<body><div class="card">
<h1>模拟支付平台</h1>
<p class="note">演示环境：不会发生真实扣款</p>
<dl>
<dt>缴费单号</dt><dd>${esc(v.orderNumber)}</dd>
<dt>办件编号</dt><dd>${esc(v.caseNumber)}</dd>
<dt>缴款人</dt><dd>${esc(v.payerName)}</dd>
<dt>支付金额</dt><dd class="amount">${esc(formatYuan(v.amountCents))}</dd>
</dl>
${body}
</div></body></html>`
}
