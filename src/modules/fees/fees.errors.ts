import { defineErrors } from '../../server/errors.js'

/** The fees module's closed set of error codes (mapped to HTTP by the one error handler). */
export const FeesErrors = defineErrors({
  /** a quantity that is not a whole number, or outside the rule's range */
  INVALID_QUANTITY: 400,
  /** a quantity given for a fee rule the item does not have */
  UNKNOWN_FEE_RULE: 400,
  /** an exemption key that is not one of the known policies (EXEMPTIONS) */
  UNKNOWN_EXEMPTION: 400,
  /** the item's fee rule itself is malformed (negative price, tiers out of order) */
  INVALID_FEE_RULE: 400,
  /** a quote whose lines and totals do not add up: a fee order is made only from quoteFees */
  INVALID_QUOTE: 400,
  /** a payment-provider callback whose signature does not verify */
  BAD_SIGNATURE: 400,
  /** an unknown payment provider */
  UNKNOWN_PROVIDER: 400,
  /** a payment whose amount differs from the order's payable amount (no charge outside the rules) */
  AMOUNT_MISMATCH: 409,
  /** the order is paid already */
  ALREADY_PAID: 409,
  /** the order is cancelled or waived: nothing to pay */
  ORDER_NOT_PAYABLE: 409,
  /** the case has its fee order already (一费制: one order per case) */
  FEE_ORDER_EXISTS: 409,
  /** the order cannot be cancelled (paid already) */
  ORDER_NOT_CANCELLABLE: 409,
})
