/**
 * Fees (一费制): the case's fees computed from the item's rules with policy exemptions into one fee
 * order; payments recorded at the window or through a payment provider (a simulated one for the
 * demo). Other modules use fees only through this file.
 */
import type { AppModule } from '../../server/module.js'
import { feesRoutes } from './fees.routes.js'

export { EXEMPTIONS, quoteFees, quoteIsConsistent, formatYuan, tieredAmount, type FeeLine, type FeeQuote } from './fees.quote.js'
export {
  createFeeOrder,
  feeOrderOfCase,
  cancelFeeOrder,
  feesSettled,
  STATUS_NAMES as FEE_ORDER_STATUS_NAMES,
  METHOD_NAMES as PAYMENT_METHOD_NAMES,
  type FeeOrder,
  type PaymentDto,
} from './fees.service.js'
export type { PaymentProvider, ProviderNotification, CheckoutOrder } from './fees.provider.js'
export { FeeOrderSchema, FeeQuoteSchema, FeeLineSchema } from './fees.schemas.js'
export { FeesErrors } from './fees.errors.js'

export const feesModule: AppModule = { name: 'fees', routes: feesRoutes }
