// Payments behind one interface. The embedded gateway of the default set-up plays the provider:
// it issues a payment reference, shows a confirmation page, and calls back with a signed message.
// A real provider (VNPay, the National Public Service Portal's payment platform) implements the
// same two methods; the callback is verified and applied idempotently either way.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const PaymentCallback = z.strictObject({
  reference: z.string().min(1).max(100),
  dossierId: z.string().min(1).max(100),
  amount: z.number().int().nonnegative(),
  status: z.enum(['paid', 'failed']),
  signature: z.string().min(1).max(200),
});
export type PaymentCallback = z.infer<typeof PaymentCallback>;

export interface PaymentGateway {
  readonly name: string;
  /** Starts a payment; the citizen goes to `url` to pay. */
  start(request: { dossierId: string; amount: number }): { reference: string; url: string };
  /** True when the callback really comes from the provider (signature over its fields). */
  verify(callback: PaymentCallback): boolean;
}

export class EmbeddedGateway implements PaymentGateway {
  readonly name = 'embedded';
  constructor(private readonly secret: Buffer) {}

  private mac(c: Omit<PaymentCallback, 'signature'>): string {
    return createHmac('sha256', this.secret).update(`pay|${c.reference}|${c.dossierId}|${c.amount}|${c.status}`).digest('base64url');
  }

  /** The reference names the payment started: `EMB-<random>.<MAC over random, dossier, amount>` (stateless, any process can check it). */
  private referenceMac(nonce: string, dossierId: string, amount: number): string {
    return createHmac('sha256', this.secret).update(`ref|${nonce}|${dossierId}|${amount}`).digest('base64url').slice(0, 32);
  }

  start(request: { dossierId: string; amount: number }): { reference: string; url: string } {
    const nonce = randomBytes(9).toString('base64url');
    const reference = `EMB-${nonce}.${this.referenceMac(nonce, request.dossierId, request.amount)}`;
    return { reference, url: `/pay/${reference}?dossier=${encodeURIComponent(request.dossierId)}&amount=${request.amount}` };
  }

  /**
   * What the embedded provider sends back once the citizen confirms (used by its own page) —
   * signed only for a payment this gateway started, for that dossier and that amount; anything
   * else (an invented reference, another amount) gets no valid signature and is not recorded.
   */
  callbackFor(c: Omit<PaymentCallback, 'signature'>): PaymentCallback {
    const m = /^EMB-([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(c.reference);
    const expected = m ? Buffer.from(this.referenceMac(m[1]!, c.dossierId, c.amount)) : undefined;
    const started = m !== null && expected !== undefined && expected.length === Buffer.from(m[2]!).length && timingSafeEqual(expected, Buffer.from(m[2]!));
    return { ...c, signature: started ? this.mac(c) : '' };
  }

  verify(callback: PaymentCallback): boolean {
    const { signature, ...rest } = callback;
    const expected = Buffer.from(this.mac(rest));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
