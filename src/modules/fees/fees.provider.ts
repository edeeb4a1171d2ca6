/**
 * Payment providers (网上支付): the order is paid through a provider's checkout page, and the
 * provider tells us with a signed notification. Only the demo's simulated provider exists; a real
 * one (UnionPay, a bank gateway) implements the same interface with its own signature scheme.
 */
import crypto from 'node:crypto'
import { FeesErrors } from './fees.errors.js'

export interface CheckoutOrder {
  id: number
  number: string
  payableCents: number
}

/** What a verified notification says: this order was paid this amount, under this transaction number. */
export interface ProviderNotification {
  orderId: number
  amountCents: number
  providerRef: string
}

export interface PaymentProvider {
  name: string
  displayName: string
  /** where to send the applicant to pay (relative to the site, or absolute for an outside provider) */
  checkoutUrl(order: CheckoutOrder): string
  /** verifies the provider's notification; throws BAD_SIGNATURE when it does not verify */
  verifyNotification(body: unknown): ProviderNotification
}

function hmac(secret: string, text: string): string {
  return crypto.createHmac('sha256', secret).update(text, 'utf8').digest('hex')
}

function sameHex(a: string, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length || !/^[0-9a-f]+$/.test(a)) return false
  return crypto.timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'))
}

/** The simulated provider of the demo: its checkout page is served by us, and signs with the payment secret. */
export class SimulatedProvider implements PaymentProvider {
  readonly name = 'simulated'
  readonly displayName = '模拟支付平台'
  constructor(private readonly secret: string) {}

  checkoutSig(orderId: number): string {
    return hmac(this.secret, `checkout:${orderId}`)
  }

  checkoutSigOk(orderId: number, sig: string): boolean {
    return sameHex(sig, this.checkoutSig(orderId))
  }

  notificationSig(n: ProviderNotification): string {
    return hmac(this.secret, `notify:${n.orderId}:${n.amountCents}:${n.providerRef}`)
  }

  checkoutUrl(order: CheckoutOrder): string {
    return `/api/fees/simulated/checkout?order=${order.id}&sig=${this.checkoutSig(order.id)}`
  }

  /** A fresh transaction number for one checkout. */
  newReference(): string {
    return `SIM${crypto.randomBytes(8).toString('hex').toUpperCase()}`
  }

  verifyNotification(body: unknown): ProviderNotification {
    const b = (body ?? {}) as Record<string, unknown>
    const n: ProviderNotification = { orderId: Number(b.orderId), amountCents: Number(b.amountCents), providerRef: String(b.providerRef ?? '') }
    if (!Number.isSafeInteger(n.orderId) || !Number.isSafeInteger(n.amountCents) || !n.providerRef || !sameHex(String(b.sig ?? ''), this.notificationSig(n))) {
      throw FeesErrors.BAD_SIGNATURE('支付通知签名校验失败')
    }
    return n
  }
}
